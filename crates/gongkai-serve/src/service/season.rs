//! The filing season, for the pages and the API alike: the seasons a user sees, a season's
//! board, an organ's filing (its timeline, submissions with what changed and the comments on
//! them), the filing form, and every step the season's store takes. Each function makes the
//! user's [`Scope`] inside the store's turn and hands it to the store, which refuses what it
//! does not allow; an organ or season the user may not see answers 404, as if it did not exist.

use crate::error::AppError;
use crate::service::drafts::{read_upload, Counts, FindingView};
use crate::state::AppState;
use axum::http::StatusCode;
use gongkai_check::Selection;
use gongkai_core::place::Kind;
use gongkai_core::template::{Template, SECTIONS};
use gongkai_core::value::parse_printed;
use gongkai_core::{Lang, Report, Section, Version};
use gongkai_store::scope::Scope;
use gongkai_store::season::{
    self, Acknowledgement, Date, Deadlines, Decision, Entry, Event, Filter, Pin, Season,
    SeasonError, State,
};
use gongkai_store::Db;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A season's refusal as the user reads it: what cannot be seen is not found; what may not be
/// done is forbidden; a report that breaks rules is unprocessable, with the rules named.
pub fn refused(e: SeasonError) -> AppError {
    let status = match &e {
        SeasonError::NoSeason(_)
        | SeasonError::NotExpected(_)
        | SeasonError::NoSubmission(_)
        | SeasonError::NoSuchUser(_) => StatusCode::NOT_FOUND,
        SeasonError::NotAllowed => StatusCode::FORBIDDEN,
        SeasonError::SeasonExists(_) | SeasonError::Illegal { .. } => StatusCode::CONFLICT,
        SeasonError::HasErrors(_) | SeasonError::Unacknowledged(_) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        SeasonError::Store(e) => return AppError::store(e.0.clone()),
        _ => StatusCode::BAD_REQUEST,
    };
    let code = match &e {
        SeasonError::NoSeason(_)
        | SeasonError::NotExpected(_)
        | SeasonError::NoSubmission(_)
        | SeasonError::NoSuchUser(_) => "not_found",
        SeasonError::NotAllowed => "forbidden",
        SeasonError::SeasonExists(_) => "season_exists",
        SeasonError::Illegal { .. } => "illegal_step",
        SeasonError::HasErrors(_) => "has_errors",
        SeasonError::Unacknowledged(_) => "unacknowledged",
        SeasonError::CommentRequired => "comment_required",
        _ => "bad_request",
    };
    AppError::new(status, code, e.zh(), e.en())
}

fn not_found() -> AppError {
    AppError::not_found(
        "没有这个填报期或机关，或您无权查看",
        "no such season or organ, or not one you may see",
    )
}

/// The scope of the user, with the season they asked for when they may see it.
fn scoped(db: &mut Db, user: i64, id: i64) -> Result<(Scope, Season), AppError> {
    let by = Scope::of(db, user).map_err(refused)?;
    let seen = season::list(db, &by).map_err(refused)?;
    let s = seen
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(not_found)?;
    Ok((by, s))
}

/// The scope, the season and the organ's line of the board, when the user may see the organ
/// in the season.
fn organ_scoped(
    db: &mut Db,
    user: i64,
    id: i64,
    organ: i64,
) -> Result<(Scope, Season, Entry), AppError> {
    let (by, s) = scoped(db, user, id)?;
    let now = gongkai_store::accounts::now();
    let e = season::entry(db, &by, id, organ, now)
        .map_err(refused)?
        .ok_or_else(not_found)?;
    Ok((by, s, e))
}

fn state_name(s: State, lang: Lang) -> &'static str {
    if lang.is_english() {
        s.en()
    } else {
        s.zh()
    }
}

/// One kind's deadline.
#[derive(Serialize, ToSchema, Clone)]
pub struct DeadlineView {
    /// `government`, `office`, `department`, `zone` or `town`.
    pub kind: String,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub due: String,
}

/// A season as lists show it.
#[derive(Serialize, ToSchema, Clone)]
pub struct SeasonView {
    pub id: i64,
    /// The year the reports cover.
    pub year: i32,
    pub region: String,
    /// `2021` or `2019`.
    pub template: String,
    pub deadlines: Vec<DeadlineView>,
    /// Whether the user may name organs and set deadlines.
    pub may_manage: bool,
}

impl SeasonView {
    fn of(s: &Season, by: &Scope, lang: Lang) -> SeasonView {
        SeasonView {
            id: s.id,
            year: s.year,
            region: s.region.clone(),
            template: s.template.as_str().to_string(),
            deadlines: season::KINDS
                .iter()
                .map(|k| DeadlineView {
                    kind: k.as_str().to_string(),
                    name: season::kind_name(*k, lang).to_string(),
                    due: s.deadlines.of(*k).to_string(),
                })
                .collect(),
            may_manage: by.manages(&s.region),
        }
    }
}

/// A warning acknowledged at a submission.
#[derive(Serialize, ToSchema, Clone)]
pub struct AcknowledgedView {
    pub code: String,
    pub message: String,
    pub reason: String,
}

/// One step of an organ's timeline: who, when, from which state to which, and why.
#[derive(Serialize, ToSchema, Clone)]
pub struct EventView {
    /// Seconds since 1970.
    pub at: i64,
    /// The moment in China's time: `2025-01-20 14:05`.
    pub when: String,
    pub user: Option<String>,
    /// `save`, `submit`, `return`, `approve`, `publish`, `mismatch`, `resolve`, `reopen`,
    /// `comment`, `due`.
    pub step: String,
    pub step_name: String,
    pub from: Option<String>,
    pub to: String,
    pub to_name: String,
    pub comment: Option<String>,
    pub submission: Option<i64>,
    pub acknowledged: Vec<AcknowledgedView>,
}

