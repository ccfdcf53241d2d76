//! The corpus browsed as Datasette browses a table: the criteria of the address, a page of
//! reports, the facets with the address each value leads to, and the same rows exported as
//! CSV, JSON or a workbook. One view model for the page and the API.

use crate::error::AppError;
use crate::i18n::t;
use crate::state::AppState;
use gongkai_core::Lang;
use gongkai_store::browse::{self, Criteria, Dim, Index, RegionFilter, Sort};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// Rows on a page unless asked otherwise, and at most.
pub const PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 500;
/// Values a facet shows; the others are counted as more.
const FACET_VALUES: usize = 30;
/// Rows a workbook export may hold (a CSV or JSON export holds all).
pub const MAX_XLSX_ROWS: usize = 100_000;

/// What the corpus is browsed by, as the address holds it. Every criterion is optional, and
/// an empty one (a form's empty field) is no criterion.
#[derive(Deserialize, Serialize, Default, IntoParams, Clone, Debug, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct BrowseQuery {
    /// Part of the organ's name.
    #[serde(default, skip_serializing_if = "blank")]
    pub q: Option<String>,
    /// Words in the reports' text (two characters at least).
    #[serde(default, skip_serializing_if = "blank")]
    pub text: Option<String>,
    /// A region: its own organs, those of the places named after it (`淮安市洪泽区` in
    /// `淮安市`) and those the region list puts under it.
    #[serde(default, skip_serializing_if = "blank")]
    pub region: Option<String>,
    /// The organ's place, exactly.
    #[serde(default, skip_serializing_if = "blank")]
    pub place: Option<String>,
    /// 省, 市, 县 or 乡镇.
    #[serde(default, skip_serializing_if = "blank")]
    pub level: Option<String>,
    /// `government`, `office`, `department`, `zone` or `town`.
    #[serde(default, skip_serializing_if = "blank")]
    pub kind: Option<String>,
    /// The year reported on.
    #[serde(default, skip_serializing_if = "blank")]
    pub year: Option<String>,
    /// The template: `2019` or `2021`.
    #[serde(default, skip_serializing_if = "blank")]
    pub template: Option<String>,
    /// `yes`: reports with errors; `no`: without.
    #[serde(default, skip_serializing_if = "blank")]
    pub errors: Option<String>,
    /// A rule that found something (`A103`).
    #[serde(default, skip_serializing_if = "blank")]
    pub code: Option<String>,
    /// `organ` (the default), `year`, `errors` or `place`.
    #[serde(default, skip_serializing_if = "blank")]
    pub sort: Option<String>,
    /// The page, from 1.
    #[serde(default, skip_serializing_if = "blank")]
    pub page: Option<String>,
    /// Rows a page (50 unless asked; 500 at most).
    #[serde(default, skip_serializing_if = "blank")]
    pub per: Option<String>,
}

