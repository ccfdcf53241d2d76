//! The web server's accounts, sessions and settings. Passwords arrive here already hashed and
//! session tokens already digested: the store never holds a secret that would let someone who
//! reads it log in.

use crate::db::{Db, DbError, Val};
use crate::drafts::record;
use std::fmt;
use std::str::FromStr;

/// What a user may do. Each role may do what the ones before it may.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Read the corpus, check reports and upload them for review.
    Viewer,
    /// Also correct cells and mark findings confirmed or dismissed.
    Editor,
    /// Also manage users and settings.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role {s:?}: viewer, editor or admin"))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: i64,
    pub name: String,
    /// The password's PHC string (argon2id).
    pub hash: String,
    pub role: Role,
    /// A disabled user cannot log in; their account and its history stay.
    pub disabled: bool,
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The columns [`user`] reads, in its order.
const USER: &str = "id, name, hash, role, disabled";

fn user(r: &[Val]) -> Option<User> {
    Some(User {
        id: r[0].int()?,
        name: r[1].text()?.to_string(),
        hash: r[2].text()?.to_string(),
        role: r[3].text()?.parse().ok()?,
        disabled: r[4].int()? != 0,
    })
}

/// The longest user name, in characters.
pub const MAX_NAME: usize = 64;
/// The shortest password, in characters.
pub const MIN_PASSWORD: usize = 8;

/// Why an account could not be made or changed.
#[derive(Debug)]
pub enum AccountError {
    /// The name is taken.
    Exists(String),
    /// No user of this name (or number).
    NoSuchUser(String),
    /// The name is empty after trimming.
    EmptyName,
    /// The name is longer than [`MAX_NAME`] characters.
    LongName,
    /// The name holds this character, which is invisible or changes how the text around it is
    /// shown: a control character, a text-direction control (U+202E), a zero-width space.
    HiddenInName(char),
    /// The password is only blanks.
    BlankPassword,
    /// The password is shorter than [`MIN_PASSWORD`] characters.
    ShortPassword,
    /// The password is the user's name.
    NameAsPassword,
    /// The change would leave the server without an active administrator.
    LastAdmin,
    Store(DbError),
}

impl AccountError {
    pub fn zh(&self) -> String {
        match self {
            AccountError::Exists(name) => format!("用户 {name} 已存在"),
            AccountError::NoSuchUser(name) => format!("没有用户 {name}"),
            AccountError::EmptyName => "用户名不能为空".into(),
            AccountError::LongName => format!("用户名最多 {MAX_NAME} 个字符"),
            AccountError::HiddenInName(c) => format!(
                "用户名不能含控制字符、不可见字符或文字方向控制符（含有 U+{:04X}）",
                *c as u32
            ),
            AccountError::BlankPassword => "密码不能全是空白".into(),
            AccountError::ShortPassword => format!("密码至少 {MIN_PASSWORD} 个字符"),
            AccountError::NameAsPassword => "密码不能与用户名相同".into(),
            AccountError::LastAdmin => {
                "不能停用、删除最后一位管理员或取消其管理员角色：请先让另一位用户成为管理员".into()
            }
            AccountError::Store(e) => format!("数据库出错：{e}"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            AccountError::Exists(name) => format!("user {name} exists"),
            AccountError::NoSuchUser(name) => format!("no user {name}"),
            AccountError::EmptyName => "the user name must not be empty".into(),
            AccountError::LongName => {
                format!("the user name must have at most {MAX_NAME} characters")
            }
            AccountError::HiddenInName(c) => format!(
                "the user name must not contain control characters, invisible characters or \
                 text-direction controls (it has U+{:04X})",
                *c as u32
            ),
            AccountError::BlankPassword => "the password must not be only blanks".into(),
            AccountError::ShortPassword => {
                format!("the password must have {MIN_PASSWORD} characters or more")
            }
            AccountError::NameAsPassword => {
                "the password must not be the user name".into()
            }
            AccountError::LastAdmin => "the last administrator cannot be disabled, deleted or \
                                        given another role: make another user an administrator first"
                .into(),
            AccountError::Store(e) => format!("store error: {e}"),
        }
    }
}

impl fmt::Display for AccountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.zh(), self.en())
    }
}

impl std::error::Error for AccountError {}

impl From<DbError> for AccountError {
    fn from(e: DbError) -> AccountError {
        AccountError::Store(e)
    }
}

/// Characters a name may not hold although they print nothing: they would let one name pass
/// for another, or turn the text of an audit line around it (U+202E shows `nimda` as `admin`).
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}'                      // Arabic letter mark
            | '\u{200B}'..='\u{200F}'       // zero-width spaces and joiners, LRM, RLM
            | '\u{2028}'..='\u{202E}'       // line and paragraph separators, embeddings, overrides
            | '\u{2060}'..='\u{206F}'       // word joiner, invisible operators, isolates
            | '\u{FEFF}')
}

