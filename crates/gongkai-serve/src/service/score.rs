//! Score sheets on the web: the packs the server knows — the example gongkai ships and the
//! `.toml` files of the directory `serve --packs` names, read afresh on each request so that
//! an evaluator's new file needs no restart — and one pack applied to a region and year, for
//! the user's scope: a member of an organ sees their organ alone, an office its region.
//! Nothing is uploaded: a pack is chosen by its file name from the list.

use crate::error::AppError;
use crate::state::AppState;
use gongkai_check::score::{self, Pack, Sheet, EXAMPLE, EXAMPLE_FILE};
use gongkai_core::Lang;
use gongkai_render::sheet::Sheet as Table;
use gongkai_store::scope::Scope;
use serde::{Deserialize, Serialize};
use std::path::Path;
use utoipa::{IntoParams, ToSchema};

/// The most pack files of the directory listed; the rest are not read.
pub const MAX_PACKS: usize = 100;

/// A pack the server offers, or a file of the directory that is no pack, with why.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PackEntry {
    /// The file name, as `?pack=` names it.
    pub file: String,
    pub id: Option<String>,
    /// The pack's name in the user's language.
    pub name: Option<String>,
    pub version: Option<String>,
    /// What is wrong with the file, when it is no pack.
    pub error: Option<String>,
}

/// What `/score` asks for.
#[derive(Deserialize, Default, IntoParams, Clone)]
#[into_params(parameter_in = Query)]
pub struct ScoreQuery {
    /// The pack's file name, from the list of packs (the example when left out).
    pub pack: Option<String>,
    /// A place or region (`淮安市`: its own organs and those of the places within it).
    pub region: Option<String>,
    /// The year the reports cover.
    pub year: Option<i32>,
}

/// The packs, and the sheet when a region and year were asked for.
#[derive(Serialize, ToSchema)]
pub struct ScoreView {
    pub packs: Vec<PackEntry>,
    /// The pack chosen.
    pub pack: String,
    pub region: Option<String>,
    pub year: Option<i32>,
    /// Per organ the user may see: the points of each item out of its full marks, the
    /// evidence, the total (docs/packs.md describes every field).
    #[schema(value_type = Option<Object>)]
    pub sheet: Option<Sheet>,
}

/// The packs of the example and the directory, the example first, then by file name.
pub fn packs(dir: Option<&Path>, lang: Lang) -> Vec<PackEntry> {
    let mut out = vec![entry(EXAMPLE_FILE, Ok(example()), lang)];
    let Some(dir) = dir else {
        return out;
    };
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().to_str().map(String::from))
                .filter(|n| n.ends_with(".toml") && n != EXAMPLE_FILE)
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.truncate(MAX_PACKS);
    out.extend(files.iter().map(|f| entry(f, read(dir, f), lang)));
    out
}

fn entry(file: &str, pack: Result<Pack, String>, lang: Lang) -> PackEntry {
    match pack {
        Ok(p) => PackEntry {
            file: file.to_string(),
            id: Some(p.id),
            name: Some(p.name.of(lang).to_string()),
            version: Some(p.version),
            error: None,
        },
        Err(e) => PackEntry {
            file: file.to_string(),
            id: None,
            name: None,
            version: None,
            error: Some(e),
        },
    }
}

fn example() -> Pack {
    score::parse(EXAMPLE_FILE, EXAMPLE).expect("the example pack is checked by its test")
}

/// A file of the directory read as a pack; its size is checked before it is read.
fn read(dir: &Path, file: &str) -> Result<Pack, String> {
    let path = dir.join(file);
    let size = std::fs::metadata(&path)
        .map_err(|e| format!("{file}: {e}"))?
        .len();
    if size > score::pack::MAX_BYTES as u64 {
        return Err(format!("{file}: {size} bytes > {}", score::pack::MAX_BYTES));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
    score::parse(file, &text).map_err(|e| e.said(false))
}

/// The pack a request names: one of the list, by its file name, never a path.
fn chosen(dir: Option<&Path>, name: &str, lang: Lang) -> Result<Pack, AppError> {
    if name == EXAMPLE_FILE {
        return Ok(example());
    }
    let known = packs(dir, lang).into_iter().any(|p| p.file == name);
    let (Some(dir), true) = (dir, known) else {
        return Err(AppError::not_found(
            format!("没有考评规则包「{name}」"),
            format!("no evaluation pack {name}"),
        ));
    };
    read(dir, name).map_err(|e| {
        AppError::bad_request(
            format!("规则包有误：{e}"),
            format!("the pack is wrong: {e}"),
        )
    })
}

/// The page's data: the packs, and the sheet of the region and year asked for, scoped.
pub async fn view(
    state: &AppState,
    user: i64,
    q: ScoreQuery,
    lang: Lang,
) -> Result<ScoreView, AppError> {
    let dir = state.config.packs.clone();
    let pack_name = q.pack.clone().unwrap_or_else(|| EXAMPLE_FILE.to_string());
    if pack_name.chars().count() > 200 {
        return Err(AppError::bad_request(
            "规则包名称过长",
            "the pack's name is too long",
        ));
    }
    let region = q
        .region
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    if region.as_ref().is_some_and(|r| r.chars().count() > 100) {
        return Err(AppError::bad_request(
            "地区名称过长",
            "the region's name is too long",
        ));
    }
    if q.year.is_some_and(|y| !(2000..=2100).contains(&y)) {
        return Err(AppError::bad_request(
            "年度应在 2000 至 2100 之间",
            "the year is from 2000 to 2100",
        ));
    }
    let listed = {
        let dir = dir.clone();
        state.work(move || Ok(packs(dir.as_deref(), lang))).await?
    };
    let sheet = match (&region, q.year) {
        (Some(region), Some(year)) => {
            let pack = {
                let (dir, name) = (dir.clone(), pack_name.clone());
                state
                    .work(move || chosen(dir.as_deref(), &name, lang))
                    .await?
            };
            let region = region.clone();
            Some(
                state
                    .db(move |db| {
                        let by = Scope::of(db, user).map_err(crate::service::season::refused)?;
                        let organs = gongkai_store::score::organs(db, &by, &region, year)?;
                        Ok(score::score(&pack, &region, year, &organs))
                    })
                    .await?,
            )
        }
        _ => None,
    };
    Ok(ScoreView {
        packs: listed,
        pack: pack_name,
        region,
        year: q.year,
        sheet,
    })
}

/// The sheet's scores and evidence as two tables, for the workbook and the CSV.
pub fn tables(sheet: &Sheet, lang: Lang) -> [Table; 2] {
    gongkai_render::sheet::score_tables(sheet, lang, &format!("{} {} ", sheet.region, sheet.year))
}
