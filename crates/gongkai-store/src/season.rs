//! The filing season: every January a county's or city's 政务公开 office collects the annual
//! reports of its departments, towns and zones before they are published, checks them, sends
//! them back with comments, approves them, then checks that what went online is what was
//! approved.
//!
//! A [`Season`] is one year's collection over one region, in one template, with a deadline for
//! each kind of organ (by default 1月31日 of the next year for departments, offices, zones and
//! towns, 3月31日 for governments; each may be set earlier, and one organ's may be set apart).
//! The organs expected are named (and added to the store's organs when it has none of that
//! name) or taken from the stored organs under the region.
//!
//! Each expected organ is in one [`State`] at a time, and moves between them only by the
//! [`Step`]s allowed from it:
//!
//! | step | from | to | by |
//! |---|---|---|---|
//! | save (a draft) | 未开始, 填报中 | 填报中 | the organ |
//! | save (a draft) | 退回修改 | 退回修改 (stays) | the organ |
//! | submit | 未开始, 填报中, 退回修改 | 已报送 | the organ |
//! | return (comment required) | 已报送 | 退回修改 | the office |
//! | approve | 已报送 | 已通过 | the office |
//! | publish | 已通过 | 已发布 | the office, or the organ's approver; the publication check |
//! | mismatch (comment required) | 已发布 | 发布不符 | the office; the publication check |
//! | resolve (put right online) | 发布不符 | 已发布 | the office; the publication check |
//! | reopen (comment required) | 已通过, 已发布, 发布不符 | 退回修改 | the office |
//! | comment, own deadline | any | unchanged | |
//!
//! Every step is a row of the organ's timeline ([`timeline`]): who, when, the comment, and for
//! a submission the warnings acknowledged with their reasons. A report with an error (an A
//! rule broken: the tables do not add up) cannot be submitted, nor one with a warning not
//! acknowledged. Each submission keeps the report submitted, so that two can be compared
//! ([`differences`]), and comments are pinned to a submission's cell, finding or excerpt.
//!
//! Once approved, the organ gives the address of the published page or the file it put online,
//! and [`check_publication`] reads it against the approved submission: the title, the six
//! sections' text and every cell. It publishes the report, or finds it 发布不符 with the
//! differences listed in the timeline, or finds it put right; each reading is kept
//! ([`publications`]), and a page read again later is also compared with the first reading,
//! since a report changed after it was published is a finding of its own. [`inbox`] gathers
//! what needs a user's attention across the seasons: for an organ, its report returned,
//! approved, due soon or late; for an office, the reports awaiting review and the organs late.
//!
//! What a user may see and do is their [`Scope`]: the organ's filer submits, the reviewer of
//! the region returns and approves, its office admin opens seasons and names organs.

use crate::accounts::now;
use crate::db::{Db, DbError, Val};
use crate::query::Area;
use crate::scope::{place_of, Scope};
use gongkai_check::{Selection, Severity};
use gongkai_core::place::Kind;
use gongkai_core::template::Template;
use gongkai_core::{Lang, Report, Text, Version};
use std::fmt;

/// A day of the calendar, as deadlines are set: `2025-01-31`.
pub use gongkai_core::date::Date;

/// Every kind of organ, in the order deadlines are shown.
pub const KINDS: [Kind; 5] = [
    Kind::Government,
    Kind::Office,
    Kind::Department,
    Kind::Zone,
    Kind::Town,
];

/// The day each kind of organ is due to file by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines([Date; 5]);

fn slot(kind: Kind) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(2)
}

impl Deadlines {
    /// The law's dates for a report on `year`: 1月31日 of the next year for departments (and
    /// offices, zones and towns), 3月31日 for a government's own report.
    pub fn defaults(year: i32) -> Deadlines {
        Deadlines(KINDS.map(|kind| gongkai_core::date::deadline(kind, year)))
    }

    pub fn of(&self, kind: Kind) -> Date {
        self.0[slot(kind)]
    }

    /// Sets one kind's deadline (many places set earlier dates than the law's).
    pub fn set(&mut self, kind: Kind, due: Date) {
        self.0[slot(kind)] = due;
    }
}

/// Where an expected organ stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum State {
    /// 未开始: nothing saved yet.
    NotStarted,
    /// 填报中: the organ has saved a draft of its report.
    Drafting,
    /// 已报送: submitted, waiting for the office.
    Submitted,
    /// 退回修改: sent back with comments, to be submitted again.
    Returned,
    /// 已通过: approved by the office, to be published as it is.
    Approved,
    /// 已发布: online, as approved.
    Published,
    /// 发布不符: what went online is not what was approved.
    PublishedMismatch,
}

impl State {
    pub const ALL: [State; 7] = [
        State::NotStarted,
        State::Drafting,
        State::Submitted,
        State::Returned,
        State::Approved,
        State::Published,
        State::PublishedMismatch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::NotStarted => "not_started",
            State::Drafting => "drafting",
            State::Submitted => "submitted",
            State::Returned => "returned",
            State::Approved => "approved",
            State::Published => "published",
            State::PublishedMismatch => "published_mismatch",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            State::NotStarted => "未开始",
            State::Drafting => "填报中",
            State::Submitted => "已报送",
            State::Returned => "退回修改",
            State::Approved => "已通过",
            State::Published => "已发布",
            State::PublishedMismatch => "发布不符",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            State::NotStarted => "not started",
            State::Drafting => "drafting",
            State::Submitted => "submitted",
            State::Returned => "returned",
            State::Approved => "approved",
            State::Published => "published",
            State::PublishedMismatch => "published, not as approved",
        }
    }

    /// Whether the organ still owes the office a report: late once its deadline has passed.
    pub fn owes(self) -> bool {
        matches!(self, State::NotStarted | State::Drafting | State::Returned)
    }
}

/// What can happen to an expected organ: each a row of its timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// Named as expected in the season.
    Add,
    /// The organ saved a draft.
    Save,
    /// The organ submitted its report.
    Submit,
    /// The office sent it back (with a comment).
    Return,
    /// The office approved it.
    Approve,
    /// The approved report went online.
    Publish,
    /// What went online is not what was approved (with a comment).
    Mismatch,
    /// What is online was put right.
    Resolve,
    /// The office took back its approval: the organ is to submit again (with a comment).
    Reopen,
    /// A comment on a submission; the state does not change.
    Comment,
    /// The organ's own deadline was set.
    Due,
}

impl Step {
    pub const ALL: [Step; 11] = [
        Step::Add,
        Step::Save,
        Step::Submit,
        Step::Return,
        Step::Approve,
        Step::Publish,
        Step::Mismatch,
        Step::Resolve,
        Step::Reopen,
        Step::Comment,
        Step::Due,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Add => "add",
            Step::Save => "save",
            Step::Submit => "submit",
            Step::Return => "return",
            Step::Approve => "approve",
            Step::Publish => "publish",
            Step::Mismatch => "mismatch",
            Step::Resolve => "resolve",
            Step::Reopen => "reopen",
            Step::Comment => "comment",
            Step::Due => "due",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            Step::Add => "列入",
            Step::Save => "保存",
            Step::Submit => "报送",
            Step::Return => "退回",
            Step::Approve => "通过",
            Step::Publish => "发布",
            Step::Mismatch => "发布不符",
            Step::Resolve => "已更正",
            Step::Reopen => "撤回通过",
            Step::Comment => "意见",
            Step::Due => "调整期限",
        }
    }

    /// The state this step leads to from `from`; `None` when it is not allowed from there.
    pub fn from(self, from: State) -> Option<State> {
        use State::*;
        Some(match (self, from) {
            (Step::Save, NotStarted | Drafting) => Drafting,
            (Step::Save, Returned) => Returned,
            (Step::Submit, NotStarted | Drafting | Returned) => Submitted,
            (Step::Return, Submitted) => Returned,
            (Step::Approve, Submitted) => Approved,
            (Step::Publish, Approved) => Published,
            (Step::Mismatch, Published) => PublishedMismatch,
            (Step::Resolve, PublishedMismatch) => Published,
            (Step::Reopen, Approved | Published | PublishedMismatch) => Returned,
            (Step::Comment | Step::Due, s) => s,
            _ => return None,
        })
    }
}

/// What the office (or, for [`Decision::Publish`], the organ's approver) decides about a
/// submitted or approved report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Send back for changes: a comment is required.
    Return,
    Approve,
    /// The approved report is online.
    Publish,
    /// What is online is not what was approved: a comment is required.
    Mismatch,
    /// What is online was put right.
    Resolve,
    /// Take back an approval so that the organ submits again: a comment is required.
    Reopen,
}

impl Decision {
    pub fn step(self) -> Step {
        match self {
            Decision::Return => Step::Return,
            Decision::Approve => Step::Approve,
            Decision::Publish => Step::Publish,
            Decision::Mismatch => Step::Mismatch,
            Decision::Resolve => Step::Resolve,
            Decision::Reopen => Step::Reopen,
        }
    }

    fn needs_comment(self) -> bool {
        matches!(
            self,
            Decision::Return | Decision::Mismatch | Decision::Reopen
        )
    }
}

/// A warning the filer read and submits all the same, saying why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acknowledgement {
    /// The finding's [signature](gongkai_check::Finding::signature).
    pub signature: String,
    pub reason: String,
}

/// A warning acknowledged at a submission, as the timeline keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acknowledged {
    pub signature: String,
    pub code: String,
    pub message: Text,
    pub reason: String,
}