/// The name as it is kept: trimmed, not empty, at most [`MAX_NAME`] characters, with no
/// control, invisible or text-direction character.
pub fn check_name(name: &str) -> Result<String, AccountError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AccountError::EmptyName);
    }
    if let Some(c) = name.chars().find(|&c| hidden(c)) {
        return Err(AccountError::HiddenInName(c));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AccountError::LongName);
    }
    Ok(name.to_string())
}

/// A password for the user `name`: not only blanks, at least [`MIN_PASSWORD`] characters,
/// and not the name itself (in any case, with any blanks around it).
pub fn check_password(name: &str, password: &str) -> Result<(), AccountError> {
    if password.trim().is_empty() {
        return Err(AccountError::BlankPassword);
    }
    if password.chars().count() < MIN_PASSWORD {
        return Err(AccountError::ShortPassword);
    }
    if password.trim().to_lowercase() == name.trim().to_lowercase() {
        return Err(AccountError::NameAsPassword);
    }
    Ok(())
}

/// Adds a user, recorded in the audit trail as done by `by` (`None`: on the server's command
/// line); an error when the name is not allowed or taken.
pub fn add_user(
    db: &mut Db,
    by: Option<i64>,
    name: &str,
    hash: &str,
    role: Role,
) -> Result<i64, AccountError> {
    let name = check_name(name)?;
    db.transaction(|db| {
        if find_user(db, &name)?.is_some() {
            return Err(AccountError::Exists(name.clone()));
        }
        let id = db
            .query(
                "INSERT INTO users (name, hash, role, created) VALUES ($1, $2, $3, $4) RETURNING id",
                &[name.as_str().into(), hash.into(), role.as_str().into(), now().into()],
            )?
            .first()
            .and_then(|r| r[0].int())
            .unwrap_or(0);
        record(db, by, None, "user", Some(&name), None, Some(role.as_str()))?;
        Ok(id)
    })
}

/// The user who may log in under a name: a disabled one is not found, as if unknown.
pub fn user_named(db: &mut Db, name: &str) -> Result<Option<User>, DbError> {
    Ok(find_user(db, name)?.filter(|u| !u.disabled))
}

/// The user of a name, disabled or not.
pub fn find_user(db: &mut Db, name: &str) -> Result<Option<User>, DbError> {
    Ok(db
        .query(
            &format!("SELECT {USER} FROM users WHERE name = $1"),
            &[name.into()],
        )?
        .first()
        .and_then(|r| user(r)))
}

fn user_by_id(db: &mut Db, id: i64) -> Result<User, AccountError> {
    db.query(
        &format!("SELECT {USER} FROM users WHERE id = $1"),
        &[id.into()],
    )?
    .first()
    .and_then(|r| user(r))
    .ok_or_else(|| AccountError::NoSuchUser(format!("#{id}")))
}

pub fn users(db: &mut Db) -> Result<Vec<User>, DbError> {
    Ok(db
        .query(&format!("SELECT {USER} FROM users ORDER BY name"), &[])?
        .iter()
        .filter_map(|r| user(r))
        .collect())
}

/// Refuses a change that would take away the last active administrator, when `user` is one.
fn keep_an_admin(db: &mut Db, user: &User) -> Result<(), AccountError> {
    if user.role != Role::Admin || user.disabled {
        return Ok(());
    }
    let others = db
        .query(
            "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> $1",
            &[user.id.into()],
        )?
        .first()
        .and_then(|r| r[0].int())
        .unwrap_or(0);
    if others == 0 {
        return Err(AccountError::LastAdmin);
    }
    Ok(())
}

/// Changes a user's role or password hash, recorded as done by `by`; ends their sessions when
/// the password changes.
pub fn update_user(
    db: &mut Db,
    by: Option<i64>,
    id: i64,
    role: Option<Role>,
    hash: Option<&str>,
) -> Result<(), AccountError> {
    db.transaction(|db| {
        let before = user_by_id(db, id)?;
        if let Some(role) = role.filter(|r| *r != before.role) {
            keep_an_admin(db, &before)?;
            db.execute(
                "UPDATE users SET role = $1 WHERE id = $2",
                &[role.as_str().into(), id.into()],
            )?;
            record(
                db,
                by,
                None,
                "role",
                Some(&before.name),
                Some(before.role.as_str()),
                Some(role.as_str()),
            )?;
        }
        if let Some(hash) = hash {
            db.execute(
                "UPDATE users SET hash = $1 WHERE id = $2",
                &[hash.into(), id.into()],
            )?;
            db.execute("DELETE FROM sessions WHERE user_id = $1", &[id.into()])?;
            record(db, by, None, "password", Some(&before.name), None, None)?;
        }
        Ok(())
    })
}

