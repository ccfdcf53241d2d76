//! The web server's accounts, sessions and settings. Passwords arrive here already hashed and
//! session tokens already digested: the store never holds a secret that would let someone who
//! reads it log in.

use crate::db::{Db, DbError, Val};
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
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn user(r: &[Val]) -> Option<User> {
    Some(User {
        id: r[0].int()?,
        name: r[1].text()?.to_string(),
        hash: r[2].text()?.to_string(),
        role: r[3].text()?.parse().ok()?,
    })
}

/// Adds a user; an error when the name is taken.
pub fn add_user(db: &mut Db, name: &str, hash: &str, role: Role) -> Result<i64, DbError> {
    db.transaction(|db| {
        if user_named(db, name)?.is_some() {
            return Err(DbError(format!("用户 {name} 已存在 / user {name} exists")));
        }
        Ok(db
            .query(
                "INSERT INTO users (name, hash, role, created) VALUES ($1, $2, $3, $4) RETURNING id",
                &[name.into(), hash.into(), role.as_str().into(), now().into()],
            )?
            .first()
            .and_then(|r| r[0].int())
            .unwrap_or(0))
    })
}

pub fn user_named(db: &mut Db, name: &str) -> Result<Option<User>, DbError> {
    Ok(db
        .query(
            "SELECT id, name, hash, role FROM users WHERE name = $1",
            &[name.into()],
        )?
        .first()
        .and_then(|r| user(r)))
}

pub fn users(db: &mut Db) -> Result<Vec<User>, DbError> {
    Ok(db
        .query("SELECT id, name, hash, role FROM users ORDER BY name", &[])?
        .iter()
        .filter_map(|r| user(r))
        .collect())
}

/// Changes a user's role or password hash; ends their sessions when the password changes.
pub fn update_user(
    db: &mut Db,
    id: i64,
    role: Option<Role>,
    hash: Option<&str>,
) -> Result<(), DbError> {
    db.transaction(|db| {
        if let Some(role) = role {
            db.execute(
                "UPDATE users SET role = $1 WHERE id = $2",
                &[role.as_str().into(), id.into()],
            )?;
        }
        if let Some(hash) = hash {
            db.execute(
                "UPDATE users SET hash = $1 WHERE id = $2",
                &[hash.into(), id.into()],
            )?;
            db.execute("DELETE FROM sessions WHERE user_id = $1", &[id.into()])?;
        }
        Ok(())
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
    db.execute("DELETE FROM sessions WHERE expires < $1", &[now().into()])?;
    db.execute(
        "INSERT INTO sessions (token, user_id, csrf, expires) VALUES ($1, $2, $3, $4)",
        &[digest.into(), user.into(), csrf.into(), expires.into()],
    )?;
    Ok(())
}

/// The user and CSRF token of a live session.
pub fn session(db: &mut Db, digest: &str) -> Result<Option<(User, String)>, DbError> {
    Ok(db
        .query(
            "SELECT u.id, u.name, u.hash, u.role, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token = $1 AND s.expires >= $2",
            &[digest.into(), now().into()],
        )?
        .first()
        .and_then(|r| Some((user(r)?, r[4].text()?.to_string()))))
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