/// A finding that stops a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocking {
    pub code: String,
    pub signature: String,
    pub message: Text,
}

/// What a comment is pinned to in a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pin {
    /// The submission as a whole.
    Whole,
    /// A cell, by its key (`t3.new.total`).
    Cell(String),
    /// A finding, by its signature.
    Finding(String),
    /// A passage of the report's text, quoted.
    Excerpt(String),
}

impl Pin {
    fn parts(&self) -> (&'static str, Option<&str>) {
        match self {
            Pin::Whole => ("whole", None),
            Pin::Cell(k) => ("cell", Some(k)),
            Pin::Finding(s) => ("finding", Some(s)),
            Pin::Excerpt(t) => ("excerpt", Some(t)),
        }
    }

    fn of(kind: Option<&str>, text: Option<&str>) -> Pin {
        let text = text.unwrap_or_default().to_string();
        match kind {
            Some("cell") => Pin::Cell(text),
            Some("finding") => Pin::Finding(text),
            Some("excerpt") => Pin::Excerpt(text),
            _ => Pin::Whole,
        }
    }
}

/// Why a season could not be read or changed.
#[derive(Debug)]
pub enum SeasonError {
    /// No season of this number.
    NoSeason(i64),
    /// A season of this year and region exists (its number).
    SeasonExists(i64),
    /// The year is outside 2000–2100.
    BadYear(i64),
    EmptyRegion,
    /// No user of this number.
    NoSuchUser(i64),
    /// No organ of this name (or number).
    NoSuchOrgan(String),
    /// The organ is not expected in the season.
    NotExpected(String),
    /// The organ's place does not lie in the season's region (or its name tells no place).
    OutsideRegion(String),
    /// The user's place does not allow this.
    NotAllowed,
    /// The step is not allowed from the organ's state.
    Illegal {
        step: Step,
        from: State,
    },
    /// The step needs a comment.
    CommentRequired,
    /// The report is of another organ (the one it names).
    WrongOrgan(String),
    /// The report is of another year.
    WrongYear(Option<i32>),
    /// The report is in the other template.
    WrongTemplate(Version),
    /// The report breaks rules (errors): it cannot be submitted.
    HasErrors(Vec<Blocking>),
    /// Warnings with no acknowledgement, or one with no reason.
    Unacknowledged(Vec<Blocking>),
    /// No submission of this number for the organ.
    NoSubmission(i64),
    /// The comment is pinned to a cell the submission does not have.
    NoSuchCell(String),
    /// What went online can be checked only once the report is approved (the organ's state).
    NotApproved(State),
    Store(DbError),
}

fn codes(b: &[Blocking]) -> String {
    b.iter()
        .map(|b| b.code.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

impl SeasonError {
    pub fn zh(&self) -> String {
        match self {
            SeasonError::NoSeason(id) => format!("没有第 {id} 号填报期"),
            SeasonError::SeasonExists(id) => {
                format!("该地区该年度已有填报期（第 {id} 号）")
            }
            SeasonError::BadYear(y) => format!("年度 {y} 不在 2000 至 2100 年之间"),
            SeasonError::EmptyRegion => "地区不能为空".into(),
            SeasonError::NoSuchUser(id) => format!("没有用户 #{id}"),
            SeasonError::NoSuchOrgan(o) => format!("没有机关 {o}"),
            SeasonError::NotExpected(o) => format!("{o} 不在本填报期的机关名单中"),
            SeasonError::OutsideRegion(o) => {
                format!("{o} 不在本填报期的地区内（或名称看不出所在地）")
            }
            SeasonError::NotAllowed => "您所在的机关或办公室无权进行此操作".into(),
            SeasonError::Illegal { step, from } => {
                format!("“{}”状态下不能{}", from.zh(), step.zh())
            }
            SeasonError::CommentRequired => "此操作须填写意见".into(),
            SeasonError::WrongOrgan(o) => format!("报告是 {o} 的，不是本机关的"),
            SeasonError::WrongYear(y) => match y {
                Some(y) => format!("报告是 {y} 年度的，与填报期年度不符"),
                None => "报告没有读出年度".into(),
            },
            SeasonError::WrongTemplate(v) => {
                format!("报告使用 {v} 版模板，与填报期要求的模板不符")
            }
            SeasonError::HasErrors(b) => {
                format!("报告有错误（{}），须改正后才能报送", codes(b))
            }
            SeasonError::Unacknowledged(b) => {
                format!("以下提醒须逐条说明理由后才能报送：{}", codes(b))
            }
            SeasonError::NoSubmission(id) => format!("没有第 {id} 号报送"),
            SeasonError::NoSuchCell(k) => format!("报送的报告中没有单元格 {k}"),
            SeasonError::NotApproved(state) => format!(
                "报告尚未审核通过（当前为“{}”），还不能核对发布稿",
                state.zh()
            ),
            SeasonError::Store(e) => format!("数据库出错：{e}"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            SeasonError::NoSeason(id) => format!("no filing season {id}"),
            SeasonError::SeasonExists(id) => {
                format!("the region has a filing season for that year (number {id})")
            }
            SeasonError::BadYear(y) => format!("the year {y} is not between 2000 and 2100"),
            SeasonError::EmptyRegion => "the region must not be empty".into(),
            SeasonError::NoSuchUser(id) => format!("no user #{id}"),
            SeasonError::NoSuchOrgan(o) => format!("no organ {o}"),
            SeasonError::NotExpected(o) => format!("{o} is not expected in this season"),
            SeasonError::OutsideRegion(o) => {
                format!("{o} does not lie in the season's region (or its name tells no place)")
            }
            SeasonError::NotAllowed => "the organ or office you belong to may not do this".into(),
            SeasonError::Illegal { step, from } => format!(
                "{} is not allowed when the report is {}",
                step.as_str(),
                from.en()
            ),
            SeasonError::CommentRequired => "this needs a comment".into(),
            SeasonError::WrongOrgan(o) => {
                format!("the report is {o}'s, not this organ's")
            }
            SeasonError::WrongYear(y) => match y {
                Some(y) => format!("the report is for {y}, not the season's year"),
                None => "no year could be read from the report".into(),
            },
            SeasonError::WrongTemplate(v) => {
                format!("the report is in the {v} template, not the one the season asks for")
            }
            SeasonError::HasErrors(b) => format!(
                "the report has errors ({}): correct them before submitting",
                codes(b)
            ),
            SeasonError::Unacknowledged(b) => format!(
                "give a reason for each of these warnings before submitting: {}",
                codes(b)
            ),
            SeasonError::NoSubmission(id) => format!("no submission {id}"),
            SeasonError::NoSuchCell(k) => format!("the submitted report has no cell {k}"),
            SeasonError::NotApproved(state) => format!(
                "the report is not approved yet (it is {}): there is nothing to compare what went online with",
                state.en()
            ),
            SeasonError::Store(e) => format!("store error: {e}"),
        }
    }
}

impl fmt::Display for SeasonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.zh(), self.en())
    }
}

impl std::error::Error for SeasonError {}

impl From<DbError> for SeasonError {
    fn from(e: DbError) -> SeasonError {
        SeasonError::Store(e)
    }
}

/// One year's collection over one region.
#[derive(Clone, Debug, PartialEq)]
pub struct Season {
    pub id: i64,
    /// The year the reports cover (reports on 2024 are filed in early 2025).
    pub year: i32,
    pub region: String,
    pub template: Version,
    pub deadlines: Deadlines,
    pub created: i64,
}

/// An organ as a season shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    pub id: i64,
    pub name: String,
    pub place: Option<String>,
    pub kind: Kind,
}

/// One row of the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    /// Who, by name (kept once the user is deleted); `None` on the command line.
    pub user: Option<String>,
    pub step: Step,
    pub from: Option<State>,
    pub to: State,
    pub comment: Option<String>,
    /// The submission it made or is about.
    pub submission: Option<i64>,
    /// For a submission, the warnings acknowledged and why.
    pub acknowledged: Vec<Acknowledged>,
}

/// One line of the board.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub organ: Expected,
    pub state: State,
    pub due: Date,
    /// Past its due date and still owing a report ([`State::owes`]).
    pub overdue: bool,
    pub last: Option<Event>,
}

/// Which lines of the board to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub state: Option<State>,
    /// Only the organs late (`true`) or not late (`false`).
    pub overdue: Option<bool>,
}

/// A report submitted.
#[derive(Clone, Debug)]
pub struct Submission {
    pub id: i64,
    /// 1 for the organ's first submission of the season, 2 for the next…
    pub number: i64,
    pub at: i64,
    pub user: Option<String>,
    pub report: Report,
}

/// A comment on a submission.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub id: i64,
    pub submission: i64,
    pub at: i64,
    pub user: Option<String>,
    pub pin: Pin,
    pub body: String,
}

/// A cell that differs between two reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub key: String,
    /// As printed; `None` where the report has no such cell.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The sum of a season's approved reports, and who is still missing.
#[derive(Clone, Debug)]
pub struct Rollup {
    /// `None` when nothing is approved yet.
    pub report: Option<Report>,
    /// The organs whose approved report is summed.
    pub counted: Vec<String>,
    /// The organs expected with no approved report, by name.
    pub missing: Vec<String>,
}