impl EventView {
    fn of(e: &Event, lang: Lang) -> EventView {
        EventView {
            at: e.at,
            when: season::moment(e.at),
            user: e.user.clone(),
            step: e.step.as_str().to_string(),
            step_name: if lang.is_english() {
                e.step.as_str().to_string()
            } else {
                e.step.zh().to_string()
            },
            from: e.from.map(|s| s.as_str().to_string()),
            to: e.to.as_str().to_string(),
            to_name: state_name(e.to, lang).to_string(),
            comment: e.comment.clone(),
            submission: e.submission,
            acknowledged: e
                .acknowledged
                .iter()
                .map(|a| AcknowledgedView {
                    code: a.code.clone(),
                    message: a.message.of(lang).to_string(),
                    reason: a.reason.clone(),
                })
                .collect(),
        }
    }
}

/// An expected organ.
#[derive(Serialize, ToSchema, Clone)]
pub struct OrganRef {
    pub id: i64,
    pub name: String,
    pub place: Option<String>,
    pub kind: String,
    pub kind_name: String,
}

impl OrganRef {
    fn of(o: &season::Expected, lang: Lang) -> OrganRef {
        OrganRef {
            id: o.id,
            name: o.name.clone(),
            place: o.place.clone(),
            kind: o.kind.as_str().to_string(),
            kind_name: season::kind_name(o.kind, lang).to_string(),
        }
    }
}

/// One line of the board.
#[derive(Serialize, ToSchema, Clone)]
pub struct EntryView {
    pub organ: OrganRef,
    /// `not_started`, `drafting`, `submitted`, `returned`, `approved`, `published`,
    /// `published_mismatch`.
    pub state: String,
    pub state_name: String,
    pub due: String,
    pub overdue: bool,
    pub last: Option<EventView>,
}

impl EntryView {
    fn of(e: &Entry, lang: Lang) -> EntryView {
        EntryView {
            organ: OrganRef::of(&e.organ, lang),
            state: e.state.as_str().to_string(),
            state_name: state_name(e.state, lang).to_string(),
            due: e.due.to_string(),
            overdue: e.overdue,
            last: e.last.as_ref().map(|l| EventView::of(l, lang)),
        }
    }
}

/// How many organs stand in one state.
#[derive(Serialize, ToSchema, Clone)]
pub struct StateCount {
    pub state: String,
    pub name: String,
    pub count: usize,
}

/// One cell of the roll-up.
#[derive(Serialize, ToSchema, Clone)]
pub struct TotalView {
    pub key: String,
    pub label: String,
    /// As printed: a number, or the blank marker.
    pub value: String,
}

/// The roll-up of the approved reports, and who is missing.
#[derive(Serialize, ToSchema, Clone)]
pub struct SeasonRollupView {
    /// The organs whose approved report is summed.
    pub counted: Vec<String>,
    /// The organs still without an approved report.
    pub missing: Vec<String>,
    /// The headline cells of the sum (every cell in the exports).
    pub totals: Vec<TotalView>,
}

/// The board of a season: every organ the user sees, with its state.
#[derive(Serialize, ToSchema)]
pub struct BoardView {
    pub season: SeasonView,
    pub entries: Vec<EntryView>,
    /// Every state with its number of organs (before filtering).
    pub counts: Vec<StateCount>,
    pub overdue: usize,
    /// The state filtered on, if any.
    pub state: Option<String>,
    /// `true` for the late only, `false` for those on time.
    pub late: Option<bool>,
    pub rollup: SeasonRollupView,
}

/// Which lines of the board: `?state=submitted&overdue=true`.
#[derive(Deserialize, utoipa::IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    pub state: Option<String>,
    pub overdue: Option<bool>,
}

impl BoardQuery {
    fn filter(&self) -> Result<Filter, AppError> {
        let state = match self.state.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(State::parse(s).ok_or_else(|| {
                AppError::bad_request(format!("没有状态 {s}"), format!("no state {s}"))
            })?),
        };
        Ok(Filter {
            state,
            overdue: self.overdue,
        })
    }
}

/// The headline cells the board's roll-up shows.
const HEADLINE: &[&str] = &[
    "t3.new.total",
    "t3.carried_over.total",
    "t3.granted.total",
    "t3.results_total.total",
    "t3.carried_forward.total",
    "t4.review.total",
    "t4.litigation_direct.total",
];

fn rollup_view(r: &season::Rollup, template: Version, lang: Lang, every: bool) -> SeasonRollupView {
    let totals = match &r.report {
        None => Vec::new(),
        Some(rep) => rep
            .cells
            .iter()
            .filter(|c| every || HEADLINE.contains(&c.key.as_str()))
            .map(|c| TotalView {
                key: c.key.clone(),
                label: season::cell_label(template, &c.key, lang),
                value: c.printed.value.to_string(),
            })
            .collect(),
    };
    SeasonRollupView {
        counted: r.counted.clone(),
        missing: r.missing.clone(),
        totals,
    }
}

/// The seasons the user sees, the latest first.
pub async fn list(state: &AppState, user: i64, lang: Lang) -> Result<Vec<SeasonView>, AppError> {
    state
        .db(move |db| {
            let by = Scope::of(db, user).map_err(refused)?;
            Ok(season::list(db, &by)
                .map_err(refused)?
                .iter()
                .map(|s| SeasonView::of(s, &by, lang))
                .collect())
        })
        .await
}

