//! The filing season's pages: the seasons, a board and its exports, an organ's filing, the
//! filing form, and the forms of each step. A form refused by the season (a report with
//! errors, a warning without its reason) draws its page again with the reason above it.

use super::{file, Page};
use crate::auth::Who;
use crate::error::AppError;
use crate::service::drafts::Download;
use crate::service::season::{self as filing, AckInput, BoardQuery, Filled, NewComment};
use crate::state::AppState;
use crate::views::{self, answer, Ctx};
use crate::web::{CsrfForm, Q};
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect};
use gongkai_store::accounts::Role;
use gongkai_store::scope::{Membership, OfficeRole};
use serde::Deserialize;

fn user(who: &Who) -> Result<i64, AppError> {
    Ok(who.require(Role::Viewer)?.id)
}

/// Whether the user may open seasons: a global administrator, or an office admin.
fn may_open(who: &Who) -> bool {
    who.is_admin()
        || matches!(
            who.place,
            Some(Membership::Office {
                role: OfficeRole::OfficeAdmin,
                ..
            })
        )
}

pub async fn seasons(State(state): State<AppState>, who: Who, uri: Uri) -> Page {
    let list = filing::list(&state, user(&who)?, who.lang).await?;
    let ctx = Ctx::new(&who, &uri);
    Ok(answer(views::season::seasons(&ctx, &list, may_open(&who))))
}

#[derive(Deserialize)]
pub struct NewSeasonForm {
    year: i32,
    region: String,
    template: Option<String>,
    #[serde(default)]
    organs: String,
    from_store: Option<String>,
}

/// `POST /seasons`: opens a season with the organs named, one per line.
pub async fn create(State(state): State<AppState>, f: CsrfForm<NewSeasonForm>) -> Page {
    let id = user(&f.who)?;
    let form = f.form;
    let new = filing::NewSeason {
        year: form.year,
        region: form.region,
        template: form.template,
        deadlines: Default::default(),
        organs: form.organs.lines().map(String::from).collect(),
        from_store: form.from_store.is_some(),
    };
    let season = filing::create(&state, id, new).await?;
    Ok(Redirect::to(&format!("/seasons/{season}")).into_response())
}

pub async fn board(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
    Q(q): Q<BoardQuery>,
    uri: Uri,
) -> Page {
    let b = filing::board(&state, user(&who)?, id, q, who.lang).await?;
    Ok(answer(views::season::board(&Ctx::new(&who, &uri), &b)))
}

/// `GET /seasons/{id}/board.xlsx` (and `board.csv`, `rollup.xlsx`, `rollup.csv`): the board's
/// lines as the filter keeps them, or the roll-up's every cell, for the office's OA.
pub async fn export(
    State(state): State<AppState>,
    who: Who,
    Path((id, name)): Path<(i64, String)>,
    Q(q): Q<BoardQuery>,
) -> Page {
    let user = user(&who)?;
    let (what, format) = name.split_once('.').unwrap_or((name.as_str(), ""));
    let sheet = match (what, format) {
        ("board", "csv" | "xlsx") => filing::board_sheet(&state, user, id, q, who.lang).await?,
        ("rollup", "csv" | "xlsx") => filing::rollup_sheet(&state, user, id, who.lang).await?,
        _ => {
            return Err(AppError::not_found(
                "没有这种导出：可导出 board.xlsx、board.csv、rollup.xlsx、rollup.csv",
                "no such export: board.xlsx, board.csv, rollup.xlsx and rollup.csv are",
            ))
        }
    };
    let name = format!("{}.{format}", sheet.title);
    let (mime, bytes) = if format == "csv" {
        ("text/csv; charset=utf-8", sheet.csv())
    } else {
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            state
                .work(move || {
                    sheet
                        .xlsx()
                        .map_err(|e| AppError::internal(format!("{e:?}")))
                })
                .await?,
        )
    };
    Ok(file(Download { name, mime, bytes }))
}

#[derive(Deserialize)]
pub struct OrgansForm {
    #[serde(default)]
    names: String,
    from_store: Option<String>,
}