fn season_of_row(r: &[Val]) -> Option<Season> {
    let year = r[1].int()? as i32;
    Some(Season {
        id: r[0].int()?,
        year,
        region: r[2].text()?.to_string(),
        template: match r[3].text()? {
            "2019" => Version::V2019,
            _ => Version::V2021,
        },
        deadlines: Deadlines::defaults(year),
        created: r[4].int().unwrap_or(0),
    })
}

fn load_deadlines(db: &mut Db, season: &mut Season) -> Result<(), DbError> {
    for r in db.query(
        "SELECT kind, due FROM season_deadlines WHERE season_id = $1",
        &[season.id.into()],
    )? {
        if let (Some(kind), Some(due)) = (
            r[0].text().and_then(Kind::parse),
            r[1].text().and_then(Date::parse),
        ) {
            season.deadlines.set(kind, due);
        }
    }
    Ok(())
}

/// A season, with its deadlines.
pub fn get(db: &mut Db, id: i64) -> Result<Option<Season>, DbError> {
    let rows = db.query(
        "SELECT id, year, region, template, created FROM seasons WHERE id = $1",
        &[id.into()],
    )?;
    let Some(mut season) = rows.first().and_then(|r| season_of_row(r)) else {
        return Ok(None);
    };
    load_deadlines(db, &mut season)?;
    Ok(Some(season))
}

fn season(db: &mut Db, id: i64) -> Result<Season, SeasonError> {
    get(db, id)?.ok_or(SeasonError::NoSeason(id))
}

/// Opens a season over a region, for the office admin of a region that holds it (or a global
/// administrator); returns its number. One season per year and region.
pub fn create(
    db: &mut Db,
    by: &Scope,
    year: i32,
    region: &str,
    template: Version,
    deadlines: &Deadlines,
) -> Result<i64, SeasonError> {
    let region = region.trim();
    if region.is_empty() {
        return Err(SeasonError::EmptyRegion);
    }
    if !(2000..=2100).contains(&year) {
        return Err(SeasonError::BadYear(year as i64));
    }
    if !by.manages(region) {
        return Err(SeasonError::NotAllowed);
    }
    db.transaction(|db| {
        if let Some(id) = db
            .query(
                "SELECT id FROM seasons WHERE year = $1 AND region = $2",
                &[i64::from(year).into(), region.into()],
            )?
            .first()
            .and_then(|r| r[0].int())
        {
            return Err(SeasonError::SeasonExists(id));
        }
        let id = db
            .query(
                "INSERT INTO seasons (year, region, template, created, created_by)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                &[
                    i64::from(year).into(),
                    region.into(),
                    template.as_str().into(),
                    now().into(),
                    by.user().into(),
                ],
            )?
            .first()
            .and_then(|r| r[0].int())
            .unwrap_or(0);
        for kind in KINDS {
            db.execute(
                "INSERT INTO season_deadlines (season_id, kind, due) VALUES ($1, $2, $3)",
                &[
                    id.into(),
                    kind.as_str().into(),
                    deadlines.of(kind).to_string().into(),
                ],
            )?;
        }
        Ok(id)
    })
}

/// The seasons a user sees, the latest year first: all for a global role, those whose region
/// overlaps an office's, those expecting a member's organ.
pub fn list(db: &mut Db, by: &Scope) -> Result<Vec<Season>, SeasonError> {
    let rows = match by.organ() {
        Some(organ) => db.query(
            "SELECT s.id, s.year, s.region, s.template, s.created FROM seasons s
             JOIN season_organs so ON so.season_id = s.id AND so.organ_id = $1
             ORDER BY s.year DESC, s.region",
            &[organ.into()],
        )?,
        None => db.query(
            "SELECT id, year, region, template, created FROM seasons ORDER BY year DESC, region",
            &[],
        )?,
    };
    let mut out = Vec::new();
    for mut s in rows.iter().filter_map(|r| season_of_row(r)) {
        if by.overlaps(db, &s.region)? || by.organ().is_some() {
            load_deadlines(db, &mut s)?;
            out.push(s);
        }
    }
    Ok(out)
}

/// Sets one kind's deadline in a season.
pub fn set_deadline(
    db: &mut Db,
    by: &Scope,
    id: i64,
    kind: Kind,
    due: Date,
) -> Result<(), SeasonError> {
    db.transaction(|db| {
        let s = season(db, id)?;
        if !by.manages(&s.region) {
            return Err(SeasonError::NotAllowed);
        }
        db.execute(
            "UPDATE season_deadlines SET due = $1 WHERE season_id = $2 AND kind = $3",
            &[due.to_string().into(), id.into(), kind.as_str().into()],
        )?;
        Ok(())
    })
}

/// Names organs as expected in a season, adding those the store does not know to its organs
/// (read from the name as an import reads it). Each must lie in the season's region; one
/// already expected is left as it is. Returns the organs' ids, in the order named.
pub fn add_organs(
    db: &mut Db,
    by: &Scope,
    id: i64,
    names: &[&str],
) -> Result<Vec<i64>, SeasonError> {
    db.transaction(|db| {
        let s = season(db, id)?;
        if !by.manages(&s.region) {
            return Err(SeasonError::NotAllowed);
        }
        let area = Area::of(db, &s.region)?;
        let mut ids = Vec::new();
        for name in names {
            let o = crate::organ::organ(name);
            if o.key.is_empty() {
                return Err(SeasonError::NoSuchOrgan(name.to_string()));
            }
            if !o.place.as_deref().is_some_and(|p| area.holds(p)) {
                return Err(SeasonError::OutsideRegion(o.name));
            }
            let organ = crate::import::organ_id(db, &o)?;
            expect(db, by, id, organ)?;
            ids.push(organ);
        }
        Ok(ids)
    })
}

/// Names as expected every stored organ whose place lies in the season's region; returns how
/// many were not expected before.
pub fn add_stored_organs(db: &mut Db, by: &Scope, id: i64) -> Result<usize, SeasonError> {
    db.transaction(|db| {
        let s = season(db, id)?;
        if !by.manages(&s.region) {
            return Err(SeasonError::NotAllowed);
        }
        let area = Area::of(db, &s.region)?;
        let organs: Vec<i64> = db
            .query("SELECT id, place FROM organs ORDER BY id", &[])?
            .iter()
            .filter(|r| r[1].text().is_some_and(|p| area.holds(p)))
            .filter_map(|r| r[0].int())
            .collect();
        let mut added = 0;
        for organ in organs {
            added += usize::from(expect(db, by, id, organ)?);
        }
        Ok(added)
    })
}

/// Makes an organ expected, not started; `false` when it was already. In the caller's
/// transaction.
fn expect(db: &mut Db, by: &Scope, season: i64, organ: i64) -> Result<bool, SeasonError> {
    let there = db.query(
        "SELECT 1 FROM season_organs WHERE season_id = $1 AND organ_id = $2",
        &[season.into(), organ.into()],
    )?;
    if !there.is_empty() {
        return Ok(false);
    }
    db.execute(
        "INSERT INTO season_organs (season_id, organ_id, state, updated) VALUES ($1, $2, $3, $4)",
        &[
            season.into(),
            organ.into(),
            State::NotStarted.as_str().into(),
            now().into(),
        ],
    )?;
    let event = EventRow {
        step: Step::Add,
        from: None,
        to: State::NotStarted,
        comment: None,
        submission: None,
        acknowledged: None,
    };
    event.insert(db, by, season, organ)?;
    Ok(true)
}

/// An event to record.
struct EventRow {
    step: Step,
    from: Option<State>,
    to: State,
    comment: Option<String>,
    submission: Option<i64>,
    acknowledged: Option<String>,
}

impl EventRow {
    /// Records it and makes it the organ's last; in the caller's transaction.
    fn insert(self, db: &mut Db, by: &Scope, season: i64, organ: i64) -> Result<i64, DbError> {
        let t = now();
        let id = db
            .query(
                "INSERT INTO season_events
                    (season_id, organ_id, at, user_id, user_name, step, from_state, to_state,
                     comment, submission_id, acknowledged)
                 VALUES ($1, $2, $3, $4, (SELECT name FROM users WHERE id = $4), $5, $6, $7,
                         $8, $9, $10)
                 RETURNING id",
                &[
                    season.into(),
                    organ.into(),
                    t.into(),
                    by.user().into(),
                    self.step.as_str().into(),
                    self.from.map(State::as_str).into(),
                    self.to.as_str().into(),
                    self.comment.into(),
                    self.submission.into(),
                    self.acknowledged.into(),
                ],
            )?
            .first()
            .and_then(|r| r[0].int())
            .unwrap_or(0);
        db.execute(
            "UPDATE season_organs SET state = $1, updated = $2, last_event = $3
             WHERE season_id = $4 AND organ_id = $5",
            &[
                self.to.as_str().into(),
                t.into(),
                id.into(),
                season.into(),
                organ.into(),
            ],
        )?;
        Ok(id)
    }
}

/// An expected organ as stored, with its state: read in the caller's transaction.
struct Current {
    organ: Expected,
    state: State,
    latest: Option<i64>,
}