/// A new season, as the form or the API gives it.
#[derive(Deserialize, ToSchema)]
pub struct NewSeason {
    pub year: i32,
    pub region: String,
    /// `2021` (the default) or `2019`.
    pub template: Option<String>,
    /// Deadlines set apart from the law's, by kind: `{"department": "2025-01-20"}`.
    #[serde(default)]
    pub deadlines: BTreeMap<String, String>,
    /// The organs expected, by name (one per line in the form).
    #[serde(default)]
    pub organs: Vec<String>,
    /// Also expect every stored organ under the region.
    #[serde(default)]
    pub from_store: bool,
}

fn deadline(kind: &str, due: &str) -> Result<(Kind, Date), AppError> {
    let k = Kind::parse(kind).ok_or_else(|| {
        AppError::bad_request(
            format!("没有机关类别 {kind}"),
            format!("no kind of organ {kind}"),
        )
    })?;
    let d = Date::parse(due).ok_or_else(|| {
        AppError::bad_request(
            format!("日期 {due} 应写作 YYYY-MM-DD"),
            format!("the date {due} should read YYYY-MM-DD"),
        )
    })?;
    Ok((k, d))
}

/// Opens a season and names its organs, in one go; returns its number.
pub async fn create(state: &AppState, user: i64, new: NewSeason) -> Result<i64, AppError> {
    let template = match new.template.as_deref().unwrap_or("2021") {
        "2021" => Version::V2021,
        "2019" => Version::V2019,
        other => {
            return Err(AppError::bad_request(
                format!("没有 {other} 版模板"),
                format!("no {other} template"),
            ))
        }
    };
    let mut deadlines = Deadlines::defaults(new.year);
    for (kind, due) in new.deadlines.iter().filter(|(_, d)| !d.trim().is_empty()) {
        let (k, d) = deadline(kind, due.trim())?;
        deadlines.set(k, d);
    }
    if new.organs.len() > 5000 {
        return Err(AppError::too_big(
            "一个填报期最多 5000 个机关",
            "a season expects at most 5000 organs",
        ));
    }
    state
        .db(move |db| {
            let by = Scope::of(db, user).map_err(refused)?;
            let id = season::create(db, &by, new.year, &new.region, template, &deadlines)
                .map_err(refused)?;
            let names: Vec<&str> = new
                .organs
                .iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .collect();
            if !names.is_empty() {
                season::add_organs(db, &by, id, &names).map_err(refused)?;
            }
            if new.from_store {
                season::add_stored_organs(db, &by, id).map_err(refused)?;
            }
            Ok(id)
        })
        .await
}

/// Organs to expect in a season.
#[derive(Deserialize, ToSchema)]
pub struct NewOrgans {
    #[serde(default)]
    pub names: Vec<String>,
    /// Every stored organ under the season's region.
    #[serde(default)]
    pub from_store: bool,
}

/// Names more organs as expected; returns how many the season expects now.
pub async fn add_organs(
    state: &AppState,
    user: i64,
    id: i64,
    new: NewOrgans,
) -> Result<(), AppError> {
    if new.names.len() > 5000 {
        return Err(AppError::too_big(
            "一次最多添加 5000 个机关",
            "at most 5000 organs at once",
        ));
    }
    state
        .db(move |db| {
            let (by, _) = scoped(db, user, id)?;
            let names: Vec<&str> = new
                .names
                .iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .collect();
            season::add_organs(db, &by, id, &names).map_err(refused)?;
            if new.from_store {
                season::add_stored_organs(db, &by, id).map_err(refused)?;
            }
            Ok(())
        })
        .await
}

/// Sets one kind's deadline.
pub async fn set_deadline(
    state: &AppState,
    user: i64,
    id: i64,
    kind: String,
    due: String,
) -> Result<(), AppError> {
    let (k, d) = deadline(&kind, due.trim())?;
    state
        .db(move |db| {
            let (by, _) = scoped(db, user, id)?;
            season::set_deadline(db, &by, id, k, d).map_err(refused)
        })
        .await
}

/// The board, filtered as asked, with the counts and the roll-up.
pub async fn board(
    state: &AppState,
    user: i64,
    id: i64,
    q: BoardQuery,
    lang: Lang,
) -> Result<BoardView, AppError> {
    let filter = q.filter()?;
    state
        .db(move |db| {
            let (by, s) = scoped(db, user, id)?;
            let now = gongkai_store::accounts::now();
            let all = season::board(db, &by, id, &Filter::default(), now).map_err(refused)?;
            let counts = State::ALL
                .iter()
                .map(|st| StateCount {
                    state: st.as_str().to_string(),
                    name: state_name(*st, lang).to_string(),
                    count: all.iter().filter(|e| e.state == *st).count(),
                })
                .collect();
            let overdue = all.iter().filter(|e| e.overdue).count();
            let entries = all
                .iter()
                .filter(|e| filter.state.is_none_or(|st| e.state == st))
                .filter(|e| filter.overdue.is_none_or(|o| e.overdue == o))
                .map(|e| EntryView::of(e, lang))
                .collect();
            let rollup = season::rollup(db, &by, id).map_err(refused)?;
            Ok(BoardView {
                season: SeasonView::of(&s, &by, lang),
                entries,
                counts,
                overdue,
                state: filter.state.map(|s| s.as_str().to_string()),
                late: filter.overdue,
                rollup: rollup_view(&rollup, s.template, lang, false),
            })
        })
        .await
}

/// The board's lines as a sheet, for the office's OA: every line the filter keeps.
pub async fn board_sheet(
    state: &AppState,
    user: i64,
    id: i64,
    q: BoardQuery,
    lang: Lang,
) -> Result<gongkai_render::sheet::Sheet, AppError> {
    let filter = q.filter()?;
    state
        .db(move |db| {
            let (by, s) = scoped(db, user, id)?;
            let now = gongkai_store::accounts::now();
            let entries = season::board(db, &by, id, &filter, now).map_err(refused)?;
            let (header, rows) = season::board_rows(&entries, lang);
            Ok(gongkai_render::sheet::Sheet {
                title: format!("{}{}年度报送", s.region, s.year),
                header,
                rows,
            })
        })
        .await
}

