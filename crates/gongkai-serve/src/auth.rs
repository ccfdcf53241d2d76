//! Accounts: argon2id password hashes, session cookies (HttpOnly, SameSite=Strict, Secure on
//! request) whose tokens the store keeps only as SHA-256 digests, a CSRF token per session,
//! roles, and a limit on failed logins ([`crate::throttle`]).

use crate::error::AppError;
use crate::state::AppState;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use base64::Engine;
use gongkai_core::Lang;
use gongkai_store::accounts::{self, Role, User};
use gongkai_store::scope::Membership;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;

pub const SESSION_COOKIE: &str = "gk_session";
/// The CSRF token of the login form, before there is a session.
pub const LOGIN_COOKIE: &str = "gk_login";
pub const LANG_COOKIE: &str = "gk_lang";
/// How long a session lasts: a working day and a half.
const SESSION_SECS: i64 = 36 * 3600;

/// The setting that lets visitors who are not logged in read the corpus and check reports.
pub const ANONYMOUS_READ: &str = "anonymous_read";

/// The argon2id hash of a password, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// A hash no password matches, checked when the name is unknown: a login for a name that
/// does not exist then takes as long as one that does, and tells nothing by its timing.
fn stand_in_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password(&token()).unwrap_or_default())
}

/// Longest user name looked up: longer ones cannot exist.
const MAX_NAME: usize = 256;

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A random token: 32 bytes, URL-safe base64.
pub fn token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random numbers");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn digest(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value: HttpOnly and SameSite=Strict always, Secure when configured.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> String {
    set_cookie_at(state, "/", name, value, max_age)
}

/// A `Set-Cookie` value for the paths under `path`.
pub fn set_cookie_at(
    state: &AppState,
    path: &str,
    name: &str,
    value: &str,
    max_age: i64,
) -> String {
    format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    )
}

/// Who is asking: the user of the session, if any, the session's CSRF token, the UI
/// language, and whether visitors may read without logging in.
#[derive(Clone, Debug)]
pub struct Who {
    pub user: Option<User>,
    pub csrf: Option<String>,
    pub lang: Lang,
    pub anonymous_read: bool,
    /// Whether any account exists yet (the first start shows how to make one).
    pub any_user: bool,
    /// Where the user belongs (an organ, or an office over a region); `None` for a user who
    /// keeps a global role, and for visitors.
    pub place: Option<Membership>,
}

impl Who {
    /// The user, when their role is at least `role`; a login is asked for when there is no
    /// user, and refused when the role falls short.
    pub fn require(&self, role: Role) -> Result<&User, AppError> {
        match &self.user {
            Some(u) if u.role >= role => Ok(u),
            Some(_) => Err(AppError::forbidden()),
            None => Err(AppError::login_required()),
        }
    }

    /// Reading: any user, or anyone when the admin allows it.
    pub fn may_read(&self) -> Result<(), AppError> {
        if self.anonymous_read {
            Ok(())
        } else {
            self.require(Role::Viewer).map(|_| ())
        }
    }

    /// The form's or header's CSRF token must be the session's.
    pub fn check_csrf(&self, given: Option<&str>) -> Result<(), AppError> {
        match (&self.csrf, given) {
            (Some(want), Some(got)) if constant_eq(want.as_bytes(), got.as_bytes()) => Ok(()),
            _ => Err(AppError::csrf()),
        }
    }
}