fn current(db: &mut Db, season: i64, organ: i64) -> Result<Current, SeasonError> {
    let rows = db.query(
        "SELECT o.name, o.place, o.kind, so.state, so.latest FROM organs o
         LEFT JOIN season_organs so ON so.organ_id = o.id AND so.season_id = $1
         WHERE o.id = $2",
        &[season.into(), organ.into()],
    )?;
    let r = rows
        .first()
        .ok_or_else(|| SeasonError::NoSuchOrgan(format!("#{organ}")))?;
    let name = r[0].text().unwrap_or_default().to_string();
    let Some(state) = r[3].text().and_then(State::parse) else {
        return Err(SeasonError::NotExpected(name));
    };
    Ok(Current {
        organ: Expected {
            id: organ,
            name,
            place: r[1].text().map(String::from),
            kind: r[2]
                .text()
                .and_then(Kind::parse)
                .unwrap_or(Kind::Department),
        },
        state,
        latest: r[4].int(),
    })
}

/// Refuses a user who may not see the organ, as if the organ were not there.
fn visible(by: &Scope, c: &Current) -> Result<(), SeasonError> {
    if by.sees(c.organ.id, c.organ.place.as_deref()) {
        Ok(())
    } else {
        Err(SeasonError::NotAllowed)
    }
}

fn moved(step: Step, from: State) -> Result<State, SeasonError> {
    step.from(from).ok_or(SeasonError::Illegal { step, from })
}

/// The organ of a report must be the expected one, of the season's year and template.
fn fits(s: &Season, c: &Current, report: &Report) -> Result<(), SeasonError> {
    let agency = report.agency.as_deref().unwrap_or_default();
    if crate::organ::key(agency) != crate::organ::organ(&c.organ.name).key {
        return Err(SeasonError::WrongOrgan(agency.to_string()));
    }
    if report.year != Some(s.year) {
        return Err(SeasonError::WrongYear(report.year));
    }
    if report.template != s.template {
        return Err(SeasonError::WrongTemplate(report.template));
    }
    Ok(())
}

/// The number of an organ's next submission or reading in a season (1 for the first): one more
/// than the last in `table`, within the caller's transaction.
fn next_number(db: &mut Db, table: &str, season_id: i64, organ: i64) -> Result<i64, DbError> {
    Ok(db
        .query(
            &format!(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM {table}
                 WHERE season_id = $1 AND organ_id = $2"
            ),
            &[season_id.into(), organ.into()],
        )?
        .first()
        .and_then(|r| r[0].int())
        .unwrap_or(1))
}

fn pack(report: &Report) -> Result<Val, DbError> {
    crate::model::pack(report)
        .map(Val::Bytes)
        .map_err(|e| DbError(format!("无法保存报告 / cannot store the report: {e}")))
}

/// Saves the organ's draft of its report (not yet submitted): it starts the organ's filing,
/// and may be saved again until it is submitted.
pub fn save(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
    report: &Report,
) -> Result<(), SeasonError> {
    let packed = pack(report)?;
    db.transaction(|db| {
        let s = season(db, season_id)?;
        let c = current(db, season_id, organ)?;
        visible(by, &c)?;
        if !by.files_for(organ) {
            return Err(SeasonError::NotAllowed);
        }
        fits(&s, &c, report)?;
        let to = moved(Step::Save, c.state)?;
        db.execute(
            "UPDATE season_organs SET draft = $1 WHERE season_id = $2 AND organ_id = $3",
            &[packed.clone(), season_id.into(), organ.into()],
        )?;
        EventRow {
            step: Step::Save,
            from: Some(c.state),
            to,
            comment: None,
            submission: None,
            acknowledged: None,
        }
        .insert(db, by, season_id, organ)?;
        Ok(())
    })
}

/// The organ's saved draft, if any.
pub fn draft(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
) -> Result<Option<Report>, SeasonError> {
    let c = current(db, season_id, organ)?;
    visible(by, &c)?;
    let rows = db.query(
        "SELECT draft FROM season_organs WHERE season_id = $1 AND organ_id = $2",
        &[season_id.into(), organ.into()],
    )?;
    match rows.first().map(|r| &r[0]) {
        Some(packed @ Val::Bytes(_)) => Ok(Some(crate::model::unpack(
            &Val::Null,
            packed,
            &c.organ.name,
        )?)),
        _ => Ok(None),
    }
}

/// What stops a report from being submitted: its errors, then its warnings that have no
/// acknowledgement with a reason; the warnings acknowledged, to be kept with the submission.
fn vet(
    report: &Report,
    acknowledged: &[Acknowledgement],
) -> Result<Vec<Acknowledged>, SeasonError> {
    let findings = gongkai_check::check(report, None, &Selection::default());
    let blocking = |f: &gongkai_check::Finding| Blocking {
        code: f.code.to_string(),
        signature: f.signature(),
        message: f.message.clone(),
    };
    let errors: Vec<Blocking> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(blocking)
        .collect();
    if !errors.is_empty() {
        return Err(SeasonError::HasErrors(errors));
    }
    let mut kept = Vec::new();
    let mut missing = Vec::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Warning) {
        let signature = f.signature();
        let reason = acknowledged
            .iter()
            .find(|a| a.signature == signature)
            .map(|a| a.reason.trim())
            .filter(|r| !r.is_empty());
        match reason {
            Some(reason) => kept.push(Acknowledged {
                signature,
                code: f.code.to_string(),
                message: f.message.clone(),
                reason: reason.to_string(),
            }),
            None => missing.push(blocking(f)),
        }
    }
    if !missing.is_empty() {
        return Err(SeasonError::Unacknowledged(missing));
    }
    Ok(kept)
}

fn acknowledged_json(a: &[Acknowledged]) -> String {
    serde_json::Value::Array(
        a.iter()
            .map(|a| {
                serde_json::json!({
                    "signature": a.signature,
                    "code": a.code,
                    "zh": a.message.zh,
                    "en": a.message.en,
                    "reason": a.reason,
                })
            })
            .collect(),
    )
    .to_string()
}

fn acknowledged_of(json: Option<&str>) -> Vec<Acknowledged> {
    let Some(serde_json::Value::Array(items)) = json.and_then(|j| serde_json::from_str(j).ok())
    else {
        return Vec::new();
    };
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    items
        .iter()
        .map(|v| Acknowledged {
            signature: text(v, "signature"),
            code: text(v, "code"),
            message: Text::new(text(v, "zh"), text(v, "en")),
            reason: text(v, "reason"),
        })
        .collect()
}

/// Submits the organ's report to the office, with a reason for each of its warnings; returns
/// the submission's id. The report is checked here: one with an error (a rule broken, as
/// [`gongkai_check::check`] finds) is refused, as is one with a warning not acknowledged.
/// Allowed from 未开始, 填报中 and 退回修改.
pub fn submit(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
    report: &Report,
    acknowledged: &[Acknowledgement],
    comment: Option<&str>,
) -> Result<i64, SeasonError> {
    let packed = pack(report)?;
    db.transaction(|db| {
        let s = season(db, season_id)?;
        let c = current(db, season_id, organ)?;
        visible(by, &c)?;
        if !by.files_for(organ) {
            return Err(SeasonError::NotAllowed);
        }
        let to = moved(Step::Submit, c.state)?;
        fits(&s, &c, report)?;
        let kept = vet(report, acknowledged)?;
        let number = next_number(db, "season_submissions", season_id, organ)?;
        let id = db
            .query(
                "INSERT INTO season_submissions (season_id, organ_id, number, at, user_id, packed)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    season_id.into(),
                    organ.into(),
                    number.into(),
                    now().into(),
                    by.user().into(),
                    packed.clone(),
                ],
            )?
            .first()
            .and_then(|r| r[0].int())
            .unwrap_or(0);
        db.execute(
            "UPDATE season_organs SET latest = $1 WHERE season_id = $2 AND organ_id = $3",
            &[id.into(), season_id.into(), organ.into()],
        )?;
        EventRow {
            step: Step::Submit,
            from: Some(c.state),
            to,
            comment: comment
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from),
            submission: Some(id),
            acknowledged: Some(acknowledged_json(&kept)),
        }
        .insert(db, by, season_id, organ)?;
        Ok(id)
    })
}

/// The office's decision on an organ's report (or the organ's approver saying it went
/// online); returns the organ's new state. Returning, a mismatch and reopening need a comment.
pub fn decide(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
    decision: Decision,
    comment: Option<&str>,
) -> Result<State, SeasonError> {
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if decision.needs_comment() && comment.is_none() {
        return Err(SeasonError::CommentRequired);
    }
    db.transaction(|db| {
        season(db, season_id)?;
        let c = current(db, season_id, organ)?;
        visible(by, &c)?;
        let place = c.organ.place.as_deref();
        let allowed = match decision {
            Decision::Publish => by.publishes_for(organ, place),
            _ => by.reviews(place),
        };
        if !allowed {
            return Err(SeasonError::NotAllowed);
        }
        let step = decision.step();
        let to = moved(step, c.state)?;
        match decision {
            Decision::Approve => {
                db.execute(
                    "UPDATE season_organs SET approved = latest WHERE season_id = $1 AND organ_id = $2",
                    &[season_id.into(), organ.into()],
                )?;
            }
            Decision::Reopen => {
                db.execute(
                    "UPDATE season_organs SET approved = NULL WHERE season_id = $1 AND organ_id = $2",
                    &[season_id.into(), organ.into()],
                )?;
            }
            _ => {}
        }
        EventRow {
            step,
            from: Some(c.state),
            to,
            comment: comment.map(String::from),
            submission: c.latest,
            acknowledged: None,
        }
        .insert(db, by, season_id, organ)?;
        Ok(to)
    })
}

