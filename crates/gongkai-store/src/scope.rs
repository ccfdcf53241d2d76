//! Where people belong, and so what they may see and do in a filing season.
//!
//! An installation that collects the annual reports of its departments, towns and zones gives
//! each user a place:
//!
//! - in an **organ** (a row of the `organs` table), as its **filer** (填报人), who prepares and
//!   submits the organ's report, or as its **approver** (机关审核人), who may also say it went
//!   online;
//! - in an **office** over a region (the 政务公开 office of a county or city), as a
//!   **reviewer** (审核人), who checks what the organs of the region submit, returns or approves
//!   it and checks what went online, or as the **office admin** (办公室管理员), who also opens
//!   seasons, names the organs expected and sets their deadlines.
//!
//! A user belongs to one place at most. A user who belongs nowhere keeps the global role they
//! had before organs were used ([`Role`]): an installation that does not use organs works as
//! before, viewers seeing everything, editors reviewing and administrators managing.
//!
//! An office's region holds the organs whose place lies in it, by name, by the national list
//! of divisions and by the region list (as the corpus's region filter does): the reviewer of
//! `甲县` sees `甲县财政局` and `甲县某镇人民政府`, not `乙县财政局`. An organ whose name tells no
//! place lies in no region.

use crate::accounts::Role;
use crate::db::{Db, DbError, Val};
use crate::query::Area;
use crate::season::SeasonError;

/// A user's part in an organ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrganRole {
    /// 填报人: prepares the organ's report, saves it and submits it.
    Filer,
    /// 机关审核人: the organ's own sign-off; may do what the filer does, and say the approved
    /// report went online.
    Approver,
}

/// A user's part in an office over a region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OfficeRole {
    /// 审核人: checks the region's submissions, returns or approves them, checks what went
    /// online.
    Reviewer,
    /// 办公室管理员: also opens seasons, names the organs expected, sets deadlines and gives
    /// people their places in the region.
    OfficeAdmin,
}

impl OrganRole {
    pub fn as_str(self) -> &'static str {
        match self {
            OrganRole::Filer => "filer",
            OrganRole::Approver => "approver",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            OrganRole::Filer => "填报人",
            OrganRole::Approver => "机关审核人",
        }
    }
}

impl OfficeRole {
    pub fn as_str(self) -> &'static str {
        match self {
            OfficeRole::Reviewer => "reviewer",
            OfficeRole::OfficeAdmin => "office_admin",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            OfficeRole::Reviewer => "审核人",
            OfficeRole::OfficeAdmin => "办公室管理员",
        }
    }
}

/// Where a user belongs: an organ, or an office over a region, never both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Membership {
    /// A member of the organ with this id (a row of `organs`).
    Organ { organ: i64, role: OrganRole },
    /// A member of the office over this region (a place name: `甲县`, `嘉兴市`).
    Office { region: String, role: OfficeRole },
}

impl Membership {
    /// Reads a `memberships` row: organ, region, role.
    fn of_row(organ: &Val, region: &Val, role: &Val) -> Option<Membership> {
        Some(match (organ.int(), region.text(), role.text()?) {
            (Some(organ), None, "filer") => Membership::Organ {
                organ,
                role: OrganRole::Filer,
            },
            (Some(organ), None, "approver") => Membership::Organ {
                organ,
                role: OrganRole::Approver,
            },
            (None, Some(region), "reviewer") => Membership::Office {
                region: region.to_string(),
                role: OfficeRole::Reviewer,
            },
            (None, Some(region), "office_admin") => Membership::Office {
                region: region.to_string(),
                role: OfficeRole::OfficeAdmin,
            },
            _ => return None,
        })
    }
}

/// What one user may see and do: their global role, or their organ, or their office's region
/// with what lies in it. Made once per request by [`Scope::of`], and handed to every function
/// of a season, which refuses what it does not allow.
pub struct Scope {
    user: Option<i64>,
    reach: Reach,
}

