//! Accounts and settings, for the admin page and the API alike: each change checked, hashed
//! off the event loop and recorded in the audit trail in the same transaction.

use crate::auth::{self, ANONYMOUS_READ};
use crate::error::AppError;
use crate::service::drafts::ChangeView;
use crate::state::AppState;
use axum::http::StatusCode;
use gongkai_store::accounts::{self, AccountError, Role};
use gongkai_store::drafts;
use gongkai_store::scope::{self, Membership, OfficeRole, OrganRole};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An account as the administrator sees it.
#[derive(Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub name: String,
    /// `viewer`, `editor` or `admin`.
    pub role: String,
    pub disabled: bool,
    /// Where the user belongs in the filing season; `null` for a user with only their role.
    pub place: Option<PlaceView>,
}

/// A user's place: an organ (filer or approver), or an office over a region (reviewer or
/// office admin).
#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct PlaceView {
    /// The organ's name, for a member of an organ.
    pub organ: Option<String>,
    /// The region, for a member of an office.
    pub region: Option<String>,
    /// `filer`, `approver`, `reviewer` or `office_admin`.
    pub role: String,
}

fn place_view(db: &mut gongkai_store::Db, m: &Membership) -> Result<PlaceView, AppError> {
    Ok(match m {
        Membership::Organ { organ, role } => PlaceView {
            organ: db
                .query("SELECT name FROM organs WHERE id = $1", &[(*organ).into()])?
                .first()
                .and_then(|r| r[0].text().map(String::from)),
            region: None,
            role: role.as_str().to_string(),
        },
        Membership::Office { region, role } => PlaceView {
            organ: None,
            region: Some(region.clone()),
            role: role.as_str().to_string(),
        },
    })
}

/// The accounts, by name, with their places.
pub async fn users(state: &AppState) -> Result<Vec<UserView>, AppError> {
    state
        .db(|db| {
            let mut out = Vec::new();
            for u in accounts::users(db)? {
                let place = match scope::membership(db, u.id)? {
                    Some(m) => Some(place_view(db, &m)?),
                    None => None,
                };
                out.push(UserView {
                    id: u.id,
                    name: u.name,
                    role: u.role.as_str().to_string(),
                    disabled: u.disabled,
                    place,
                });
            }
            Ok(out)
        })
        .await
}

/// Gives a user a place, or takes it away (`None`): an administrator anywhere, an office
/// admin within their region.
pub async fn set_place(
    state: &AppState,
    by: i64,
    user: i64,
    place: Option<PlaceView>,
) -> Result<(), AppError> {
    state
        .db(move |db| {
            let scope = scope::Scope::of(db, by).map_err(crate::service::season::refused)?;
            let m = match place {
                None => None,
                Some(p) => Some(match (p.role.as_str(), p.organ, p.region) {
                    (role @ ("filer" | "approver"), Some(organ), _) => {
                        let id = gongkai_store::organ::find(db, &organ)?.ok_or_else(|| {
                            AppError::bad_request(
                                format!("没有机关 {organ}"),
                                format!("no organ {organ}"),
                            )
                        })?;
                        Membership::Organ {
                            organ: id,
                            role: if role == "filer" {
                                OrganRole::Filer
                            } else {
                                OrganRole::Approver
                            },
                        }
                    }
                    (role @ ("reviewer" | "office_admin"), _, Some(region)) => Membership::Office {
                        region,
                        role: if role == "reviewer" {
                            OfficeRole::Reviewer
                        } else {
                            OfficeRole::OfficeAdmin
                        },
                    },
                    _ => return Err(AppError::bad_request(
                        "填报人、机关审核人须写明机关；审核人、办公室管理员须写明地区",
                        "a filer or approver needs an organ; a reviewer or office admin a region",
                    )),
                }),
            };
            scope::set_membership(db, &scope, user, m.as_ref())
                .map_err(crate::service::season::refused)
        })
        .await
}

/// Deletes an account: what its user did stays in the trail under their name.
pub async fn delete_user(state: &AppState, admin: i64, id: i64) -> Result<(), AppError> {
    state
        .db(move |db| Ok(accounts::delete_user(db, Some(admin), id)?))
        .await
}

/// The settings as they stand.
#[derive(Serialize, ToSchema)]
pub struct SettingsView {
    /// Whether visitors who are not logged in may read the corpus and reviews.
    pub anonymous_read: bool,
    /// Uploads one user may make in 24 hours.
    pub upload_count_per_day: i64,
    /// Megabytes (MiB) one user may upload in 24 hours.
    pub upload_mb_per_day: i64,
}

/// What the admin page shows.
pub struct AdminView {
    pub users: Vec<UserView>,
    pub settings: SettingsView,
    /// The site's trail, newest first (the latest 500).
    pub changes: Vec<ChangeView>,
}

pub async fn admin(state: &AppState, admin: i64) -> Result<AdminView, AppError> {
    let users = users(state).await?;
    let mut changes = crate::service::drafts::changes(state, None).await?;
    changes.truncate(500);
    let settings = settings(state, admin).await?;
    Ok(AdminView {
        users,
        settings,
        changes,
    })
}