fn blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl BrowseQuery {
    /// The criterion of a facet.
    fn get(&self, dim: Dim) -> Option<&str> {
        given(match dim {
            Dim::Place => &self.place,
            Dim::Level => &self.level,
            Dim::Kind => &self.kind,
            Dim::Year => &self.year,
            Dim::Template => &self.template,
            Dim::Errors => &self.errors,
            Dim::Code => &self.code,
        })
    }

    fn set(&mut self, dim: Dim, value: Option<String>) {
        let slot = match dim {
            Dim::Place => &mut self.place,
            Dim::Level => &mut self.level,
            Dim::Kind => &mut self.kind,
            Dim::Year => &mut self.year,
            Dim::Template => &mut self.template,
            Dim::Errors => &mut self.errors,
            Dim::Code => &mut self.code,
        };
        *slot = value;
    }

    /// The address of the corpus page with these criteria (and the language kept).
    pub fn href(&self, path: &str, lang: Lang) -> String {
        let mut query = serde_urlencoded::to_string(self).unwrap_or_default();
        if lang.is_english() {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str("lang=en");
        }
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }

    /// These criteria with a facet's value chosen, or cleared when it was chosen; back to
    /// the first page.
    pub fn toggled(&self, dim: Dim, value: &str) -> BrowseQuery {
        let mut q = self.clone();
        let chosen = self.get(dim) == Some(value);
        q.set(dim, (!chosen).then(|| value.to_string()));
        q.page = None;
        q
    }

    /// These criteria on another page.
    pub fn on_page(&self, page: usize) -> BrowseQuery {
        BrowseQuery {
            page: (page > 1).then(|| page.to_string()),
            ..self.clone()
        }
    }

    /// These criteria sorted otherwise, from the first page.
    pub fn sorted(&self, sort: Sort) -> BrowseQuery {
        BrowseQuery {
            sort: (sort != Sort::Organ).then(|| sort.as_str().to_string()),
            page: None,
            ..self.clone()
        }
    }

    pub fn sort(&self) -> Sort {
        given(&self.sort).and_then(Sort::parse).unwrap_or_default()
    }

    /// The store's criteria, or what is wrong with the address.
    fn criteria(&self) -> Result<(Criteria, usize, usize), AppError> {
        let number = |name: &str, v: &Option<String>| -> Result<Option<i64>, AppError> {
            given(v)
                .map(|s| {
                    s.parse::<i64>().map_err(|_| {
                        AppError::bad_request(
                            format!("{name} 应为整数，而不是「{}」", gongkai_core::printable(s)),
                            format!("{name} must be a whole number, not {:?}", s),
                        )
                    })
                })
                .transpose()
        };
        let year = number("year", &self.year)?;
        let page = number("page", &self.page)?.unwrap_or(1).max(1) as usize;
        let per = number("per", &self.per)?
            .unwrap_or(PER_PAGE as i64)
            .clamp(1, MAX_PER_PAGE as i64) as usize;
        let errors = match given(&self.errors) {
            None => None,
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some(other) => {
                return Err(AppError::bad_request(
                    format!(
                        "errors 应为 yes 或 no，而不是「{}」",
                        gongkai_core::printable(other)
                    ),
                    format!("errors must be yes or no, not {other:?}"),
                ))
            }
        };
        if let Some(s) = given(&self.sort) {
            if Sort::parse(s).is_none() {
                return Err(AppError::bad_request(
                    format!(
                        "sort 应为 organ、year、errors 或 place，而不是「{}」",
                        gongkai_core::printable(s)
                    ),
                    format!("sort must be organ, year, errors or place, not {s:?}"),
                ));
            }
        }
        let own = |v: &Option<String>| given(v).map(String::from);
        Ok((
            Criteria {
                organ: own(&self.q),
                found: None,
                region: None,
                place: own(&self.place),
                level: own(&self.level),
                kind: own(&self.kind),
                year,
                template: own(&self.template),
                errors,
                code: own(&self.code),
                sort: self.sort(),
                offset: (page - 1).saturating_mul(per),
                limit: per,
            },
            page,
            per,
        ))
    }
}

/// A report as the corpus lists it.
#[derive(Serialize, ToSchema, Clone)]
pub struct BrowseRow {
    /// The stored version's id: `/corpus/reports/{id}`.
    pub id: i64,
    pub organ: String,
    pub place: Option<String>,
    pub level: Option<String>,
    pub kind: Option<String>,
    pub year: i64,
    pub version: i64,
    /// `2019` or `2021`.
    pub template: String,
    pub errors: i64,
    pub warnings: i64,
    pub notices: i64,
}

/// A facet's value: how many reports choosing it would show, and the address that does.
#[derive(Serialize, ToSchema)]
pub struct FacetValue {
    pub value: String,
    /// The value in words.
    pub label: String,
    pub count: usize,
    pub selected: bool,
    /// The corpus with this value chosen, or cleared when it is.
    pub href: String,
}

/// A facet: counted over the reports the other criteria keep.
#[derive(Serialize, ToSchema)]
pub struct FacetView {
    /// Its query parameter.
    pub name: String,
    pub label: String,
    pub values: Vec<FacetValue>,
    /// Values not shown (the most frequent are).
    pub more: usize,
}

/// A page of the corpus.
#[derive(Serialize, ToSchema)]
pub struct BrowseView {
    #[schema(value_type = Object)]
    pub query: BrowseQuery,
    /// Reports the criteria keep, on every page.
    pub total: usize,
    /// Organs those reports are of.
    pub organs: usize,
    pub page: usize,
    pub pages: usize,
    pub per: usize,
    pub rows: Vec<BrowseRow>,
    pub facets: Vec<FacetView>,
    /// The text searched for was too short to search (one Chinese character).
    pub text_ignored: bool,
}

/// The index of the current reports, read again when the store has changed since.
fn index(state: &AppState, db: &mut gongkai_store::Db) -> Result<Arc<Index>, AppError> {
    let now = browse::generation(db)?;
    let mut held = state.browse.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(i) = held.as_ref().filter(|i| i.generation() == now) {
        return Ok(i.clone());
    }
    let fresh = Arc::new(Index::load(db)?);
    *held = Some(fresh.clone());
    Ok(fresh)
}