/// Sets one organ's own deadline, apart from its kind's (`None`: its kind's again).
pub fn set_due(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
    due: Option<Date>,
) -> Result<(), SeasonError> {
    db.transaction(|db| {
        let s = season(db, season_id)?;
        if !by.manages(&s.region) {
            return Err(SeasonError::NotAllowed);
        }
        let c = current(db, season_id, organ)?;
        db.execute(
            "UPDATE season_organs SET due = $1 WHERE season_id = $2 AND organ_id = $3",
            &[
                due.map(|d| d.to_string()).into(),
                season_id.into(),
                organ.into(),
            ],
        )?;
        EventRow {
            step: Step::Due,
            from: Some(c.state),
            to: c.state,
            comment: Some(due.unwrap_or(s.deadlines.of(c.organ.kind)).to_string()),
            submission: None,
            acknowledged: None,
        }
        .insert(db, by, season_id, organ)?;
        Ok(())
    })
}

const EVENT: &str = "e.id, e.at, e.user_name, e.step, e.from_state, e.to_state, e.comment, \
                     e.submission_id, e.acknowledged";

fn event(r: &[Val]) -> Option<Event> {
    Some(Event {
        id: r[0].int()?,
        at: r[1].int().unwrap_or(0),
        user: r[2].text().map(String::from),
        step: Step::parse(r[3].text()?)?,
        from: r[4].text().and_then(State::parse),
        to: State::parse(r[5].text()?)?,
        comment: r[6].text().map(String::from),
        submission: r[7].int(),
        acknowledged: acknowledged_of(r[8].text()),
    })
}

/// Every expected organ the user sees, by name, with its state, due date, whether it is late
/// at `now` (seconds since the epoch) and its last event.
pub fn board(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    filter: &Filter,
    now: i64,
) -> Result<Vec<Entry>, SeasonError> {
    entries(db, by, season_id, filter, None, now)
}

/// The board's line of one organ; `None` when the season does not expect it or the user may
/// not see it.
pub fn entry(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
    now: i64,
) -> Result<Option<Entry>, SeasonError> {
    Ok(
        entries(db, by, season_id, &Filter::default(), Some(organ), now)?
            .into_iter()
            .next(),
    )
}

fn entries(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    filter: &Filter,
    organ: Option<i64>,
    now: i64,
) -> Result<Vec<Entry>, SeasonError> {
    let s = season(db, season_id)?;
    let mut params = vec![Val::from(season_id)];
    let mut sql = format!(
        "SELECT so.organ_id, o.name, o.place, o.kind, so.state, so.due, {EVENT}
         FROM season_organs so JOIN organs o ON o.id = so.organ_id
         LEFT JOIN season_events e ON e.id = so.last_event
         WHERE so.season_id = $1"
    );
    if let Some(state) = filter.state {
        params.push(state.as_str().into());
        sql += &format!(" AND so.state = ${}", params.len());
    }
    if let Some(organ) = organ {
        params.push(organ.into());
        sql += &format!(" AND so.organ_id = ${}", params.len());
    }
    sql += " ORDER BY o.name, so.organ_id";
    let mut out = Vec::new();
    for r in db.query(&sql, &params)? {
        let (Some(id), Some(state)) = (r[0].int(), r[4].text().and_then(State::parse)) else {
            continue;
        };
        let place = r[2].text().map(String::from);
        if !by.sees(id, place.as_deref()) {
            continue;
        }
        let kind = r[3]
            .text()
            .and_then(Kind::parse)
            .unwrap_or(Kind::Department);
        let due = r[5]
            .text()
            .and_then(Date::parse)
            .unwrap_or(s.deadlines.of(kind));
        let overdue = state.owes() && now >= due.end();
        if filter.overdue.is_some_and(|o| o != overdue) {
            continue;
        }
        out.push(Entry {
            organ: Expected {
                id,
                name: r[1].text().unwrap_or_default().to_string(),
                place,
                kind,
            },
            state,
            due,
            overdue,
            last: event(&r[6..]),
        });
    }
    Ok(out)
}

/// The timeline of one organ in a season, the first event first.
pub fn timeline(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
) -> Result<Vec<Event>, SeasonError> {
    let c = current(db, season_id, organ)?;
    visible(by, &c)?;
    Ok(db
        .query(
            &format!(
                "SELECT {EVENT} FROM season_events e
                 WHERE e.season_id = $1 AND e.organ_id = $2 ORDER BY e.id"
            ),
            &[season_id.into(), organ.into()],
        )?
        .iter()
        .filter_map(|r| event(r))
        .collect())
}

/// The organ's state in a season.
pub fn state(db: &mut Db, by: &Scope, season_id: i64, organ: i64) -> Result<State, SeasonError> {
    let c = current(db, season_id, organ)?;
    visible(by, &c)?;
    Ok(c.state)
}

/// The organ's submissions in a season, the first first, each with its report.
pub fn submissions(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
) -> Result<Vec<Submission>, SeasonError> {
    let c = current(db, season_id, organ)?;
    visible(by, &c)?;
    let rows = db.query(
        "SELECT s.id, s.number, s.at, u.name, s.packed FROM season_submissions s
         LEFT JOIN users u ON u.id = s.user_id
         WHERE s.season_id = $1 AND s.organ_id = $2 ORDER BY s.number",
        &[season_id.into(), organ.into()],
    )?;
    rows.iter()
        .map(|r| {
            let number = r[1].int().unwrap_or(0);
            Ok(Submission {
                id: r[0].int().unwrap_or(0),
                number,
                at: r[2].int().unwrap_or(0),
                user: r[3].text().map(String::from),
                report: crate::model::unpack(
                    &Val::Null,
                    &r[4],
                    &format!("{} #{number}", c.organ.name),
                )?,
            })
        })
        .collect()
}

/// The cells that differ between two reports (two submissions of an organ, or the approved
/// one and what went online), in the order of the second, then those only the first has.
pub fn differences(before: &Report, after: &Report) -> Vec<Difference> {
    let printed = |r: &Report, key: &str| {
        r.cells
            .iter()
            .find(|c| c.key == key)
            .map(|c| c.printed.value.to_string())
    };
    let mut out: Vec<Difference> = after
        .cells
        .iter()
        .map(|c| (c.key.clone(), printed(before, &c.key)))
        .chain(
            before
                .cells
                .iter()
                .filter(|c| !after.cells.iter().any(|a| a.key == c.key))
                .map(|c| (c.key.clone(), Some(c.printed.value.to_string()))),
        )
        .filter_map(|(key, old)| {
            let new = printed(after, &key);
            (old != new).then_some(Difference {
                key,
                before: old,
                after: new,
            })
        })
        .collect();
    out.dedup_by(|a, b| a.key == b.key);
    out
}

/// Pins a comment to a submission of the organ (a cell of it, a finding, an excerpt, or the
/// whole), for the organ's members and its reviewers; returns the comment's id. It is also a
/// row of the organ's timeline.
pub fn comment(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
    submission: i64,
    pin: &Pin,
    body: &str,
) -> Result<i64, SeasonError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(SeasonError::CommentRequired);
    }
    db.transaction(|db| {
        let c = current(db, season_id, organ)?;
        visible(by, &c)?;
        if !(by.files_for(organ) || by.reviews(c.organ.place.as_deref())) {
            return Err(SeasonError::NotAllowed);
        }
        let rows = db.query(
            "SELECT packed FROM season_submissions WHERE id = $1 AND season_id = $2 AND organ_id = $3",
            &[submission.into(), season_id.into(), organ.into()],
        )?;
        let packed = rows
            .first()
            .map(|r| r[0].clone())
            .ok_or(SeasonError::NoSubmission(submission))?;
        if let Pin::Cell(key) = pin {
            let report = crate::model::unpack(&Val::Null, &packed, &c.organ.name)?;
            if !report.cells.iter().any(|cell| cell.key == *key) {
                return Err(SeasonError::NoSuchCell(key.clone()));
            }
        }
        let (kind, text) = pin.parts();
        let id = db
            .query(
                "INSERT INTO season_comments (submission_id, at, user_id, user_name, pin, pinned, body)
                 VALUES ($1, $2, $3, (SELECT name FROM users WHERE id = $3), $4, $5, $6)
                 RETURNING id",
                &[
                    submission.into(),
                    now().into(),
                    by.user().into(),
                    kind.into(),
                    text.into(),
                    body.into(),
                ],
            )?
            .first()
            .and_then(|r| r[0].int())
            .unwrap_or(0);
        EventRow {
            step: Step::Comment,
            from: Some(c.state),
            to: c.state,
            comment: Some(body.to_string()),
            submission: Some(submission),
            acknowledged: None,
        }
        .insert(db, by, season_id, organ)?;
        Ok(id)
    })
}

/// The comments on a submission, the first first.
pub fn comments(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
    submission: i64,
) -> Result<Vec<Comment>, SeasonError> {
    let c = current(db, season_id, organ)?;
    visible(by, &c)?;
    Ok(db
        .query(
            "SELECT c.id, c.submission_id, c.at, c.user_name, c.pin, c.pinned, c.body
             FROM season_comments c JOIN season_submissions s ON s.id = c.submission_id
             WHERE c.submission_id = $1 AND s.season_id = $2 AND s.organ_id = $3
             ORDER BY c.id",
            &[submission.into(), season_id.into(), organ.into()],
        )?
        .iter()
        .map(|r| Comment {
            id: r[0].int().unwrap_or(0),
            submission: r[1].int().unwrap_or(0),
            at: r[2].int().unwrap_or(0),
            user: r[3].text().map(String::from),
            pin: Pin::of(r[4].text(), r[5].text()),
            body: r[6].text().unwrap_or_default().to_string(),
        })
        .collect())
}