/// The settings, with the quota as it applies to `user`.
pub async fn settings(state: &AppState, user: i64) -> Result<SettingsView, AppError> {
    state
        .db(move |db| {
            let quota = drafts::Quota::of(db, user)?;
            Ok(SettingsView {
                anonymous_read: accounts::setting(db, ANONYMOUS_READ)?.as_deref() == Some("1"),
                upload_count_per_day: quota.uploads,
                upload_mb_per_day: quota.megabytes,
            })
        })
        .await
}

/// An account refused, as the user is told: the store's own errors stay a store error.
impl From<AccountError> for AppError {
    fn from(e: AccountError) -> AppError {
        let (status, code) = match &e {
            AccountError::Store(db) => return AppError::store(db.0.clone()),
            AccountError::Exists(_) => (StatusCode::CONFLICT, "exists"),
            AccountError::NoSuchUser(_) => (StatusCode::NOT_FOUND, "not_found"),
            AccountError::LastAdmin => (StatusCode::CONFLICT, "last_admin"),
            AccountError::EmptyName | AccountError::LongName | AccountError::HiddenInName(_) => {
                (StatusCode::BAD_REQUEST, "bad_name")
            }
            AccountError::BlankPassword
            | AccountError::ShortPassword
            | AccountError::NameAsPassword => (StatusCode::BAD_REQUEST, "bad_password"),
        };
        AppError::new(status, code, e.zh(), e.en())
    }
}

/// The argon2id hash of a password that keeps the rules for the user `name`.
pub async fn new_hash(state: &AppState, name: &str, password: &str) -> Result<String, AppError> {
    accounts::check_password(name, password)?;
    let password = password.to_string();
    state
        .work(move || auth::hash_password(&password).map_err(AppError::internal))
        .await
}

/// Creates a user, recorded in the audit trail.
pub async fn create_user(
    state: &AppState,
    admin: i64,
    name: &str,
    password: &str,
    role: &str,
) -> Result<i64, AppError> {
    let role: Role = role
        .parse()
        .map_err(|e: String| AppError::bad_request(e.clone(), e))?;
    let name = accounts::check_name(name)?;
    let hash = new_hash(state, &name, password).await?;
    state
        .db(move |db| Ok(accounts::add_user(db, Some(admin), &name, &hash, role)?))
        .await
}

/// What an administrator changes of an account: any of its role, its password, whether it is
/// disabled.
#[derive(Deserialize, Default, ToSchema)]
pub struct UserChange {
    pub role: Option<String>,
    pub password: Option<String>,
    pub disabled: Option<bool>,
}

/// Changes an account, each change recorded in the audit trail in the same transaction.
pub async fn change_user(
    state: &AppState,
    admin: i64,
    id: i64,
    change: UserChange,
) -> Result<(), AppError> {
    let role: Option<Role> = change
        .role
        .as_deref()
        .map(|r| {
            r.parse()
                .map_err(|e: String| AppError::bad_request(e.clone(), e))
        })
        .transpose()?;
    let hash = match change.password {
        Some(password) => {
            let user = state
                .db(move |db| Ok(accounts::users(db)?.into_iter().find(|u| u.id == id)))
                .await?
                .ok_or(AccountError::NoSuchUser(format!("#{id}")))?;
            Some(new_hash(state, &user.name, &password).await?)
        }
        None => None,
    };
    state
        .db(move |db| {
            db.transaction(|db| -> Result<(), AccountError> {
                accounts::update_user(db, Some(admin), id, role, hash.as_deref())?;
                if let Some(disabled) = change.disabled {
                    accounts::set_disabled(db, Some(admin), id, disabled)?;
                }
                Ok(())
            })?;
            Ok(())
        })
        .await
}

/// The settings an administrator changes; those left out stay as they are.
#[derive(Deserialize, Default, ToSchema)]
pub struct Settings {
    pub anonymous_read: Option<bool>,
    /// Uploads one user may make in 24 hours.
    pub upload_count_per_day: Option<i64>,
    /// Megabytes (MiB) one user may upload in 24 hours.
    pub upload_mb_per_day: Option<i64>,
}

/// Changes the settings given, each recorded in the audit trail, all in one transaction;
/// returns them all as they now are.
pub async fn change_settings(
    state: &AppState,
    admin: i64,
    change: Settings,
) -> Result<SettingsView, AppError> {
    let mut values: Vec<(&'static str, String)> = Vec::new();
    if let Some(open) = change.anonymous_read {
        values.push((ANONYMOUS_READ, if open { "1" } else { "0" }.to_string()));
    }
    for (name, value) in [
        (drafts::QUOTA_UPLOADS, change.upload_count_per_day),
        (drafts::QUOTA_MB, change.upload_mb_per_day),
    ] {
        let Some(value) = value else { continue };
        if value < 0 {
            return Err(AppError::bad_request(
                format!("{name} 应为 0 或正整数，而不是 {value}"),
                format!("{name} must be 0 or more, not {value}"),
            ));
        }
        values.push((name, value.to_string()));
    }
    state
        .db(move |db| {
            db.transaction(|db| -> Result<(), gongkai_store::DbError> {
                for (name, value) in &values {
                    accounts::change_setting(db, Some(admin), name, value)?;
                }
                Ok(())
            })?;
            Ok(())
        })
        .await?;
    settings(state, admin).await
}