/// Compares secrets in time that does not depend on where they differ.
fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Who {
    /// Who a request comes from, by its session cookie: the store is asked once per request
    /// ([`crate::web::identify`]), and the handlers take the answer from the request.
    pub async fn find(parts: &mut Parts, state: &AppState) -> Result<Who, AppError> {
        let lang = crate::i18n::lang_for(&parts.uri, &parts.headers);
        let token = cookie(&parts.headers, SESSION_COOKIE);
        let (session, anonymous_read, any_user, place) = state
            .db(move |db| {
                let session = match token {
                    Some(t) => accounts::session(db, &digest(&t))?,
                    None => None,
                };
                let place = match &session {
                    Some((u, _)) => gongkai_store::scope::membership(db, u.id)?,
                    None => None,
                };
                let anonymous = accounts::setting(db, ANONYMOUS_READ)?.as_deref() == Some("1");
                let any_user =
                    session.is_some() || !db.query("SELECT id FROM users LIMIT 1", &[])?.is_empty();
                Ok((session, anonymous, any_user, place))
            })
            .await?;
        let (user, csrf) = match session {
            Some((u, c)) => (Some(u), Some(c)),
            None => (None, None),
        };
        Ok(Who {
            user,
            csrf,
            lang,
            anonymous_read,
            any_user,
            place,
        })
    }

    /// A visitor nobody looked up (the assets need no store).
    pub fn visitor(parts: &Parts) -> Who {
        Who {
            lang: crate::i18n::lang_for(&parts.uri, &parts.headers),
            ..Who::nobody()
        }
    }

    /// No one: the frame of a page drawn before anyone was looked up.
    pub fn nobody() -> Who {
        Who {
            user: None,
            csrf: None,
            lang: Lang::Zh,
            anonymous_read: false,
            any_user: true,
            place: None,
        }
    }

    /// Whether the user may edit (correct cells, mark findings).
    pub fn is_editor(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role >= Role::Editor)
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == Role::Admin)
    }
}

impl FromRequestParts<AppState> for Who {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Who, AppError> {
        match parts.extensions.get::<Who>() {
            Some(who) => Ok(who.clone()),
            None => Who::find(parts, state).await,
        }
    }
}

/// The client's address, for the login limit; `local` when the server was not told it (a
/// test calling the application directly). Behind a proxy the server trusts
/// (`--trusted-proxy`), the address the proxy was connected from, taken from the right of
/// `X-Forwarded-For`: the entries a client wrote itself stand to the left of those the
/// trusted proxies added, and are never believed.
pub fn client(
    state: &AppState,
    extensions: &axum::http::Extensions,
    headers: &HeaderMap,
) -> String {
    let Some(peer) = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "local".to_string();
    };
    let trusted = &state.config.trusted_proxies;
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map_while(|a| a.trim().parse::<IpAddr>().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .or(forwarded.first())
        .unwrap_or(&peer)
        .to_string()
}

/// Logs a user in: checks the password (and the limit on failures), starts a session, and
/// returns its cookie and CSRF token.
pub async fn login(
    state: &AppState,
    client: &str,
    name: &str,
    password: &str,
) -> Result<(User, String, String), AppError> {
    // Counted before the password is checked: attempts sent at once are all counted.
    let Some(attempt) = state.throttle.attempt(client, name) else {
        return Err(AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_logins",
            "登录失败次数过多，请一分钟后再试",
            "too many failed logins: try again in a minute",
        ));
    };
    let (name2, password) = (name.to_string(), password.to_string());
    // argon2 takes tens of milliseconds by design: off the event loop. An unknown name is
    // checked against a stand-in hash, so that it takes as long as a known one.
    let found = state
        .db(move |db| {
            let user = if name2.len() <= MAX_NAME {
                accounts::user_named(db, &name2)?
            } else {
                None
            };
            let hash = user.as_ref().map_or(stand_in_hash(), |u| u.hash.as_str());
            let right = verify(&password, hash);
            Ok(user.filter(|_| right))
        })
        .await?;
    let Some(user) = found else {
        return Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            "bad_login",
            "用户名或密码不正确",
            "wrong user name or password",
        ));
    };
    state.throttle.succeeded(attempt);
    let (session, csrf) = (token(), token());
    let (d, c, id) = (digest(&session), csrf.clone(), user.id);
    state
        .db(move |db| {
            accounts::add_session(db, &d, id, &c, accounts::now() + SESSION_SECS)?;
            Ok(())
        })
        .await?;
    let cookie = set_cookie(state, SESSION_COOKIE, &session, SESSION_SECS);
    Ok((user, cookie, csrf))
}

/// Ends the session of the request's cookie; returns the cookie that clears it.
pub async fn logout(state: &AppState, headers: &HeaderMap) -> Result<String, AppError> {
    if let Some(t) = cookie(headers, SESSION_COOKIE) {
        let d = digest(&t);
        state
            .db(move |db| Ok(accounts::end_session(db, &d)?))
            .await?;
    }
    Ok(set_cookie(state, SESSION_COOKIE, "", 0))
}
