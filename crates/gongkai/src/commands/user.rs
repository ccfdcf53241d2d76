//! `gongkai user`: the web UI's accounts.

use crate::args::{UserAction, UserArgs};
use crate::context::Context;
use crate::error::{CliError, ExitStatus};
use crate::output::say;
use crate::store;
use gongkai_check::Text;
use gongkai_store::accounts::{self, AccountError, Role};
use gongkai_store::{Db, DbError};
use std::io::{BufRead, IsTerminal, Write};

pub fn run(args: UserArgs, cx: &Context) -> Result<ExitStatus, CliError> {
    let create = matches!(args.action, UserAction::Add { create: true, .. });
    let mut db = if create {
        store::create(&args.db)?
    } else {
        store::open(&args.db)?
    };
    let db = &mut db;
    let shown = |name: &str| gongkai_core::printable(name).into_owned();
    let done = match args.action {
        UserAction::Add { name, role, .. } => {
            let role = parse_role(&role)?;
            let name = accounts::check_name(&name)?;
            let hash = hash(&name, cx.lang)?;
            accounts::add_user(db, None, &name, &hash, role)?;
            Some(Text::new(
                format!("已添加用户「{}」（{role}）", shown(&name)),
                format!("user {} added ({role})", shown(&name)),
            ))
        }
        UserAction::Set {
            name,
            role,
            password,
        } => {
            let role = role.as_deref().map(parse_role).transpose()?;
            let user = named(db, &name)?;
            let hash = if password {
                Some(hash(&user.name, cx.lang)?)
            } else {
                None
            };
            accounts::update_user(db, None, user.id, role, hash.as_deref())?;
            Some(Text::new(
                format!("已修改用户「{}」", shown(&user.name)),
                format!("user {} changed", shown(&user.name)),
            ))
        }
        UserAction::Disable { name } => {
            let id = named(db, &name)?.id;
            accounts::set_disabled(db, None, id, true)?;
            Some(Text::new(
                format!("已停用用户「{}」", shown(&name)),
                format!("user {} disabled", shown(&name)),
            ))
        }
        UserAction::Enable { name } => {
            let id = named(db, &name)?.id;
            accounts::set_disabled(db, None, id, false)?;
            Some(Text::new(
                format!("已启用用户「{}」", shown(&name)),
                format!("user {} enabled", shown(&name)),
            ))
        }
        UserAction::Delete { name } => {
            let id = named(db, &name)?.id;
            accounts::delete_user(db, None, id)?;
            Some(Text::new(
                format!("已删除用户「{}」", shown(&name)),
                format!("user {} deleted", shown(&name)),
            ))
        }
        UserAction::Ls => {
            let mut out = std::io::stdout().lock();
            for u in accounts::users(db).map_err(store_error)? {
                let disabled = if u.disabled { "\tdisabled" } else { "" };
                writeln!(
                    out,
                    "{}\t{}{disabled}",
                    gongkai_core::printable(&u.name),
                    u.role
                )?;
            }
            None
        }
    };
    if let Some(done) = done {
        say(cx.lang, &done);
    }
    Ok(ExitStatus::Success)
}

/// A store error, said as the accounts say it.
fn store_error(e: DbError) -> CliError {
    AccountError::Store(e).into()
}

fn parse_role(r: &str) -> Result<Role, CliError> {
    r.parse::<Role>().map_err(CliError::both)
}

/// The user of this name (trimmed).
fn named(db: &mut Db, name: &str) -> Result<accounts::User, CliError> {
    accounts::find_user(db, name.trim())
        .map_err(store_error)?
        .ok_or_else(|| AccountError::NoSuchUser(name.trim().to_string()).into())
}

/// The password of `name`, read and held to the rules before it is hashed.
fn hash(name: &str, lang: gongkai_core::Lang) -> Result<String, CliError> {
    let p = password(lang).map_err(CliError::both)?;
    accounts::check_password(name, &p)?;
    gongkai_serve::hash_password(&p).map_err(CliError::both)
}

/// The password, from GONGKAI_PASSWORD, asked for on a terminal without showing what is typed,
/// or the first line of standard input.
fn password(lang: gongkai_core::Lang) -> Result<String, String> {
    if let Ok(p) = std::env::var("GONGKAI_PASSWORD") {
        return Ok(p);
    }
    if std::io::stdin().is_terminal() {
        let prompt = if lang.is_english() {
            "password: "
        } else {
            "密码："
        };
        return rpassword::prompt_password(prompt).map_err(|e| e.to_string());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