enum Reach {
    Global(Role),
    Organ {
        organ: i64,
        role: OrganRole,
    },
    Office {
        region: String,
        area: Area,
        role: OfficeRole,
    },
}

impl Scope {
    /// The scope of a user: their membership, or their global role when they have none.
    pub fn of(db: &mut Db, user: i64) -> Result<Scope, SeasonError> {
        let rows = db.query(
            "SELECT u.role, m.organ_id, m.region, m.role
             FROM users u LEFT JOIN memberships m ON m.user_id = u.id WHERE u.id = $1",
            &[user.into()],
        )?;
        let row = rows.first().ok_or(SeasonError::NoSuchUser(user))?;
        let reach = match Membership::of_row(&row[1], &row[2], &row[3]) {
            Some(Membership::Organ { organ, role }) => Reach::Organ { organ, role },
            Some(Membership::Office { region, role }) => Reach::Office {
                area: Area::of(db, &region)?,
                region,
                role,
            },
            None => Reach::Global(
                row[0]
                    .text()
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(Role::Viewer),
            ),
        };
        Ok(Scope {
            user: Some(user),
            reach,
        })
    }

    /// The server's command line: a global administrator who is no user.
    pub fn command_line() -> Scope {
        Scope {
            user: None,
            reach: Reach::Global(Role::Admin),
        }
    }

    /// The user acting, recorded with what they do; `None` on the command line.
    pub fn user(&self) -> Option<i64> {
        self.user
    }

    /// The user's membership; `None` for a user with only a global role.
    pub fn membership(&self) -> Option<Membership> {
        match &self.reach {
            Reach::Global(_) => None,
            Reach::Organ { organ, role } => Some(Membership::Organ {
                organ: *organ,
                role: *role,
            }),
            Reach::Office { region, role, .. } => Some(Membership::Office {
                region: region.clone(),
                role: *role,
            }),
        }
    }

    /// Whether the user may see the organ with this id and place (as stored in `organs`):
    /// a member of an organ sees only it; an office sees the organs whose place lies in its
    /// region; a user with a global role sees every organ.
    pub fn sees(&self, organ: i64, place: Option<&str>) -> bool {
        match &self.reach {
            Reach::Global(_) => true,
            Reach::Organ { organ: mine, .. } => *mine == organ,
            Reach::Office { area, .. } => place.is_some_and(|p| area.holds(p)),
        }
    }

    /// Whether the user may prepare, save and submit the organ's report: a member of the
    /// organ, or a global editor or administrator.
    pub fn files_for(&self, organ: i64) -> bool {
        match &self.reach {
            Reach::Global(role) => *role >= Role::Editor,
            Reach::Organ { organ: mine, .. } => *mine == organ,
            Reach::Office { .. } => false,
        }
    }

    /// Whether the user may review what the organ submits (return, approve, check what went
    /// online): a reviewer or office admin whose region holds its place, or a global editor or
    /// administrator.
    pub fn reviews(&self, place: Option<&str>) -> bool {
        match &self.reach {
            Reach::Global(role) => *role >= Role::Editor,
            Reach::Organ { .. } => false,
            Reach::Office { area, .. } => place.is_some_and(|p| area.holds(p)),
        }
    }

    /// Whether the user may say the organ's approved report went online: its approver, or
    /// whoever reviews it.
    pub fn publishes_for(&self, organ: i64, place: Option<&str>) -> bool {
        match &self.reach {
            Reach::Organ {
                organ: mine,
                role: OrganRole::Approver,
            } => *mine == organ,
            _ => self.reviews(place),
        }
    }

    /// Whether the user may manage a region (open a season over it, name its organs, set its
    /// deadlines, give people places in it): the office admin of a region that holds it, or a
    /// global administrator.
    pub fn manages(&self, region: &str) -> bool {
        match &self.reach {
            Reach::Global(role) => *role == Role::Admin,
            Reach::Organ { .. } => false,
            Reach::Office { area, role, .. } => {
                *role == OfficeRole::OfficeAdmin && area.holds(region)
            }
        }
    }

