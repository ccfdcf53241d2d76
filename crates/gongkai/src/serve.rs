//! `gongkai serve` (the web UI and JSON API) and `gongkai user` (its accounts).

use crate::cli::{say, Lang, EXIT_INPUT, EXIT_OK};
use clap::{Args, Subcommand};
use gongkai_serve::Config;
use gongkai_store::accounts::{self, AccountError, Role};
use std::io::BufRead;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// 数据库：sqlite:文件 或 postgres://… / the store: sqlite:PATH or postgres://…
    #[arg(long, default_value = gongkai_store::DEFAULT_DB, value_name = "URL")]
    db: String,
    /// 监听地址 / the address to listen on
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    bind: SocketAddr,
    /// 单个请求的时限（秒） / how long one request may take, in seconds
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    timeout: u64,
    /// 会话 Cookie 只经 HTTPS 发送（服务器位于 TLS 代理之后时使用） / send the session cookie over
    /// HTTPS only (behind a TLS proxy)
    #[arg(long)]
    secure_cookies: bool,
    /// 信任其 X-Forwarded-For 的代理地址（可多次给出） / a proxy whose X-Forwarded-For names the
    /// client (repeatable)
    #[arg(long, value_name = "IP")]
    trusted_proxy: Vec<std::net::IpAddr>,
    /// 同时读取、核对的报告数上限 / reports read and checked at once, at most
    #[arg(long, value_name = "N")]
    workers: Option<usize>,
    /// 同时保持的连接数上限 / client connections held at once, at most
    #[arg(long, default_value_t = 4096, value_name = "N")]
    max_connections: usize,
    /// 同时处理中的上传共可占用的内存（MB） / the memory the uploads being read at once may hold,
    /// in MB
    #[arg(long, default_value_t = 1024, value_name = "MB")]
    upload_memory: u64,
}

pub fn serve(args: ServeArgs, lang: Lang, limits: &gongkai_read::Limits) -> ExitCode {
    let config = Config {
        max_upload: limits.max_input as usize,
        timeout: Duration::from_secs(args.timeout),
        secure_cookies: args.secure_cookies,
        limits: *limits,
        trusted_proxies: args.trusted_proxy,
        max_connections: args.max_connections.max(1),
        upload_memory: args.upload_memory.saturating_mul(1 << 20),
        ..Config::new(&args.db, args.bind)
    };
    let config = Config {
        workers: args.workers.unwrap_or(config.workers).max(1),
        ..config
    };
    // The password of a PostgreSQL URL is not printed.
    let db = gongkai_serve::redacted(&args.db);
    let ready = move |addr: SocketAddr| {
        say(
            lang,
            format!("已启动：http://{addr}/ （数据库 {db}；按 Ctrl-C 停止）"),
            format!("serving {db} at http://{addr}/ (Ctrl-C stops)"),
        );
    };
    match gongkai_serve::run(config, ready) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => {
            say(
                lang,
                format!("无法启动服务：{e}"),
                format!("cannot serve: {e}"),
            );
            ExitCode::from(EXIT_INPUT)
        }
    }
}

#[derive(Args)]
pub struct UserArgs {
    #[command(subcommand)]
    action: UserAction,
    /// 数据库 / the store
    #[arg(long, global = true, default_value = gongkai_store::DEFAULT_DB, value_name = "URL")]
    db: String,
}

#[derive(Subcommand)]
enum UserAction {
    /// 新建用户；密码从环境变量 GONGKAI_PASSWORD 或标准输入的第一行读取 / add a user; the password
    /// is read from GONGKAI_PASSWORD or the first line of standard input
    ///
    /// 用户名最多 64 个字符，不能含控制字符、不可见字符或文字方向控制符；密码至少 8 个字符，不能全是
    /// 空白，不能与用户名相同。 / Names have at most 64 characters, with no control, invisible or
    /// text-direction characters; passwords have 8 characters or more, not only blanks, and are
    /// not the user name.
    Add {
        name: String,
        /// viewer（浏览）、editor（更正与标记）或 admin（管理） / viewer, editor or admin
        #[arg(long, default_value = "viewer")]
        role: String,
    },
    /// 修改角色或密码（--password 时从 GONGKAI_PASSWORD 或标准输入读取）；改密码会结束其会话 /
    /// change a user's role or password (which ends their sessions)
    Set {
        name: String,
        #[arg(long)]
        role: Option<String>,
        /// 设置新密码 / set a new password
        #[arg(long)]
        password: bool,
    },
    /// 停用用户：不能再登录，已有会话立即结束 / disable a user: they cannot log in, and their
    /// sessions end
    Disable { name: String },
    /// 重新启用停用的用户 / enable a disabled user again
    Enable { name: String },
    /// 删除用户；修改记录中仍保留其名字 / delete a user; the audit trail keeps their name
    Delete { name: String },
    /// 列出用户（停用的标明 disabled） / list the users (disabled ones marked so)
    Ls,
}