/// What the criteria keep: all of it, unpaged, for an export; a page otherwise.
fn kept(
    state: &AppState,
    db: &mut gongkai_store::Db,
    q: &BrowseQuery,
    all: bool,
) -> Result<(browse::Page, usize, usize, bool), AppError> {
    let (mut c, page, per) = q.criteria()?;
    if all {
        c.offset = 0;
        c.limit = usize::MAX;
    }
    let mut text_ignored = false;
    if let Some(text) = given(&q.text) {
        c.found = gongkai_store::text::search(db, text)?;
        text_ignored = c.found.is_none();
    }
    if let Some(region) = given(&q.region) {
        c.region = Some(RegionFilter::load(db, region)?);
    }
    let index = index(state, db)?;
    Ok((index.browse(&c), page, per, text_ignored))
}

fn row(r: browse::Row) -> BrowseRow {
    BrowseRow {
        id: r.id,
        organ: r.organ,
        place: r.place,
        level: r.level,
        kind: r.kind,
        year: r.year,
        version: r.version,
        template: r.template.to_string(),
        errors: r.errors,
        warnings: r.warnings,
        notices: r.infos,
    }
}

/// A page of the corpus with its facets.
pub async fn page(state: &AppState, q: BrowseQuery, lang: Lang) -> Result<BrowseView, AppError> {
    let s = state.clone();
    let query = q.clone();
    let (found, page, per, text_ignored) = state.db(move |db| kept(&s, db, &query, false)).await?;
    let facets = found
        .facets
        .into_iter()
        .map(|f| {
            let more = f.values.len().saturating_sub(FACET_VALUES);
            let chosen = q.get(f.dim).map(String::from);
            let mut values: Vec<FacetValue> = f
                .values
                .into_iter()
                .take(FACET_VALUES)
                .map(|(value, count)| FacetValue {
                    label: value_label(f.dim, &value, lang),
                    selected: chosen.as_deref() == Some(value.as_str()),
                    href: q.toggled(f.dim, &value).href("/corpus", lang),
                    count,
                    value,
                })
                .collect();
            // A value chosen is shown even when nothing the other criteria keep has it.
            if let Some(c) = chosen.filter(|c| !values.iter().any(|v| &v.value == c)) {
                values.insert(
                    0,
                    FacetValue {
                        label: value_label(f.dim, &c, lang),
                        selected: true,
                        href: q.toggled(f.dim, &c).href("/corpus", lang),
                        count: 0,
                        value: c,
                    },
                );
            }
            FacetView {
                name: f.dim.as_str().to_string(),
                label: dim_label(f.dim, lang).to_string(),
                values,
                more,
            }
        })
        .collect();
    Ok(BrowseView {
        total: found.total,
        organs: found.organs,
        page,
        pages: found.total.div_ceil(per).max(1),
        per,
        rows: found.rows.into_iter().map(row).collect(),
        facets,
        text_ignored,
        query: q,
    })
}

/// Every report the criteria keep, in the page's order.
pub async fn all(state: &AppState, q: BrowseQuery) -> Result<Vec<BrowseRow>, AppError> {
    let s = state.clone();
    let (found, ..) = state.db(move |db| kept(&s, db, &q, true)).await?;
    Ok(found.rows.into_iter().map(row).collect())
}

/// A facet's name in words.
pub fn dim_label(dim: Dim, lang: Lang) -> &'static str {
    match dim {
        Dim::Place => t(lang, "地区", "Place"),
        Dim::Level => t(lang, "层级", "Level"),
        Dim::Kind => t(lang, "机关类型", "Kind of organ"),
        Dim::Year => t(lang, "年度", "Year"),
        Dim::Template => t(lang, "模板", "Template"),
        Dim::Errors => t(lang, "错误", "Errors"),
        Dim::Code => t(lang, "规则", "Rule"),
    }
}

/// A facet's value in words.
pub fn value_label(dim: Dim, value: &str, lang: Lang) -> String {
    match dim {
        Dim::Level => level_label(value, lang).to_string(),
        Dim::Kind => kind_label(value, lang).to_string(),
        Dim::Template => match value {
            "2019" => t(lang, "2019 年版", "2019 format").to_string(),
            _ => t(lang, "2021 年版", "2021 format").to_string(),
        },
        Dim::Errors => match value {
            "yes" => t(lang, "有错误", "with errors").to_string(),
            _ => t(lang, "无错误", "without errors").to_string(),
        },
        Dim::Code => match gongkai_check::rule(value) {
            Some(rule) => format!("{value} {}", rule.title(lang)),
            None => value.to_string(),
        },
        Dim::Place | Dim::Year => value.to_string(),
    }
}