    /// Whether the user's region overlaps `region` (one holds the other): which seasons an
    /// office sees.
    pub(crate) fn overlaps(&self, db: &mut Db, region: &str) -> Result<bool, DbError> {
        Ok(match &self.reach {
            Reach::Global(_) => true,
            Reach::Organ { .. } => false,
            Reach::Office {
                area, region: mine, ..
            } => area.holds(region) || Area::of(db, region)?.holds(mine),
        })
    }

    /// The organ of an organ's member.
    pub(crate) fn organ(&self) -> Option<i64> {
        match self.reach {
            Reach::Organ { organ, .. } => Some(organ),
            _ => None,
        }
    }
}

/// The place of a stored organ; `None` when there is no such organ.
pub(crate) fn place_of(db: &mut Db, organ: i64) -> Result<Option<Option<String>>, DbError> {
    Ok(db
        .query("SELECT place FROM organs WHERE id = $1", &[organ.into()])?
        .first()
        .map(|r| r[0].text().map(String::from)))
}

/// A user's membership; `None` when they belong nowhere (and keep their global role).
pub fn membership(db: &mut Db, user: i64) -> Result<Option<Membership>, DbError> {
    Ok(db
        .query(
            "SELECT organ_id, region, role FROM memberships WHERE user_id = $1",
            &[user.into()],
        )?
        .first()
        .and_then(|r| Membership::of_row(&r[0], &r[1], &r[2])))
}

/// Gives a user a place (replacing the one they had), or takes it away with `None`, recorded
/// in the audit trail. A global administrator may give any place; an office admin only places
/// in their region (organs whose place lies in it, offices over regions within it), and may
/// take away only such places.
pub fn set_membership(
    db: &mut Db,
    by: &Scope,
    user: i64,
    place: Option<&Membership>,
) -> Result<(), SeasonError> {
    db.transaction(|db| {
        let name = db
            .query("SELECT name FROM users WHERE id = $1", &[user.into()])?
            .first()
            .and_then(|r| r[0].text().map(String::from))
            .ok_or(SeasonError::NoSuchUser(user))?;
        let before = membership(db, user)?;
        if before.is_none() && place.is_none() {
            return Ok(());
        }
        for m in before.iter().chain(place) {
            let allowed = match m {
                Membership::Organ { organ, .. } => {
                    let Some(at) = place_of(db, *organ)? else {
                        return Err(SeasonError::NoSuchOrgan(format!("#{organ}")));
                    };
                    at.is_some_and(|p| by.manages(&p))
                }
                Membership::Office { region, .. } => {
                    if region.trim().is_empty() {
                        return Err(SeasonError::EmptyRegion);
                    }
                    by.manages(region)
                }
            };
            if !allowed {
                return Err(SeasonError::NotAllowed);
            }
        }
        db.execute("DELETE FROM memberships WHERE user_id = $1", &[user.into()])?;
        let shown = |m: &Membership| match m {
            Membership::Organ { organ, role } => format!("{} organ #{organ}", role.as_str()),
            Membership::Office { region, role } => format!("{} {region}", role.as_str()),
        };
        if let Some(m) = place {
            let (organ, region, role) = match m {
                Membership::Organ { organ, role } => (Val::Int(*organ), Val::Null, role.as_str()),
                Membership::Office { region, role } => {
                    (Val::Null, Val::from(region.trim()), role.as_str())
                }
            };
            db.execute(
                "INSERT INTO memberships (user_id, organ_id, region, role) VALUES ($1, $2, $3, $4)",
                &[user.into(), organ, region, role.into()],
            )?;
        }
        crate::drafts::record(
            db,
            by.user(),
            None,
            "membership",
            Some(&name),
            before.as_ref().map(shown).as_deref(),
            place.map(shown).as_deref(),
        )?;
        Ok(())
    })
}