pub async fn add_organs(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<OrgansForm>,
) -> Page {
    let new = filing::NewOrgans {
        names: f.form.names.lines().map(String::from).collect(),
        from_store: f.form.from_store.is_some(),
    };
    filing::add_organs(&state, user(&f.who)?, id, new).await?;
    Ok(Redirect::to(&format!("/seasons/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct DeadlineForm {
    kind: String,
    due: String,
}

pub async fn deadline(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<DeadlineForm>,
) -> Page {
    filing::set_deadline(&state, user(&f.who)?, id, f.form.kind, f.form.due).await?;
    Ok(Redirect::to(&format!("/seasons/{id}")).into_response())
}

pub async fn organ(
    State(state): State<AppState>,
    who: Who,
    Path((id, organ)): Path<(i64, i64)>,
    uri: Uri,
) -> Page {
    let f = filing::filing(&state, user(&who)?, id, organ, who.lang).await?;
    Ok(answer(views::season::filing(&Ctx::new(&who, &uri), &f)))
}

pub async fn form(
    State(state): State<AppState>,
    who: Who,
    Path((id, organ)): Path<(i64, i64)>,
    uri: Uri,
) -> Page {
    let v = filing::form(&state, user(&who)?, id, organ, who.lang).await?;
    Ok(answer(views::season::form(&Ctx::new(&who, &uri), &v, None)))
}

/// The fields of the filing form: `c:KEY` cells, `s1`…`s6` sections, `ack:SIGNATURE`
/// reasons, `comment`, and `action` (`save` or `submit`).
struct FormFields {
    filled: Filled,
    acks: Vec<AckInput>,
    comment: Option<String>,
    submit: bool,
}

impl FormFields {
    fn of(pairs: Vec<(String, String)>) -> FormFields {
        let mut f = FormFields {
            filled: Filled {
                sections: vec![String::new(); 6],
                ..Filled::default()
            },
            acks: Vec::new(),
            comment: None,
            submit: false,
        };
        for (k, v) in pairs {
            if let Some(key) = k.strip_prefix("c:") {
                f.filled.cells.insert(key.to_string(), v);
            } else if let Some(sig) = k.strip_prefix("ack:") {
                f.acks.push(AckInput {
                    signature: sig.to_string(),
                    reason: v,
                });
            } else if let Some(n) = k
                .strip_prefix('s')
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| (1..=6).contains(n))
            {
                f.filled.sections[n - 1] = v;
            } else if k == "comment" {
                f.comment = Some(v).filter(|c| !c.trim().is_empty());
            } else if k == "action" {
                f.submit = v == "submit";
            }
        }
        f
    }
}

/// `POST …/form`: saves the form as the draft and, with `action=submit`, submits it. A
/// refusal draws the form again, as saved, with the reason.
pub async fn save(
    State(state): State<AppState>,
    Path((id, organ)): Path<(i64, i64)>,
    uri: Uri,
    f: CsrfForm<Vec<(String, String)>>,
) -> Page {
    let who = f.who;
    let me = user(&who)?;
    let fields = FormFields::of(f.form);
    let done = async {
        filing::save(&state, me, id, organ, fields.filled).await?;
        if fields.submit {
            filing::submit(&state, me, id, organ, fields.acks, fields.comment).await?;
        }
        Ok::<_, AppError>(())
    }
    .await;
    match done {
        Ok(()) if fields.submit => {
            Ok(Redirect::to(&format!("/seasons/{id}/organs/{organ}")).into_response())
        }
        Ok(()) => Ok(Redirect::to(&format!("/seasons/{id}/organs/{organ}/form")).into_response()),
        Err(e)
            if e.status == StatusCode::UNPROCESSABLE_ENTITY
                || e.status == StatusCode::BAD_REQUEST
                || e.status == StatusCode::CONFLICT =>
        {
            let v = filing::form(&state, me, id, organ, who.lang).await?;
            let ctx = Ctx::new(&who, &uri);
            let page = views::season::form(&ctx, &v, Some(e.message(who.lang)));
            Ok((e.status, answer(page)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST …/upload`: a report file becomes the organ's draft.
pub async fn upload(
    State(state): State<AppState>,
    who: Who,
    Path((id, organ)): Path<(i64, i64)>,
    form: Multipart,
) -> Page {
    let me = user(&who)?;
    let (name, bytes) = super::multipart_file(&who, form).await?;
    filing::upload(&state, me, id, organ, name, bytes).await?;
    Ok(Redirect::to(&format!("/seasons/{id}/organs/{organ}/form")).into_response())
}

#[derive(Deserialize)]
pub struct DecisionForm {
    decision: String,
    comment: Option<String>,
}

pub async fn decide(
    State(state): State<AppState>,
    Path((id, organ)): Path<(i64, i64)>,
    f: CsrfForm<DecisionForm>,
) -> Page {
    let d = filing::decision(&f.form.decision)?;
    filing::decide(&state, user(&f.who)?, id, organ, d, f.form.comment).await?;
    Ok(Redirect::to(&format!("/seasons/{id}/organs/{organ}")).into_response())
}

pub async fn comment(
    State(state): State<AppState>,
    Path((id, organ)): Path<(i64, i64)>,
    f: CsrfForm<NewComment>,
) -> Page {
    let number = f.form.submission;
    filing::comment(&state, user(&f.who)?, id, organ, f.form).await?;
    Ok(Redirect::to(&format!("/seasons/{id}/organs/{organ}#s{number}")).into_response())
}

/// `POST …/publication`: the published page (saved from the site) or file, with its address,
/// compared with what was approved.
pub async fn publication(
    State(state): State<AppState>,
    who: Who,
    Path((id, organ)): Path<(i64, i64)>,
    form: Multipart,
) -> Page {
    let me = user(&who)?;
    let (file, address) = super::multipart_with(&who, form, "address").await?;
    let (name, bytes) = file.ok_or_else(|| AppError::bad_request("请选择文件", "choose a file"))?;
    let published = filing::Published {
        address,
        name,
        bytes,
    };
    filing::check_publication(&state, me, id, organ, published, who.lang).await?;
    Ok(Redirect::to(&format!("/seasons/{id}/organs/{organ}#publication")).into_response())
}

pub async fn inbox(State(state): State<AppState>, who: Who, uri: Uri) -> Page {
    let items = filing::inbox(&state, user(&who)?, who.lang).await?;
    Ok(answer(views::season::inbox(&Ctx::new(&who, &uri), &items)))
}