/// Disables a user (who then cannot log in, and whose sessions end) or enables them again,
/// recorded as done by `by`.
pub fn set_disabled(
    db: &mut Db,
    by: Option<i64>,
    id: i64,
    disabled: bool,
) -> Result<(), AccountError> {
    db.transaction(|db| {
        let before = user_by_id(db, id)?;
        if before.disabled == disabled {
            return Ok(());
        }
        if disabled {
            keep_an_admin(db, &before)?;
            db.execute("DELETE FROM sessions WHERE user_id = $1", &[id.into()])?;
        }
        db.execute(
            "UPDATE users SET disabled = $1 WHERE id = $2",
            &[i64::from(disabled).into(), id.into()],
        )?;
        let action = if disabled { "disable" } else { "enable" };
        record(db, by, None, action, Some(&before.name), None, None).map_err(AccountError::from)
    })
}

/// Deletes a user, recorded as done by `by`. What they did stays in the audit trail under
/// their name; their drafts and marks stay, by nobody.
pub fn delete_user(db: &mut Db, by: Option<i64>, id: i64) -> Result<(), AccountError> {
    db.transaction(|db| {
        let before = user_by_id(db, id)?;
        keep_an_admin(db, &before)?;
        for sql in [
            "DELETE FROM sessions WHERE user_id = $1",
            "UPDATE marks SET user_id = NULL WHERE user_id = $1",
            "UPDATE drafts SET owner = NULL WHERE owner = $1",
            // Their place goes; what they did in seasons stays, by nobody (the timeline and
            // the comments keep their name).
            "DELETE FROM memberships WHERE user_id = $1",
            "UPDATE seasons SET created_by = NULL WHERE created_by = $1",
            "UPDATE season_submissions SET user_id = NULL WHERE user_id = $1",
            "UPDATE season_events SET user_id = NULL WHERE user_id = $1",
            "UPDATE season_comments SET user_id = NULL WHERE user_id = $1",
            "UPDATE season_publications SET user_id = NULL WHERE user_id = $1",
            // The audit rows keep the name (`user_name`), written with them.
            "UPDATE audit SET user_id = NULL WHERE user_id = $1",
            "DELETE FROM users WHERE id = $1",
        ] {
            db.execute(sql, &[id.into()])?;
        }
        record(
            db,
            by,
            None,
            "delete",
            Some(&before.name),
            Some(before.role.as_str()),
            None,
        )
        .map_err(AccountError::from)
    })
}

/// Records a session: the digest of its token, its CSRF token and when it expires.
pub fn add_session(
    db: &mut Db,
    digest: &str,
    user: i64,
    csrf: &str,
    expires: i64,
) -> Result<(), DbError> {
    db.transaction(|db| {
        db.execute("DELETE FROM sessions WHERE expires < $1", &[now().into()])?;
        db.execute(
            "INSERT INTO sessions (token, user_id, csrf, expires) VALUES ($1, $2, $3, $4)",
            &[digest.into(), user.into(), csrf.into(), expires.into()],
        )?;
        Ok(())
    })
}

/// The user and CSRF token of a live session. A disabled user has none, even one begun as
/// they were being disabled (the password checked before, the session stored after).
pub fn session(db: &mut Db, digest: &str) -> Result<Option<(User, String)>, DbError> {
    Ok(db
        .query(
            "SELECT u.id, u.name, u.hash, u.role, u.disabled, s.csrf
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token = $1 AND s.expires >= $2 AND u.disabled = 0",
            &[digest.into(), now().into()],
        )?
        .first()
        .and_then(|r| Some((user(r)?, r[5].text()?.to_string()))))
}

pub fn end_session(db: &mut Db, digest: &str) -> Result<(), DbError> {
    db.execute("DELETE FROM sessions WHERE token = $1", &[digest.into()])?;
    Ok(())
}

pub fn setting(db: &mut Db, name: &str) -> Result<Option<String>, DbError> {
    Ok(db
        .query("SELECT value FROM settings WHERE name = $1", &[name.into()])?
        .first()
        .and_then(|r| r[0].text().map(String::from)))
}

pub fn set_setting(db: &mut Db, name: &str, value: &str) -> Result<(), DbError> {
    db.transaction(|db| {
        db.execute("DELETE FROM settings WHERE name = $1", &[name.into()])?;
        db.execute(
            "INSERT INTO settings (name, value) VALUES ($1, $2)",
            &[name.into(), value.into()],
        )?;
        Ok(())
    })
}

/// Sets a setting, recorded in the audit trail as done by `by` with its old value.
pub fn change_setting(
    db: &mut Db,
    by: Option<i64>,
    name: &str,
    value: &str,
) -> Result<(), DbError> {
    db.transaction(|db| {
        let old = setting(db, name)?;
        set_setting(db, name, value)?;
        record(
            db,
            by,
            None,
            "setting",
            Some(name),
            old.as_deref(),
            Some(value),
        )
    })
}