/// The sum of the season's approved reports (the submissions approved, of organs approved,
/// published or published not as approved) among the organs the user sees, with the organs
/// still missing one named.
pub fn rollup(db: &mut Db, by: &Scope, season_id: i64) -> Result<Rollup, SeasonError> {
    let s = season(db, season_id)?;
    let rows = db.query(
        "SELECT o.id, o.name, o.place, s.packed FROM season_organs so
         JOIN organs o ON o.id = so.organ_id
         LEFT JOIN season_submissions s ON s.id = so.approved
         WHERE so.season_id = $1 ORDER BY o.name, o.id",
        &[season_id.into()],
    )?;
    let mut reports = Vec::new();
    let (mut counted, mut missing) = (Vec::new(), Vec::new());
    for r in rows {
        let id = r[0].int().unwrap_or(0);
        if !by.sees(id, r[2].text()) {
            continue;
        }
        let name = r[1].text().unwrap_or_default().to_string();
        if matches!(r[3], Val::Bytes(_)) {
            let report = crate::model::unpack(&Val::Null, &r[3], &name)?;
            reports.push(
                report
                    .cells
                    .iter()
                    .map(|c| {
                        let v = c.printed.value.number().map(|n| n.to_f64());
                        (c.key.clone(), v)
                    })
                    .collect(),
            );
            counted.push(name);
        } else {
            missing.push(name);
        }
    }
    let report = (!reports.is_empty())
        .then(|| crate::query::summed(&s.region, s.year.into(), s.template, &reports));
    Ok(Rollup {
        report,
        counted,
        missing,
    })
}

/// Whether the user may see the organ at all (for a page that names it).
pub fn sees_organ(db: &mut Db, by: &Scope, organ: i64) -> Result<bool, DbError> {
    Ok(match place_of(db, organ)? {
        Some(place) => by.sees(organ, place.as_deref()),
        None => false,
    })
}

/// A moment (seconds since the epoch) as a clock in China shows it (UTC+8), to the minute:
/// `2025-01-20 09:30`.
pub fn moment(secs: i64) -> String {
    gongkai_core::date::clock(secs, 8)
}

/// What a kind of organ is called, in a language.
pub fn kind_name(kind: Kind, lang: Lang) -> &'static str {
    kind.name(lang)
}

/// Who did a step, as a sheet names them: the user, or the command line.
pub fn who(user: Option<&str>, lang: Lang) -> String {
    match (user, lang) {
        (Some(u), _) => u.to_string(),
        (None, Lang::Zh) => "命令行".into(),
        (None, Lang::En) => "command line".into(),
    }
}

/// The board as a table (a header and one row an organ), to be written as CSV or a workbook:
/// 机关, 地区, 类别, 状态, 截止日期 (`YYYY-MM-DD`), 是否逾期 (是/否), 最近操作, 操作时间
/// (Beijing time, [`moment`]) and 操作人 (`命令行` for the command line); in English with
/// [`Lang::En`].
pub fn board_rows(entries: &[Entry], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let header = match lang {
        Lang::Zh => [
            "机关",
            "地区",
            "类别",
            "状态",
            "截止日期",
            "是否逾期",
            "最近操作",
            "操作时间",
            "操作人",
        ],
        Lang::En => [
            "organ",
            "place",
            "kind",
            "state",
            "due",
            "overdue",
            "last step",
            "at",
            "by",
        ],
    };
    let rows = entries
        .iter()
        .map(|e| {
            let (state, overdue) = match lang {
                Lang::Zh => (e.state.zh(), if e.overdue { "是" } else { "否" }),
                Lang::En => (e.state.en(), if e.overdue { "yes" } else { "no" }),
            };
            let (step, at, by) = match &e.last {
                Some(ev) => (
                    match lang {
                        Lang::Zh => ev.step.zh().to_string(),
                        Lang::En => ev.step.as_str().to_string(),
                    },
                    moment(ev.at),
                    who(ev.user.as_deref(), lang),
                ),
                None => Default::default(),
            };
            vec![
                e.organ.name.clone(),
                e.organ.place.clone().unwrap_or_default(),
                kind_name(e.organ.kind, lang).to_string(),
                state.to_string(),
                e.due.to_string(),
                overdue.to_string(),
                step,
                at,
                by,
            ]
        })
        .collect();
    (header.map(String::from).to_vec(), rows)
}

/// A cell's label as the template prints it, row then column (`新收政府信息公开申请数量 自然人`);
/// in English where the template has the row's English. The key itself when the template has
/// no such cell.
pub fn cell_label(version: Version, key: &str, lang: Lang) -> String {
    let Some(spec) = Template::get(version).cell(key) else {
        return key.to_string();
    };
    let of = |l: &gongkai_core::template::Label| match lang {
        Lang::En => l.english.unwrap_or(l.text),
        Lang::Zh => l.text,
    };
    format!("{} {}", of(&spec.row.label), of(&spec.column.label))
        .trim()
        .to_string()
}

/// The roll-up as a table: a row a cell of the summed report (its key, its label and the sum),
/// then a row an organ counted (`已汇总`, its name) and a row an organ missing (`未汇总`); in
/// English with [`Lang::En`].
pub fn rollup_rows(rollup: &Rollup, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let en = lang == Lang::En;
    let header = if en {
        ["key", "label", "sum"]
    } else {
        ["单元格", "名称", "合计"]
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    if let Some(report) = &rollup.report {
        for c in &report.cells {
            rows.push(vec![
                c.key.clone(),
                cell_label(report.template, &c.key, lang),
                c.printed.value.to_string(),
            ]);
        }
    }
    let (counted, missing) = if en {
        ("counted", "missing")
    } else {
        ("已汇总", "未汇总")
    };
    for name in &rollup.counted {
        rows.push(vec![counted.to_string(), name.clone(), String::new()]);
    }
    for name in &rollup.missing {
        rows.push(vec![missing.to_string(), name.clone(), String::new()]);
    }
    (header.map(String::from).to_vec(), rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, state: State, overdue: bool, last: Option<Event>) -> Entry {
        Entry {
            organ: Expected {
                id: 1,
                name: name.into(),
                place: Some("甲县".into()),
                kind: Kind::Department,
            },
            state,
            due: Date::new(2025, 1, 31).unwrap(),
            overdue,
            last,
        }
    }

    #[test]
    fn moments_are_beijing_time() {
        assert_eq!(moment(0), "1970-01-01 08:00");
        // 2025-01-31 24:00 Beijing time is when 1月31日 ends.
        assert_eq!(
            moment(Date::new(2025, 1, 31).unwrap().end()),
            "2025-02-01 00:00"
        );
    }

    #[test]
    fn board_rows_in_both_languages() {
        let event = Event {
            id: 7,
            at: Date::new(2025, 1, 20).unwrap().end() - 86_400 + 9 * 3_600,
            user: None,
            step: Step::Submit,
            from: Some(State::Drafting),
            to: State::Submitted,
            comment: None,
            submission: Some(3),
            acknowledged: Vec::new(),
        };
        let entries = [
            entry("甲县财政局", State::Submitted, false, Some(event)),
            entry("甲县民政局", State::NotStarted, true, None),
        ];
        let (header, rows) = board_rows(&entries, Lang::Zh);
        assert_eq!(
            header,
            [
                "机关",
                "地区",
                "类别",
                "状态",
                "截止日期",
                "是否逾期",
                "最近操作",
                "操作时间",
                "操作人"
            ]
        );
        assert_eq!(
            rows[0],
            [
                "甲县财政局",
                "甲县",
                "部门",
                "已报送",
                "2025-01-31",
                "否",
                "报送",
                "2025-01-20 09:00",
                "命令行"
            ]
        );
        assert_eq!(
            rows[1],
            [
                "甲县民政局",
                "甲县",
                "部门",
                "未开始",
                "2025-01-31",
                "是",
                "",
                "",
                ""
            ]
        );
        let (header, rows) = board_rows(&entries, Lang::En);
        assert_eq!(header[0], "organ");
        assert_eq!(header[8], "by");
        assert_eq!(rows[0][3], "submitted");
        assert_eq!(rows[0][6], "submit");
        assert_eq!(rows[0][8], "command line");
        assert_eq!(rows[1][5], "yes");
    }

    #[test]
    fn rollup_rows_name_every_cell_and_organ() {
        let three = gongkai_core::Value::Number(gongkai_core::Number::parse("3").unwrap());
        let report = Report::from_cells(
            "rollup",
            None,
            Some(2024),
            Version::V2021,
            Template::get(Version::V2021)
                .required_cells()
                .take(2)
                .map(|spec| (spec.key.clone(), three))
                .collect::<Vec<_>>(),
        );
        let rollup = Rollup {
            report: Some(report),
            counted: vec!["甲县财政局".into()],
            missing: vec!["甲县民政局".into(), "甲县教育局".into()],
        };
        let (header, rows) = rollup_rows(&rollup, Lang::Zh);
        assert_eq!(header, ["单元格", "名称", "合计"]);
        assert_eq!(rows.len(), 5);
        let first = &Template::get(Version::V2021)
            .required_cells()
            .next()
            .unwrap();
        assert_eq!(rows[0][0], first.key);
        assert_eq!(
            rows[0][1],
            format!("{} {}", first.row.label.text, first.column.label.text)
        );
        assert_eq!(rows[0][2], "3");
        assert_eq!(rows[2], ["已汇总", "甲县财政局", ""]);
        assert_eq!(rows[3], ["未汇总", "甲县民政局", ""]);
        assert_eq!(rows[4], ["未汇总", "甲县教育局", ""]);
        let (header, rows) = rollup_rows(&rollup, Lang::En);
        assert_eq!(header, ["key", "label", "sum"]);
        assert_eq!(rows[4][0], "missing");
        // With nothing approved, only the organs.
        let none = Rollup {
            report: None,
            counted: Vec::new(),
            missing: vec!["甲县民政局".into()],
        };
        assert_eq!(
            rollup_rows(&none, Lang::Zh).1,
            [["未汇总", "甲县民政局", ""]]
        );
    }

    #[test]
    fn labels_fall_back_to_the_key() {
        assert_eq!(
            cell_label(Version::V2021, "t9.no.such", Lang::Zh),
            "t9.no.such"
        );
        let t3 = Template::get(Version::V2021)
            .cells()
            .iter()
            .find(|c| c.key == "t3.new.total")
            .unwrap();
        let en = cell_label(Version::V2021, "t3.new.total", Lang::En);
        assert!(en.starts_with(t3.row.label.english.unwrap()), "{en}");
    }
}

/// A part of a report the publication check compares.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Title,
    /// One of the six sections, 1 to 6 (一 to 六).
    Section(u8),
    /// A cell, by its key (`t3.new.total`).
    Cell(String),
}

