//! The score page: a pack applied to a region and year, each organ's total and items with
//! their evidence, and its downloads (the scores and the evidence as a workbook, or CSV).

use super::{file, Page};
use crate::auth::Who;
use crate::error::AppError;
use crate::service::drafts::Download;
use crate::service::score::{self, ScoreQuery};
use crate::state::AppState;
use crate::views::{self, answer, Ctx};
use crate::web::Q;
use axum::extract::{Path, State};
use axum::http::Uri;
use gongkai_store::accounts::Role;

pub async fn page(State(state): State<AppState>, who: Who, Q(q): Q<ScoreQuery>, uri: Uri) -> Page {
    let user = who.require(Role::Viewer)?.id;
    let v = score::view(&state, user, q, who.lang).await?;
    Ok(answer(views::score::page(&Ctx::new(&who, &uri), &v)))
}

/// `GET /score/scores.xlsx` (and `scores.csv`, `evidence.csv`) with the page's query: the
/// same sheet, for the evaluator's own records.
pub async fn export(
    State(state): State<AppState>,
    who: Who,
    Path(name): Path<String>,
    Q(q): Q<ScoreQuery>,
) -> Page {
    let user = who.require(Role::Viewer)?.id;
    if !matches!(name.as_str(), "scores.xlsx" | "scores.csv" | "evidence.csv") {
        return Err(AppError::not_found(
            "没有这种导出：可导出 scores.xlsx、scores.csv、evidence.csv",
            "no such export: scores.xlsx, scores.csv and evidence.csv are",
        ));
    }
    let lang = who.lang;
    let v = score::view(&state, user, q, lang).await?;
    let Some(sheet) = v.sheet else {
        return Err(AppError::bad_request(
            "请给出地区（region）和年度（year）",
            "give a region and a year",
        ));
    };
    let [scores, evidence] = score::tables(&sheet, lang);
    let (download, mime, bytes) = match name.as_str() {
        "scores.csv" => (
            format!("{}.csv", scores.title),
            "text/csv; charset=utf-8",
            scores.csv(),
        ),
        "evidence.csv" => (
            format!("{}.csv", evidence.title),
            "text/csv; charset=utf-8",
            evidence.csv(),
        ),
        _ => (
            format!("{}.xlsx", scores.title),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            state
                .work(move || {
                    gongkai_render::sheet::workbook(&[scores, evidence])
                        .map_err(|e| AppError::internal(format!("{e:?}")))
                })
                .await?,
        ),
    };
    Ok(file(Download {
        name: download,
        mime,
        bytes,
    }))
}