/// The roll-up of every approved report, every cell, as a sheet.
pub async fn rollup_sheet(
    state: &AppState,
    user: i64,
    id: i64,
    lang: Lang,
) -> Result<gongkai_render::sheet::Sheet, AppError> {
    state
        .db(move |db| {
            let (by, s) = scoped(db, user, id)?;
            let r = season::rollup(db, &by, id).map_err(refused)?;
            let (header, rows) = season::rollup_rows(&r, lang);
            Ok(gongkai_render::sheet::Sheet {
                title: format!("{}{}年度汇总", s.region, s.year),
                header,
                rows,
            })
        })
        .await
}

/// The roll-up, every cell.
pub async fn rollup(
    state: &AppState,
    user: i64,
    id: i64,
    lang: Lang,
) -> Result<SeasonRollupView, AppError> {
    state
        .db(move |db| {
            let (by, s) = scoped(db, user, id)?;
            let r = season::rollup(db, &by, id).map_err(refused)?;
            Ok(rollup_view(&r, s.template, lang, true))
        })
        .await
}

/// A cell whose printed value changed from one submission to the next.
#[derive(Serialize, ToSchema, Clone)]
pub struct DiffView {
    pub key: String,
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A comment on a submission.
#[derive(Serialize, ToSchema, Clone)]
pub struct CommentView {
    pub id: i64,
    pub at: i64,
    pub when: String,
    pub user: Option<String>,
    /// `whole`, `cell`, `finding` or `excerpt`.
    pub pin: String,
    /// The cell's key, the finding's signature, or the passage quoted.
    pub pinned: Option<String>,
    pub body: String,
    /// For a comment on an earlier submission: whether the next one changed what it is
    /// pinned to (its cell, the passage, or the finding is gone).
    pub answered: Option<bool>,
}

/// One submission, with what the rules found and what changed since the one before.
#[derive(Serialize, ToSchema)]
pub struct SubmissionView {
    pub id: i64,
    /// 1 for the organ's first submission of the season.
    pub number: i64,
    pub at: i64,
    pub when: String,
    pub user: Option<String>,
    pub findings: Vec<FindingView>,
    pub counts: Counts,
    /// The cells changed since the submission before (empty for the first).
    pub changed: Vec<DiffView>,
    /// The sections (1–6) whose text changed since the submission before.
    pub sections_changed: Vec<u8>,
    pub comments: Vec<CommentView>,
}

/// An organ's filing in a season: where it stands, what it may do, and its whole history.
#[derive(Serialize, ToSchema)]
pub struct FilingView {
    pub season: SeasonView,
    pub organ: OrganRef,
    pub state: String,
    pub state_name: String,
    pub due: String,
    pub overdue: bool,
    /// Whether the user may save and submit the organ's report.
    pub may_file: bool,
    /// Whether the user may return and approve it.
    pub may_review: bool,
    /// Whether the user may say it went online.
    pub may_publish: bool,
    /// Whether a draft is saved.
    pub has_draft: bool,
    pub timeline: Vec<EventView>,
    /// The last first.
    pub submissions: Vec<SubmissionView>,
    /// The readings of what went online, the first first.
    pub publications: Vec<PublicationView>,
    #[serde(skip)]
    pub latest: Option<Report>,
}

fn section_text(r: &Report, n: u8) -> String {
    r.section(n)
        .map(|s| s.body.split_whitespace().collect::<String>())
        .unwrap_or_default()
}

fn submission_views(
    subs: &[season::Submission],
    comments: &[Vec<season::Comment>],
    template: Version,
    lang: Lang,
) -> Vec<SubmissionView> {
    let mut out = Vec::new();
    for (i, s) in subs.iter().enumerate() {
        let checked = gongkai_check::check(&s.report, None, &Selection::default());
        let findings: Vec<FindingView> = checked
            .iter()
            .enumerate()
            .map(|(n, f)| FindingView::bare(f, n + 1, lang))
            .collect();
        let counts = Counts::of(checked.iter().map(|f| f.severity));
        let before = i.checked_sub(1).map(|j| &subs[j].report);
        let changed = before
            .map(|b| {
                season::differences(b, &s.report)
                    .into_iter()
                    .map(|d| DiffView {
                        label: season::cell_label(template, &d.key, lang),
                        key: d.key,
                        before: d.before,
                        after: d.after,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let sections_changed = before
            .map(|b| {
                (1..=6u8)
                    .filter(|n| section_text(b, *n) != section_text(&s.report, *n))
                    .collect()
            })
            .unwrap_or_default();
        let next = subs.get(i + 1).map(|n| &n.report);
        let comments = comments[i]
            .iter()
            .map(|c| {
                let (pin, pinned) = match &c.pin {
                    Pin::Whole => ("whole", None),
                    Pin::Cell(k) => ("cell", Some(k.clone())),
                    Pin::Finding(f) => ("finding", Some(f.clone())),
                    Pin::Excerpt(t) => ("excerpt", Some(t.clone())),
                };
                CommentView {
                    id: c.id,
                    at: c.at,
                    when: season::moment(c.at),
                    user: c.user.clone(),
                    pin: pin.to_string(),
                    pinned,
                    body: c.body.clone(),
                    answered: next.map(|n| answers(&s.report, n, &c.pin)),
                }
            })
            .collect();
        out.push(SubmissionView {
            id: s.id,
            number: s.number,
            at: s.at,
            when: season::moment(s.at),
            user: s.user.clone(),
            findings,
            counts,
            changed,
            sections_changed,
            comments,
        });
    }
    out.reverse();
    out
}

/// Whether the next submission answers a comment: it changed the cell pinned, no longer
/// prints the passage quoted, or no longer has the finding; a comment on the whole is
/// answered by any change.
fn answers(before: &Report, after: &Report, pin: &Pin) -> bool {
    let printed = |r: &Report, k: &str| {
        r.cells
            .iter()
            .find(|c| c.key == k)
            .map(|c| c.printed.value.to_string())
    };
    match pin {
        Pin::Cell(k) => printed(before, k) != printed(after, k),
        Pin::Excerpt(t) => {
            let t: String = t.split_whitespace().collect();
            !(1..=6u8).any(|n| section_text(after, n).contains(&t))
                && !after
                    .preamble
                    .split_whitespace()
                    .collect::<String>()
                    .contains(&t)
        }
        Pin::Finding(sig) => !gongkai_check::check(after, None, &Selection::default())
            .iter()
            .any(|f| &f.signature() == sig),
        Pin::Whole => {
            !season::differences(before, after).is_empty()
                || (1..=6u8).any(|n| section_text(before, n) != section_text(after, n))
        }
    }
}

/// An organ's filing: its state, timeline and submissions.
pub async fn filing(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
    lang: Lang,
) -> Result<FilingView, AppError> {
    let (s, by_rights, e, entry, timeline, subs, comments, has_draft) = state
        .db(move |db| {
            let (by, s, entry) = organ_scoped(db, user, id, organ)?;
            let e = entry.organ.clone();
            let timeline = season::timeline(db, &by, id, organ).map_err(refused)?;
            let subs = season::submissions(db, &by, id, organ).map_err(refused)?;
            let mut comments = Vec::new();
            for sub in &subs {
                comments.push(season::comments(db, &by, id, organ, sub.id).map_err(refused)?);
            }
            let has_draft = season::draft(db, &by, id, organ)
                .map_err(refused)?
                .is_some();
            let publications: Vec<PublicationView> = season::publications(db, &by, id, organ)
                .map_err(refused)?
                .iter()
                .map(|p| publication_view(p, s.template, lang))
                .collect();
            let rights = (
                by.files_for(organ),
                by.reviews(e.place.as_deref()),
                by.publishes_for(organ, e.place.as_deref()),
                SeasonView::of(&s, &by, lang),
                publications,
            );
            Ok((s, rights, e, entry, timeline, subs, comments, has_draft))
        })
        .await?;
    let (may_file, may_review, may_publish, season_view, publications) = by_rights;
    state
        .work(move || {
            let latest = subs.last().map(|s| s.report.clone());
            Ok(FilingView {
                season: season_view,
                organ: OrganRef::of(&e, lang),
                state: entry.state.as_str().to_string(),
                state_name: state_name(entry.state, lang).to_string(),
                due: entry.due.to_string(),
                overdue: entry.overdue,
                may_file,
                may_review,
                may_publish,
                has_draft,
                timeline: timeline.iter().map(|t| EventView::of(t, lang)).collect(),
                submissions: submission_views(&subs, &comments, s.template, lang),
                publications,
                latest,
            })
        })
        .await
}

/// One section of the form, with the template's guidance.
#[derive(Serialize, ToSchema, Clone)]
pub struct SectionForm {
    pub number: u8,
    pub heading: String,
    /// What the template asks the section to say.
    pub guidance: String,
    pub body: String,
}

/// The filing form: the draft's values (or last year's carried over), the sections, what the
/// rules find in the draft, and the identities the page checks as the filer types.
#[derive(Serialize, ToSchema)]
pub struct FormView {
    pub season: SeasonView,
    pub organ: OrganRef,
    pub state: String,
    pub state_name: String,
    pub due: String,
    pub may_file: bool,
    /// The values as printed, by key.
    pub values: BTreeMap<String, String>,
    /// The keys prefilled from the organ's report of the year before (carried over).
    pub carried: Vec<String>,
    pub sections: Vec<SectionForm>,
    /// What the rules find in the saved draft (none before it is saved).
    pub findings: Vec<FindingView>,
    pub counts: Counts,
    /// The identities of the tables, for the page's script: `[{kind, left: [[keys…]], right}]`
    /// where a term is `{"cell": key}` or, for a group, `{"aggregate": key, "parts": [keys…]}`.
    #[schema(value_type = Vec<Object>)]
    pub identities: serde_json::Value,
    #[serde(skip)]
    pub template: Version,
}

/// The identities as the form's script evaluates them. A group term is `{"parts": [...],
/// "aggregate": "..."}`, a cell term `{"cell": "..."}`; the identities across years are left
/// to the server's check (the page has no year before to add).
pub fn identities_json(template: Version) -> serde_json::Value {
    use gongkai_core::identity::{IdentityKind, Term};
    let term = |t: &Term| match t {
        Term::Cell(k) => Some(serde_json::json!({ "cell": k })),
        Term::Group { aggregate, parts } => {
            Some(serde_json::json!({ "aggregate": aggregate, "parts": parts }))
        }
        Term::LastYear(_) => None,
    };
    let list: Vec<serde_json::Value> = Template::get(template)
        .identities()
        .iter()
        .filter(|i| i.kind != IdentityKind::AcrossYears)
        .map(|i| {
            let kind = match i.kind {
                IdentityKind::RowTotal => "row_total",
                IdentityKind::Balance => "balance",
                IdentityKind::Results => "results",
                IdentityKind::GroupTotal => "group_total",
                IdentityKind::Table4Total => "table4_total",
                IdentityKind::AcrossYears => "across_years",
            };
            serde_json::json!({
                "kind": kind,
                "left": i.left.iter().filter_map(term).collect::<Vec<_>>(),
                "right": i.right.iter().filter_map(term).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::Value::Array(list)
}

/// What each of the six sections should say, as the national format asks.
fn guidance(n: u8, lang: Lang) -> &'static str {
    let (zh, en) = match n {
        1 => ("概述本年度政府信息公开工作：主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。",
              "An overview of the year's work: proactive disclosure, requests, information management, platforms, oversight."),
        2 => ("填写表格：规章、规范性文件的制发和现行有效件数，行政许可、处罚、强制、事业性收费的数量。",
              "The table: rules and normative documents issued and in force; licences, penalties, enforcement measures and fees."),
        3 => ("填写表格：收到和处理政府信息公开申请情况，按申请人类型分列；上年结转、本年新收、办理结果、结转下年度。",
              "The table: requests received and how they were handled, by applicant type; carried over, new, results, carried forward."),
        4 => ("填写表格：因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
              "The table: administrative reviews and lawsuits over disclosure."),
        5 => ("说明本年度工作存在的主要问题及改进情况，以及上一年度问题的整改结果。",
              "The main problems of the year and how they are being put right, and what became of last year's."),
        _ => ("说明收取信息处理费的情况，以及需要报告的其他事项（如本年度工作要点落实情况）。",
              "Fees charged for handling requests, and anything else to report."),
    };
    if lang.is_english() {
        en
    } else {
        zh
    }
}

fn printed_values(r: &Report) -> BTreeMap<String, String> {
    r.cells
        .iter()
        .map(|c| (c.key.clone(), c.printed.value.to_string()))
        .collect()
}

/// The filing form of an organ.
pub async fn form(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
    lang: Lang,
) -> Result<FormView, AppError> {
    let (s, season_view, e, entry, may_file, draft, last_year) = state
        .db(move |db| {
            let (by, s, entry) = organ_scoped(db, user, id, organ)?;
            let e = entry.organ.clone();
            let draft = season::draft(db, &by, id, organ).map_err(refused)?;
            // Without a draft, the year before's report carries its numbers over.
            let last_year = match draft {
                Some(_) => None,
                None => gongkai_store::query::report(db, &e.name, Some(i64::from(s.year) - 1))?,
            };
            let may_file = by.files_for(organ);
            Ok((
                s.clone(),
                SeasonView::of(&s, &by, lang),
                e,
                entry,
                may_file,
                draft,
                last_year,
            ))
        })
        .await?;
    state
        .work(move || {
            let mut values = BTreeMap::new();
            let mut carried = Vec::new();
            let (findings, counts) = match &draft {
                Some(d) => {
                    values = printed_values(d);
                    let checked = gongkai_check::check(d, None, &Selection::default());
                    (
                        checked
                            .iter()
                            .enumerate()
                            .map(|(n, f)| FindingView::bare(f, n + 1, lang))
                            .collect(),
                        Counts::of(checked.iter().map(|f| f.severity)),
                    )
                }
                None => (Vec::new(), Counts::default()),
            };
            if let Some(last) = &last_year {
                for c in &last.cells {
                    let carry = c
                        .key
                        .strip_prefix("t3.carried_forward.")
                        .map(|col| format!("t3.carried_over.{col}"))
                        .or_else(|| {
                            // Table 二's 现行有效件数 of the year before, as the 2021 form asks.
                            (s.template == Version::V2021 && c.key.ends_with(".in_force"))
                                .then(|| c.key.clone())
                        });
                    if let Some(k) = carry {
                        if c.printed.value.number().is_some() {
                            values.insert(k.clone(), c.printed.value.to_string());
                            carried.push(k);
                        }
                    }
                }
            }
            let sections = SECTIONS
                .iter()
                .map(|spec| SectionForm {
                    number: spec.number,
                    heading: spec.label.text.to_string(),
                    guidance: guidance(spec.number, lang).to_string(),
                    body: draft
                        .as_ref()
                        .and_then(|d| d.section(spec.number))
                        .map(|x| x.body.clone())
                        .unwrap_or_default(),
                })
                .collect();
            Ok(FormView {
                season: season_view,
                organ: OrganRef::of(&e, lang),
                state: entry.state.as_str().to_string(),
                state_name: state_name(entry.state, lang).to_string(),
                due: entry.due.to_string(),
                may_file,
                values,
                carried,
                sections,
                findings,
                counts,
                identities: identities_json(s.template),
                template: s.template,
            })
        })
        .await
}

/// A report typed in the form: its cells as printed and its sections' text.
#[derive(Deserialize, ToSchema, Default)]
pub struct Filled {
    /// The cells as printed, by key: `{"t3.new.natural": "3"}`; a blank is left out or `""`.
    #[serde(default)]
    pub cells: BTreeMap<String, String>,
    /// The six sections' text, in order (fewer are taken as empty).
    #[serde(default)]
    pub sections: Vec<String>,
}

/// The most cells a form may carry: the 2021 format has 200.
const MAX_CELLS: usize = 400;
/// The most text a section may hold.
const MAX_SECTION: usize = 200_000;

impl Filled {
    /// The report the form describes, for the organ and year of the season.
    pub fn report(&self, organ: &str, year: i32, template: Version) -> Result<Report, AppError> {
        if self.cells.len() > MAX_CELLS || self.sections.len() > 6 {
            return Err(AppError::too_big(
                "表单的单元格或部分过多",
                "the form has too many cells or sections",
            ));
        }
        if self.sections.iter().any(|s| s.len() > MAX_SECTION) {
            return Err(AppError::too_big(
                "某一部分的正文过长（最多 20 万字节）",
                "a section's text is too long (at most 200,000 bytes)",
            ));
        }
        let t = Template::get(template);
        let mut values = Vec::new();
        for (k, v) in &self.cells {
            if t.cell(k).is_none() {
                return Err(AppError::bad_request(
                    format!("模板中没有单元格 {k}"),
                    format!("the template has no cell {k}"),
                ));
            }
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let value = parse_printed(v).map(|p| p.value).ok_or_else(|| {
                AppError::bad_request(
                    format!("单元格 {k} 的值「{v}」不是数字"),
                    format!("the value {v:?} of cell {k} is not a number"),
                )
            })?;
            values.push((k.clone(), value));
        }
        let mut report = Report::from_cells(
            "填报表单",
            Some(organ.to_string()),
            Some(year),
            template,
            values,
        );
        report.title = Some(format!("{organ}{year}年政府信息公开工作年度报告"));
        report.sections = SECTIONS
            .iter()
            .map(|spec| Section {
                number: spec.number,
                heading: spec.label.text.to_string(),
                body: self
                    .sections
                    .get(spec.number as usize - 1)
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default(),
                lines: Vec::new(),
                parts: Vec::new(),
                at: Default::default(),
            })
            .collect();
        Ok(report)
    }
}

async fn organ_and_season(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
) -> Result<(Season, season::Expected), AppError> {
    state
        .db(move |db| {
            let (_, s, e) = organ_scoped(db, user, id, organ)?;
            Ok((s, e.organ))
        })
        .await
}

/// Saves the form as the organ's draft, in one turn of the store: the report is made for the
/// organ and year the season gives.
pub async fn save(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
    filled: Filled,
) -> Result<(), AppError> {
    state
        .db(move |db| {
            let (by, s, e) = organ_scoped(db, user, id, organ)?;
            let report = filled.report(&e.organ.name, s.year, s.template)?;
            season::save(db, &by, id, organ, &report).map_err(refused)
        })
        .await
}

/// Reads an uploaded report and saves it as the organ's draft, to be looked over and
/// submitted.
pub async fn upload(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
    name: String,
    bytes: axum::body::Bytes,
) -> Result<(), AppError> {
    organ_and_season(state, user, id, organ).await?;
    let st = state.clone();
    let (report, _) = state.work(move || read_upload(&st, &name, &bytes)).await?;
    state
        .db(move |db| {
            let by = Scope::of(db, user).map_err(refused)?;
            season::save(db, &by, id, organ, &report).map_err(refused)
        })
        .await
}

/// A warning acknowledged, as forms and the API give it.
#[derive(Deserialize, ToSchema, Clone)]
pub struct AckInput {
    /// The finding's signature, as the form's findings list it.
    pub signature: String,
    pub reason: String,
}

/// Submits the saved draft, with the warnings acknowledged; returns the submission's number.
pub async fn submit(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
    acknowledged: Vec<AckInput>,
    comment: Option<String>,
) -> Result<i64, AppError> {
    if acknowledged.len() > 500 {
        return Err(AppError::too_big(
            "说明理由的提醒过多",
            "too many acknowledgements",
        ));
    }
    state
        .db(move |db| {
            let (by, _, _) = organ_scoped(db, user, id, organ)?;
            let draft = season::draft(db, &by, id, organ)
                .map_err(refused)?
                .ok_or_else(|| {
                    AppError::bad_request(
                        "还没有保存报告，请先填写或上传",
                        "no report saved yet: fill it in or upload it first",
                    )
                })?;
            let acks: Vec<Acknowledgement> = acknowledged
                .into_iter()
                .map(|a| Acknowledgement {
                    signature: a.signature,
                    reason: a.reason,
                })
                .collect();
            season::submit(db, &by, id, organ, &draft, &acks, comment.as_deref()).map_err(refused)
        })
        .await
}

/// Parses a decision's word: `return`, `approve`, `publish`, `mismatch`, `resolve`, `reopen`.
pub fn decision(word: &str) -> Result<Decision, AppError> {
    Ok(match word {
        "return" => Decision::Return,
        "approve" => Decision::Approve,
        "publish" => Decision::Publish,
        "mismatch" => Decision::Mismatch,
        "resolve" => Decision::Resolve,
        "reopen" => Decision::Reopen,
        other => {
            return Err(AppError::bad_request(
                format!("没有操作 {other}"),
                format!("no decision {other}"),
            ))
        }
    })
}

/// The office's (or approver's) decision; returns the organ's new state.
pub async fn decide(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
    decision: Decision,
    comment: Option<String>,
) -> Result<String, AppError> {
    state
        .db(move |db| {
            let (by, _, _) = organ_scoped(db, user, id, organ)?;
            season::decide(db, &by, id, organ, decision, comment.as_deref())
                .map(|s| s.as_str().to_string())
                .map_err(refused)
        })
        .await
}

/// A comment, as forms and the API give it.
#[derive(Deserialize, ToSchema)]
pub struct NewComment {
    pub submission: i64,
    /// `whole` (the default), `cell`, `finding` or `excerpt`.
    pub pin: Option<String>,
    /// The cell's key, the finding's signature, or the passage quoted.
    pub pinned: Option<String>,
    pub body: String,
}

/// Pins a comment to a submission; returns its number.
pub async fn comment(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
    c: NewComment,
) -> Result<i64, AppError> {
    if c.body.len() > 20_000 || c.pinned.as_ref().is_some_and(|p| p.len() > 2_000) {
        return Err(AppError::too_big(
            "意见过长（最多 2 万字节）",
            "the comment is too long (at most 20,000 bytes)",
        ));
    }
    let pinned = c.pinned.clone().unwrap_or_default();
    let pin = match c.pin.as_deref().unwrap_or("whole") {
        "whole" => Pin::Whole,
        "cell" => Pin::Cell(pinned),
        "finding" => Pin::Finding(pinned),
        "excerpt" => Pin::Excerpt(pinned),
        other => {
            return Err(AppError::bad_request(
                format!("意见不能针对 {other}"),
                format!("a comment cannot be pinned to {other}"),
            ))
        }
    };
    state
        .db(move |db| {
            let (by, _, _) = organ_scoped(db, user, id, organ)?;
            season::comment(db, &by, id, organ, c.submission, &pin, &c.body).map_err(refused)
        })
        .await
}

/// One difference between what went online and what it is compared with.
#[derive(Serialize, ToSchema, Clone)]
pub struct DiscrepancyView {
    /// `标题`, `第三部分`, or a cell's key.
    pub what: String,
    /// A cell's label, where it is one.
    pub label: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One reading of the published report.
#[derive(Serialize, ToSchema, Clone)]
pub struct PublicationView {
    pub id: i64,
    /// 1 for the first reading.
    pub number: i64,
    pub at: i64,
    pub when: String,
    pub user: Option<String>,
    /// The address of the page, or the name of the file, given.
    pub source: String,
    /// Against the approved submission: any is a finding, and the organ stands 发布不符.
    pub against_approved: Vec<DiscrepancyView>,
    /// Against the first reading: a report changed after it went online.
    pub against_first: Vec<DiscrepancyView>,
    /// The organ's state after the check.
    pub state: String,
    pub state_name: String,
}

fn discrepancies(d: &[season::Discrepancy], template: Version, lang: Lang) -> Vec<DiscrepancyView> {
    d.iter()
        .map(|x| DiscrepancyView {
            what: if lang.is_english() {
                x.what.en()
            } else {
                x.what.zh()
            },
            label: match &x.what {
                season::Part::Cell(k) => Some(season::cell_label(template, k, lang)),
                _ => None,
            },
            before: x.before.clone(),
            after: x.after.clone(),
        })
        .collect()
}

fn publication_view(p: &season::Publication, template: Version, lang: Lang) -> PublicationView {
    PublicationView {
        id: p.id,
        number: p.number,
        at: p.at,
        when: season::moment(p.at),
        user: p.user.clone(),
        source: p.source.clone(),
        against_approved: discrepancies(&p.against_approved, template, lang),
        against_first: discrepancies(&p.against_first, template, lang),
        state: p.state.as_str().to_string(),
        state_name: state_name(p.state, lang).to_string(),
    }
}

/// The organ's readings of its published report, the first first.
pub async fn publications(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
    lang: Lang,
) -> Result<Vec<PublicationView>, AppError> {
    state
        .db(move |db| {
            let (by, s, _) = organ_scoped(db, user, id, organ)?;
            Ok(season::publications(db, &by, id, organ)
                .map_err(refused)?
                .iter()
                .map(|p| publication_view(p, s.template, lang))
                .collect())
        })
        .await
}

/// The longest address kept for a publication.
const MAX_ADDRESS: usize = 2_000;

/// What went online, as given: the page saved from the site or the file put online, and
/// where it is (the file's name stands for it when no address is given).
pub struct Published {
    pub address: Option<String>,
    pub name: String,
    pub bytes: axum::body::Bytes,
}

/// Reads the published report and compares it with the approved one, and with the first
/// reading.
pub async fn check_publication(
    state: &AppState,
    user: i64,
    id: i64,
    organ: i64,
    published: Published,
    lang: Lang,
) -> Result<PublicationView, AppError> {
    let Published {
        address,
        name,
        bytes,
    } = published;
    let address = address
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty());
    if address.as_ref().is_some_and(|a| a.len() > MAX_ADDRESS) {
        return Err(AppError::too_big(
            "网址过长（最多 2000 字节）",
            "the address is too long (at most 2,000 bytes)",
        ));
    }
    organ_and_season(state, user, id, organ).await?;
    let source = address.unwrap_or_else(|| name.clone());
    let st = state.clone();
    let (report, _) = state.work(move || read_upload(&st, &name, &bytes)).await?;
    state
        .db(move |db| {
            let (by, s, _) = organ_scoped(db, user, id, organ)?;
            let p =
                season::check_publication(db, &by, id, organ, &source, &report).map_err(refused)?;
            Ok(publication_view(&p, s.template, lang))
        })
        .await
}

/// One thing that needs the user.
#[derive(Serialize, ToSchema, Clone)]
pub struct InboxItemView {
    pub season: i64,
    pub year: i32,
    pub region: String,
    pub organ: i64,
    pub organ_name: String,
    /// `overdue`, `returned`, `mismatch`, `due_soon`, `awaiting_review` or `approved`.
    pub kind: String,
    pub kind_name: String,
    pub due: String,
    pub at: Option<i64>,
    pub when: Option<String>,
    /// For a report returned, what to change.
    pub comment: Option<String>,
    /// The organ's page in the season.
    pub href: String,
}

/// The user's inbox: reports returned and approved, published not as approved, due in three
/// days, overdue, and (for an office) waiting for review; the most urgent first.
pub async fn inbox(
    state: &AppState,
    user: i64,
    lang: Lang,
) -> Result<Vec<InboxItemView>, AppError> {
    state
        .db(move |db| {
            let by = Scope::of(db, user).map_err(refused)?;
            let now = gongkai_store::accounts::now();
            Ok(season::inbox(db, &by, now)
                .map_err(refused)?
                .into_iter()
                .map(|i| InboxItemView {
                    href: format!("/seasons/{}/organs/{}", i.season, i.organ),
                    season: i.season,
                    year: i.year,
                    region: i.region,
                    organ: i.organ,
                    organ_name: i.organ_name,
                    kind: i.kind.as_str().to_string(),
                    kind_name: if lang.is_english() {
                        i.kind.en().to_string()
                    } else {
                        i.kind.zh().to_string()
                    },
                    due: i.due.to_string(),
                    at: i.at,
                    when: i.at.map(season::moment),
                    comment: i.comment,
                })
                .collect())
        })
        .await
}