impl Part {
    /// As the office reads it: `标题`, `第三部分`, or the cell's key.
    pub fn zh(&self) -> String {
        match self {
            Part::Title => "标题".into(),
            Part::Section(n @ 1..=6) => {
                let numeral = ["一", "二", "三", "四", "五", "六"][usize::from(*n) - 1];
                format!("第{numeral}部分")
            }
            Part::Section(n) => format!("第{n}部分"),
            Part::Cell(key) => key.clone(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            Part::Title => "the title".into(),
            Part::Section(n) => format!("section {n}"),
            Part::Cell(key) => key.clone(),
        }
    }

    /// As `season_publications.differences` keeps it: `title`, `section:3`, `cell:<key>`.
    fn code(&self) -> String {
        match self {
            Part::Title => "title".into(),
            Part::Section(n) => format!("section:{n}"),
            Part::Cell(key) => format!("cell:{key}"),
        }
    }

    fn of_code(code: &str) -> Option<Part> {
        match code.split_once(':') {
            None if code == "title" => Some(Part::Title),
            Some(("section", n)) => n.parse().ok().map(Part::Section),
            Some(("cell", key)) => Some(Part::Cell(key.to_string())),
            _ => None,
        }
    }
}

/// One part that differs between two readings of a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discrepancy {
    pub what: Part,
    /// As printed (a cell's value, the title, the section's text); `None` where the report
    /// compared with has no such part.
    pub before: Option<String>,
    /// The same in the report read now; `None` where it has no such part.
    pub after: Option<String>,
}

/// What comparing one reading of the published report found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    pub id: i64,
    /// 1 for the first reading of the organ's published report in the season, 2 for the
    /// next…
    pub number: i64,
    pub at: i64,
    /// Who checked, by name (kept once the user is deleted); `None` on the command line.
    pub user: Option<String>,
    /// The address of the page or the name of the file given.
    pub source: String,
    /// Against the approved submission: cells, title and each section's text.
    pub against_approved: Vec<Discrepancy>,
    /// Against the first reading (empty for the first reading itself).
    pub against_first: Vec<Discrepancy>,
    /// The organ's state after the check.
    pub state: State,
}

/// Text as the publication check compares it: no whitespace (a web page, a PDF and a Word
/// file break and space the same Chinese text each their own way), full-width letters, digits
/// and punctuation as half-width, curly quotes as straight ones. What still differs was
/// written differently.
fn plain(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}'))
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            _ => c,
        })
        .collect()
}

/// What differs between two readings of a report (the approved submission, or the first
/// reading of what went online, and a reading of the published report): the title, then each
/// of the six sections' text (a section one of them lacks is a difference), then the cells'
/// printed values as [`differences`] finds them. Titles and texts are compared [`plain`]: a
/// page that spaces or punctuates the approved text its own way says the same.
pub fn discrepancies(before: &Report, after: &Report) -> Vec<Discrepancy> {
    let mut out = Vec::new();
    let mut compare = |what: Part, before: Option<String>, after: Option<String>| {
        if before.as_deref().map(plain) != after.as_deref().map(plain) {
            out.push(Discrepancy {
                what,
                before,
                after,
            });
        }
    };
    let title = |r: &Report| {
        r.title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
    };
    compare(Part::Title, title(before), title(after));
    for n in 1..=6u8 {
        let text = |r: &Report| {
            r.sections
                .iter()
                .find(|s| s.number == n)
                .map(|s| s.body.trim().to_string())
        };
        compare(Part::Section(n), text(before), text(after));
    }
    out.extend(differences(before, after).into_iter().map(|d| Discrepancy {
        what: Part::Cell(d.key),
        before: d.before,
        after: d.after,
    }));
    out
}

/// The first few discrepancies, as the timeline's comment lists them.
fn listed(found: &[Discrepancy]) -> String {
    const SHOWN: usize = 5;
    let each = found.iter().take(SHOWN).map(|d| {
        let what = d.what.zh();
        match (&d.what, &d.before, &d.after) {
            (Part::Cell(_), before, after) => format!(
                "{what}（{} → {}）",
                before.as_deref().unwrap_or("无"),
                after.as_deref().unwrap_or("无")
            ),
            (_, None, _) => format!("{what}（多出）"),
            (_, _, None) => format!("{what}（缺失）"),
            _ => format!("{what}有改动"),
        }
    });
    let shown = each.collect::<Vec<_>>().join("、");
    if found.len() > SHOWN {
        format!("{shown}等 {} 处", found.len())
    } else {
        shown
    }
}

fn discrepancies_json(found: &[Discrepancy]) -> serde_json::Value {
    serde_json::Value::Array(
        found
            .iter()
            .map(|d| {
                serde_json::json!({
                    "what": d.what.code(),
                    "before": d.before,
                    "after": d.after,
                })
            })
            .collect(),
    )
}