/// A level (as stored) in words.
pub fn level_label(level: &str, lang: Lang) -> &str {
    match level {
        "省" => t(lang, "省级", "province"),
        "市" => t(lang, "地市级", "prefecture"),
        "县" => t(lang, "县级", "county"),
        "乡镇" => t(lang, "乡镇级", "town"),
        other => other,
    }
}

/// A kind of organ (as stored) in words.
pub fn kind_label(kind: &str, lang: Lang) -> &str {
    match kind {
        "government" => t(lang, "人民政府", "government"),
        "office" => t(lang, "政府办公室", "government office"),
        "department" => t(lang, "政府部门", "department"),
        "zone" => t(lang, "开发区、新区", "development zone"),
        "town" => t(lang, "乡镇、街道", "town or street"),
        other => other,
    }
}

/// The columns of an export, by language.
fn columns(lang: Lang) -> [&'static str; 11] {
    [
        "id",
        t(lang, "机关", "organ"),
        t(lang, "地区", "place"),
        t(lang, "层级", "level"),
        t(lang, "机关类型", "kind"),
        t(lang, "年度", "year"),
        t(lang, "版本", "version"),
        t(lang, "模板", "template"),
        t(lang, "错误", "errors"),
        t(lang, "警告", "warnings"),
        t(lang, "提示", "notices"),
    ]
}

fn fields(r: &BrowseRow, lang: Lang) -> [String; 11] {
    [
        r.id.to_string(),
        r.organ.clone(),
        r.place.clone().unwrap_or_default(),
        r.level
            .as_deref()
            .map_or(String::new(), |l| level_label(l, lang).to_string()),
        r.kind
            .as_deref()
            .map_or(String::new(), |k| kind_label(k, lang).to_string()),
        r.year.to_string(),
        r.version.to_string(),
        r.template.clone(),
        r.errors.to_string(),
        r.warnings.to_string(),
        r.notices.to_string(),
    ]
}

/// The rows as CSV (with a byte-order mark, which Excel needs to read UTF-8).
pub fn csv(rows: &[BrowseRow], lang: Lang) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |out: &mut String, cells: &[&str]| {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // A cell a spreadsheet would run as a formula (an organ's name is the organ's
            // to choose) is kept text by an apostrophe before it.
            let c = if c.starts_with(['=', '+', '-', '@']) {
                format!("'{c}")
            } else {
                c.to_string()
            };
            if c.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&c.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(&c);
            }
        }
        out.push_str("\r\n");
    };
    line(&mut out, &columns(lang));
    for r in rows {
        let f = fields(r, lang);
        let cells: Vec<&str> = f.iter().map(String::as_str).collect();
        line(&mut out, &cells);
    }
    out.into_bytes()
}

/// The rows as a workbook of one sheet.
pub fn xlsx(rows: &[BrowseRow], lang: Lang) -> Result<Vec<u8>, AppError> {
    if rows.len() > MAX_XLSX_ROWS {
        return Err(AppError::too_big(
            format!(
                "筛选结果有 {} 份报告，工作簿最多 {MAX_XLSX_ROWS} 份：请缩小筛选范围，或导出 CSV",
                rows.len()
            ),
            format!(
                "the filter keeps {} reports, a workbook holds {MAX_XLSX_ROWS} at most: narrow it, or export CSV",
                rows.len()
            ),
        ));
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let failed = |e: rust_xlsxwriter::XlsxError| AppError::internal(e.to_string());
    for (c, name) in columns(lang).iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *name, &bold)
            .map_err(failed)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let at = i as u32 + 1;
        for (c, v) in fields(r, lang).iter().enumerate() {
            // Numbers stay numbers for the spreadsheet's sums.
            match (c, v.parse::<f64>()) {
                (0 | 5 | 6 | 8 | 9 | 10, Ok(n)) => sheet.write_number(at, c as u16, n),
                _ => sheet.write_string(at, c as u16, v),
            }
            .map_err(failed)?;
        }
    }
    sheet
        .autofilter(0, 0, rows.len() as u32, 10)
        .map_err(failed)?;
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}