fn password() -> Result<String, String> {
    if let Ok(p) = std::env::var("GONGKAI_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Why a `gongkai user` command failed, in both languages.
struct Failure {
    zh: String,
    en: String,
}

impl From<AccountError> for Failure {
    fn from(e: AccountError) -> Failure {
        Failure {
            zh: e.zh(),
            en: e.en(),
        }
    }
}

impl From<gongkai_store::DbError> for Failure {
    fn from(e: gongkai_store::DbError) -> Failure {
        AccountError::Store(e).into()
    }
}

impl Failure {
    fn both(e: String) -> Failure {
        Failure {
            zh: e.clone(),
            en: e,
        }
    }
}

pub fn user(args: UserArgs, lang: Lang) -> ExitCode {
    let english = lang == Lang::En;
    let fail = |zh: String, en: String| {
        eprintln!("gongkai: {}", if english { en } else { zh });
        ExitCode::from(EXIT_INPUT)
    };
    let mut db = match gongkai_store::open(&args.db) {
        Ok(db) => db,
        Err(e) => {
            return fail(
                format!("无法打开数据库 {}：{e}", args.db),
                format!("cannot open the store {}: {e}", args.db),
            )
        }
    };
    let parse_role = |r: &str| r.parse::<Role>().map_err(Failure::both);
    // The password of `name`, read and held to the rules before it is hashed.
    let hash = |name: &str| -> Result<String, Failure> {
        let p = password().map_err(Failure::both)?;
        accounts::check_password(name, &p)?;
        gongkai_serve::hash_password(&p).map_err(Failure::both)
    };
    let named = |db: &mut gongkai_store::Db, name: &str| -> Result<accounts::User, Failure> {
        accounts::find_user(db, name.trim())?
            .ok_or_else(|| AccountError::NoSuchUser(name.trim().to_string()).into())
    };
    let done: Result<(), Failure> = (|| match args.action {
        UserAction::Add { name, role } => {
            let role = parse_role(&role)?;
            let name = accounts::check_name(&name)?;
            let hash = hash(&name)?;
            accounts::add_user(&mut db, None, &name, &hash, role)?;
            Ok(())
        }
        UserAction::Set {
            name,
            role,
            password,
        } => {
            let role = role.as_deref().map(parse_role).transpose()?;
            let user = named(&mut db, &name)?;
            let hash = if password {
                Some(hash(&user.name)?)
            } else {
                None
            };
            Ok(accounts::update_user(
                &mut db,
                None,
                user.id,
                role,
                hash.as_deref(),
            )?)
        }
        UserAction::Disable { name } => {
            let id = named(&mut db, &name)?.id;
            Ok(accounts::set_disabled(&mut db, None, id, true)?)
        }
        UserAction::Enable { name } => {
            let id = named(&mut db, &name)?.id;
            Ok(accounts::set_disabled(&mut db, None, id, false)?)
        }
        UserAction::Delete { name } => {
            let id = named(&mut db, &name)?.id;
            Ok(accounts::delete_user(&mut db, None, id)?)
        }
        UserAction::Ls => {
            for u in accounts::users(&mut db)? {
                let disabled = if u.disabled { "\tdisabled" } else { "" };
                println!("{}\t{}{disabled}", gongkai_core::printable(&u.name), u.role);
            }
            Ok(())
        }
    })();
    match done {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => fail(e.zh, e.en),
    }
}