pub(crate) fn discrepancies_of(json: &serde_json::Value) -> Vec<Discrepancy> {
    let text = |v: &serde_json::Value| v.as_str().map(String::from);
    json.as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| {
                    Some(Discrepancy {
                        what: Part::of_code(v["what"].as_str()?)?,
                        before: text(&v["before"]),
                        after: text(&v["after"]),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Reads what went online against what was approved: `published` is the report read from the
/// page or file the organ gave (`source`, its address or file name). It is compared with the
/// approved submission and, once the published report has been read before, with the first
/// reading too: a report changed after it was published is a finding of its own, which
/// evaluators penalise. The organ's state follows the comparison with the approved report:
/// 已通过 becomes 已发布 and, if anything differs, 发布不符; 已发布 with a difference becomes
/// 发布不符; 发布不符 with none is 已发布 again. Each reading is kept, and is a row of the
/// timeline (a comment when the state does not change) listing the first few differences.
/// For the organ's approver or whoever reviews it, once the report is approved.
pub fn check_publication(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
    source: &str,
    published: &Report,
) -> Result<Publication, SeasonError> {
    let source = source.trim();
    let packed = pack(published)?;
    db.transaction(|db| {
        season(db, season_id)?;
        let c = current(db, season_id, organ)?;
        visible(by, &c)?;
        if !by.publishes_for(organ, c.organ.place.as_deref()) {
            return Err(SeasonError::NotAllowed);
        }
        if !matches!(
            c.state,
            State::Approved | State::Published | State::PublishedMismatch
        ) {
            return Err(SeasonError::NotApproved(c.state));
        }
        let rows = db.query(
            "SELECT s.id, s.packed FROM season_organs so
             JOIN season_submissions s ON s.id = so.approved
             WHERE so.season_id = $1 AND so.organ_id = $2",
            &[season_id.into(), organ.into()],
        )?;
        let Some(approved) = rows.first() else {
            return Err(SeasonError::NotApproved(c.state));
        };
        let submission = approved[0].int();
        let approved = crate::model::unpack(&Val::Null, &approved[1], &c.organ.name)?;
        let first = db.query(
            "SELECT packed FROM season_publications
             WHERE season_id = $1 AND organ_id = $2 AND number = 1",
            &[season_id.into(), organ.into()],
        )?;
        let first = match first.first() {
            Some(r) => Some(crate::model::unpack(&Val::Null, &r[0], &c.organ.name)?),
            None => None,
        };
        let against_approved = discrepancies(&approved, published);
        let against_first = first
            .as_ref()
            .map(|f| discrepancies(f, published))
            .unwrap_or_default();

        // The steps taken, each with its comment.
        let mut steps: Vec<(Step, String)> = Vec::new();
        let unlike = format!("发布稿与审定稿不符：{}", listed(&against_approved));
        let alike = format!("发布稿与审定稿一致：{source}");
        if c.state == State::Approved {
            let comment = if against_approved.is_empty() {
                alike.clone()
            } else {
                format!("发布稿：{source}")
            };
            steps.push((Step::Publish, comment));
        }
        let online = match c.state {
            State::Approved => State::Published,
            s => s,
        };
        match (online, against_approved.is_empty()) {
            (State::Published, false) => steps.push((Step::Mismatch, unlike)),
            (State::PublishedMismatch, true) => steps.push((Step::Resolve, alike)),
            _ if steps.is_empty() => steps.push((
                Step::Comment,
                if against_approved.is_empty() {
                    alike
                } else {
                    format!("发布稿仍与审定稿不符：{}", listed(&against_approved))
                },
            )),
            _ => {}
        }
        if !against_first.is_empty() {
            if let Some((_, comment)) = steps.last_mut() {
                *comment += &format!("；与首次读取相比有改动：{}", listed(&against_first));
            }
        }
        let mut state = c.state;
        for (step, comment) in steps {
            let to = moved(step, state)?;
            EventRow {
                step,
                from: Some(state),
                to,
                comment: Some(comment),
                submission,
                acknowledged: None,
            }
            .insert(db, by, season_id, organ)?;
            state = to;
        }

        let number = next_number(db, "season_publications", season_id, organ)?;
        let at = now();
        let found = serde_json::json!({
            "approved": discrepancies_json(&against_approved),
            "first": discrepancies_json(&against_first),
        });
        let rows = db.query(
            "INSERT INTO season_publications
                (season_id, organ_id, number, at, user_id, user_name, source, packed,
                 submission_id, differences, state)
             VALUES ($1, $2, $3, $4, $5, (SELECT name FROM users WHERE id = $5), $6, $7, $8,
                     $9, $10)
             RETURNING id, user_name",
            &[
                season_id.into(),
                organ.into(),
                number.into(),
                at.into(),
                by.user().into(),
                source.into(),
                packed.clone(),
                submission.into(),
                found.to_string().into(),
                state.as_str().into(),
            ],
        )?;
        let row = rows.first();
        Ok(Publication {
            id: row.and_then(|r| r[0].int()).unwrap_or(0),
            number,
            at,
            user: row.and_then(|r| r[1].text().map(String::from)),
            source: source.to_string(),
            against_approved,
            against_first,
            state,
        })
    })
}

/// Every reading of the organ's published report in a season, the first first, with what
/// each found.
pub fn publications(
    db: &mut Db,
    by: &Scope,
    season_id: i64,
    organ: i64,
) -> Result<Vec<Publication>, SeasonError> {
    let c = current(db, season_id, organ)?;
    visible(by, &c)?;
    Ok(db
        .query(
            "SELECT id, number, at, user_name, source, differences, state
             FROM season_publications WHERE season_id = $1 AND organ_id = $2 ORDER BY number",
            &[season_id.into(), organ.into()],
        )?
        .iter()
        .map(|r| {
            let found: serde_json::Value = r[5]
                .text()
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            Publication {
                id: r[0].int().unwrap_or(0),
                number: r[1].int().unwrap_or(0),
                at: r[2].int().unwrap_or(0),
                user: r[3].text().map(String::from),
                source: r[4].text().unwrap_or_default().to_string(),
                against_approved: discrepancies_of(&found["approved"]),
                against_first: discrepancies_of(&found["first"]),
                state: r[6].text().and_then(State::parse).unwrap_or(c.state),
            }
        })
        .collect())
}

/// Why an organ is in a user's inbox, the most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InboxKind {
    /// Past its due date and still owing a report ([`State::owes`]).
    Overdue,
    /// Sent back by the office: to be corrected and submitted again.
    Returned,
    /// What went online is not what was approved: to be put right (the organ), to be
    /// followed up (the office).
    Mismatch,
    /// Due within three days and still owing a report.
    DueSoon,
    /// Submitted, for the office to return or approve.
    AwaitingReview,
    /// Approved: to be published as it is.
    Approved,
}

impl InboxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InboxKind::Overdue => "overdue",
            InboxKind::Returned => "returned",
            InboxKind::Mismatch => "mismatch",
            InboxKind::DueSoon => "due_soon",
            InboxKind::AwaitingReview => "awaiting_review",
            InboxKind::Approved => "approved",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            InboxKind::Overdue => "已逾期",
            InboxKind::Returned => "被退回修改",
            InboxKind::Mismatch => "发布不符",
            InboxKind::DueSoon => "即将到期",
            InboxKind::AwaitingReview => "待审核",
            InboxKind::Approved => "已通过，待发布",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            InboxKind::Overdue => "overdue",
            InboxKind::Returned => "returned for changes",
            InboxKind::Mismatch => "published, not as approved",
            InboxKind::DueSoon => "due soon",
            InboxKind::AwaitingReview => "awaiting review",
            InboxKind::Approved => "approved, to be published",
        }
    }
}

/// One organ of one season that needs the user's attention.
#[derive(Clone, Debug, PartialEq)]
pub struct InboxItem {
    pub season: i64,
    pub year: i32,
    pub region: String,
    pub organ: i64,
    pub organ_name: String,
    pub kind: InboxKind,
    pub due: Date,
    /// When the organ came to its state (the event that moved it there).
    pub at: Option<i64>,
    /// That event's comment: for a report returned, what to change.
    pub comment: Option<String>,
}

/// How close to its due date an organ still owing a report is [`InboxKind::DueSoon`].
const DUE_SOON: i64 = 3 * 86_400;

/// What needs the user's attention at `now` (seconds since the epoch), across every season:
/// for a member of an organ, its report returned (with the comment), approved, due within
/// three days or overdue; for an office (or a global editor or administrator), the organs it
/// reviews that are submitted or overdue. One item per organ and season, under its most
/// urgent kind; the most urgent first, then the earliest due. Read in two queries whatever the
/// number of organs: the organs with their state and the event that moved them to it, and the
/// seasons' deadlines.
pub fn inbox(db: &mut Db, by: &Scope, now: i64) -> Result<Vec<InboxItem>, SeasonError> {
    let (filter, params): (String, Vec<Val>) = match by.organ() {
        Some(organ) => ("so.organ_id = $1".into(), vec![organ.into()]),
        None => {
            let states: Vec<String> = State::ALL
                .into_iter()
                .filter(|s| s.owes() || *s == State::Submitted)
                .map(|s| format!("'{}'", s.as_str()))
                .collect();
            (format!("so.state IN ({})", states.join(", ")), Vec::new())
        }
    };
    // The event that moved the organ to its state: a draft saved once returned, or a comment,
    // comes after it and leaves the state as it was.
    let rows = db.query(
        &format!(
            "SELECT so.season_id, s.year, s.region, so.organ_id, o.name, o.place, o.kind,
                    so.state, so.due, e.at, e.comment
             FROM season_organs so
             JOIN seasons s ON s.id = so.season_id
             JOIN organs o ON o.id = so.organ_id
             LEFT JOIN season_events e ON e.id = (
                SELECT MAX(x.id) FROM season_events x
                WHERE x.season_id = so.season_id AND x.organ_id = so.organ_id
                  AND x.to_state = so.state
                  AND (x.from_state IS NULL OR x.from_state <> x.to_state))
             WHERE {filter}"
        ),
        &params,
    )?;
    let mut set: std::collections::HashMap<i64, Vec<(Kind, Date)>> = Default::default();
    for r in db.query(
        &format!(
            "SELECT d.season_id, d.kind, d.due FROM season_deadlines d
             WHERE d.season_id IN (SELECT so.season_id FROM season_organs so WHERE {filter})"
        ),
        &params,
    )? {
        if let (Some(season), Some(kind), Some(due)) = (
            r[0].int(),
            r[1].text().and_then(Kind::parse),
            r[2].text().and_then(Date::parse),
        ) {
            set.entry(season).or_default().push((kind, due));
        }
    }
    let member = by.organ().is_some();
    let mut out = Vec::new();
    for r in rows {
        let (Some(season), Some(organ), Some(state)) =
            (r[0].int(), r[3].int(), r[7].text().and_then(State::parse))
        else {
            continue;
        };
        let place = r[5].text();
        if !(member || by.reviews(place)) {
            continue;
        }
        let year = r[1].int().unwrap_or(0) as i32;
        let kind = r[6]
            .text()
            .and_then(Kind::parse)
            .unwrap_or(Kind::Department);
        let due = r[8].text().and_then(Date::parse).unwrap_or_else(|| {
            let mut deadlines = Deadlines::defaults(year);
            for (kind, due) in set.get(&season).into_iter().flatten() {
                deadlines.set(*kind, *due);
            }
            deadlines.of(kind)
        });
        let overdue = state.owes() && now >= due.end();
        let why = if overdue {
            InboxKind::Overdue
        } else if state == State::PublishedMismatch {
            InboxKind::Mismatch
        } else if !member {
            match state {
                State::Submitted => InboxKind::AwaitingReview,
                _ => continue,
            }
        } else if state == State::Returned {
            InboxKind::Returned
        } else if state.owes() && due.end() - now <= DUE_SOON {
            InboxKind::DueSoon
        } else if state == State::Approved {
            InboxKind::Approved
        } else {
            continue;
        };
        out.push(InboxItem {
            season,
            year,
            region: r[2].text().unwrap_or_default().to_string(),
            organ,
            organ_name: r[4].text().unwrap_or_default().to_string(),
            kind: why,
            due,
            at: r[9].int(),
            comment: r[10].text().map(String::from),
        });
    }
    out.sort_by(|a, b| {
        (a.kind, a.due, &a.organ_name, a.season).cmp(&(b.kind, b.due, &b.organ_name, b.season))
    });
    Ok(out)
}
