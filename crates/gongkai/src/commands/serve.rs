//! `gongkai serve`: the web UI and the JSON API.

use crate::args::ServeArgs;
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::say;
use crate::store;
use gongkai_check::Text;
use gongkai_serve::Config;
use std::net::SocketAddr;
use std::time::Duration;

pub fn run(args: ServeArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    if let Some(dir) = args.packs.as_deref().filter(|d| !d.is_dir()) {
        return Err(CliError::new(
            format!("规则包文件夹 {} 不存在", dir.display()),
            format!("the packs folder {} is not there", dir.display()),
        ));
    }
    // The store is there (or made, when asked) before the server listens.
    if args.create {
        store::create(&args.db)?;
    } else {
        store::open(&args.db)?;
    }
    let limits = &cx.limits;
    let config = Config {
        max_upload: limits.max_input as usize,
        timeout: Duration::from_secs(args.timeout),
        secure_cookies: args.secure_cookies,
        limits: *limits,
        trusted_proxies: args.trusted_proxy,
        max_connections: args.max_connections.max(1),
        upload_memory: args.upload_memory.saturating_mul(1 << 20),
        packs: args.packs,
        ..Config::new(&args.db, args.bind)
    };
    let config = Config {
        workers: args.workers.unwrap_or(config.workers).max(1),
        ..config
    };
    // The password of a PostgreSQL URL is not printed.
    let db = gongkai_serve::redacted(&args.db);
    let lang = cx.lang;
    let ready = move |addr: SocketAddr| {
        say(
            lang,
            &Text::new(
                format!("已启动：http://{addr}/ （数据库 {db}；按 Ctrl-C 停止）"),
                format!("serving {db} at http://{addr}/ (Ctrl-C stops)"),
            ),
        );
    };
    gongkai_serve::run(config, ready)
        .map_err(|e| CliError::new(format!("无法启动服务：{e}"), format!("cannot serve: {e}")))?;
    Ok(ExitStatus::Success)
}
