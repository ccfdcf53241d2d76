//! The HTML pages: drawn on the server, every text escaped, usable without script.

use crate::auth::{self, Who, LANG_COOKIE, LOGIN_COOKIE};
use crate::error::AppError;
use crate::i18n::{t, when};
use crate::review::{self, Reviewed};
use crate::state::AppState;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_check::{Finding, Severity};
use gongkai_core::TableId;
use gongkai_render::html::{escape, table_with, Decoration};
use gongkai_render::layout::grid;
use gongkai_store::accounts::{self, Role};
use gongkai_store::drafts::{self, AddError, Mark};
use gongkai_store::query;
use std::collections::HashMap;

type Page = Result<Response, AppError>;

/// Attaches the page language to an error.
trait PageResult<T> {
    fn page(self, who: &Who) -> Result<T, AppError>;
}

impl<T> PageResult<T> for Result<T, AppError> {
    fn page(self, who: &Who) -> Result<T, AppError> {
        self.map_err(|e| e.page(who.english))
    }
}

/// The frame of every page: the navigation, the language switch, the user.
fn frame(who: &Who, title: &str, body: &str) -> Response {
    let en = who.english;
    let nav = [
        ("/", t(en, "核对报告", "Check")),
        ("/corpus", t(en, "语料库", "Corpus")),
        ("/corpus/missing", t(en, "未报送", "Not filed")),
        ("/corpus/rollup", t(en, "地区汇总", "Roll-ups")),
        ("/corpus/charts", t(en, "图表", "Charts")),
    ];
    let mut links: String = nav
        .iter()
        .map(|(href, text)| format!("<a href=\"{href}\">{text}</a>"))
        .collect();
    if who.user.as_ref().is_some_and(|u| u.role == Role::Admin) {
        links += &format!("<a href=\"/admin\">{}</a>", t(en, "管理", "Admin"));
    }
    let account = match &who.user {
        Some(u) => format!(
            "<form method=\"post\" action=\"/logout\" class=\"inline\">{}<span>{} · {}</span> <button>{}</button></form>",
            csrf_field(who),
            escape(&u.name),
            u.role,
            t(en, "退出", "Log out")
        ),
        None => format!("<a href=\"/login\">{}</a>", t(en, "登录", "Log in")),
    };
    let switch = if en {
        "<a href=\"?lang=zh\">中文</a>"
    } else {
        "<a href=\"?lang=en\">English</a>"
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · gongkai</title>\n<link rel=\"stylesheet\" href=\"/assets/style.css\">\n\
         <script src=\"/assets/app.js\" defer></script>\n</head>\n<body>\n\
         <header><a class=\"brand\" href=\"/\">gongkai</a><nav>{links}</nav>\
         <div class=\"account\">{switch} {account}</div></header>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        if en { "en" } else { "zh-CN" },
        escape(title),
    );
    let mut response = Html(html).into_response();
    // Keep the language asked for in the query.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// A page, with the language cookie set when the query chose one.
fn page(who: &Who, title: &str, body: &str, query: Option<&str>) -> Response {
    let mut response = frame(who, title, body);
    if let Some(lang) = query.and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang="))) {
        let value = if lang == "en" { "en" } else { "zh" };
        if let Ok(v) = header::HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={value}; Path=/; SameSite=Strict; Max-Age=31536000"
        )) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn csrf_field(who: &Who) -> String {
    who.csrf.as_deref().map_or(String::new(), |c| {
        format!(
            "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
            escape(c)
        )
    })
}

/// A visitor who may read the pages: any user, or anyone when the admin opened reading. Others
/// are sent to the login page (or told they may not, when logged in).
pub struct Reader(pub Who);

impl axum::extract::FromRequestParts<AppState> for Reader {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Reader, Response> {
        let who = Who::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match refusal(&who) {
            None => Ok(Reader(who)),
            Some(r) => Err(r),
        }
    }
}

/// What a visitor who may not read is answered.
fn refusal(who: &Who) -> Option<Response> {
    match who.may_read() {
        Ok(()) => None,
        Err(_) if who.user.is_none() => Some(Redirect::to("/login").into_response()),
        Err(e) => Some(e.page(who.english).into_response()),
    }
}

pub async fn home(State(state): State<AppState>, who: Who, uri: axum::http::Uri) -> Page {
    let en = who.english;
    if !who.any_user {
        let body = format!(
            "<h1>{}</h1><p>{}</p><pre>gongkai user add 管理员 --role admin --db {}</pre>",
            t(en, "欢迎使用 gongkai", "Welcome to gongkai"),
            t(
                en,
                "还没有任何账户。请在服务器上运行下面的命令创建管理员，然后登录：",
                "There is no account yet. Make an administrator on the server, then log in:"
            ),
            escape(&crate::state::redacted(&state.config.db))
        );
        return Ok(page(&who, "gongkai", &body, uri.query()));
    }
    if let Some(r) = refusal(&who) {
        return Ok(r);
    }
    let list = state.db(|db| Ok(drafts::list(db)?)).await.page(&who)?;
    let mut body = format!("<h1>{}</h1>", t(en, "核对年度报告", "Check a report"));
    if who.user.is_some() {
        body += &format!(
            "<form class=\"upload\" method=\"post\" action=\"/check\" enctype=\"multipart/form-data\">{}\
             <p><label>{} <input type=\"file\" name=\"file\" id=\"file\"></label></p>\
             <p><label>{}<br><textarea name=\"text\" rows=\"8\" cols=\"80\" placeholder=\"{}\"></textarea></label></p>\
             <p><button type=\"submit\">{}</button></p></form>",
            csrf_field(&who),
            t(en, "上传报告（文本、HTML、Word、PDF、Excel）：", "Upload a report (text, HTML, Word, PDF, Excel):"),
            t(en, "或粘贴报告全文：", "or paste the report's text:"),
            t(en, "某县人民政府2023年政府信息公开工作年度报告……", "the whole report…"),
            t(en, "核对", "Check"),
        );
    } else {
        body += &format!(
            "<p><a href=\"/login\">{}</a></p>",
            t(en, "登录后可上传报告核对", "Log in to upload a report")
        );
    }
    body += &format!("<h2>{}</h2>", t(en, "已上传的报告", "Reports uploaded"));
    if list.is_empty() {
        body += &format!("<p>{}</p>", t(en, "还没有。", "None yet."));
    } else {
        body += &format!(
            "<table class=\"list\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t(en, "机关", "Organ"),
            t(en, "年度", "Year"),
            t(en, "文件", "File"),
            t(en, "错误", "Errors"),
            t(en, "警告", "Warnings"),
            t(en, "提示", "Notices"),
            t(en, "上传者", "By"),
            t(en, "更新时间", "Updated"),
        );
        for d in &list {
            body += &format!(
                "<tr><td><a href=\"/drafts/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                d.id,
                escape(d.agency.as_deref().unwrap_or("—")),
                d.year.map_or("—".into(), |y| y.to_string()),
                escape(&d.file),
                d.errors,
                d.warnings,
                d.infos,
                escape(d.owner.as_deref().unwrap_or("—")),
                when(d.updated)
            );
        }
        body += "</table>";
    }
    Ok(page(&who, t(en, "核对报告", "Check"), &body, uri.query()))
}

/// `POST /check`: an uploaded file or pasted text becomes a report under review.
pub async fn upload(State(state): State<AppState>, who: Who, mut form: Multipart) -> Page {
    let user = who.require(Role::Viewer).page(&who)?.id;
    let (mut csrf, mut file, mut text) = (None, None, None);
    while let Some(field) = form.next_field().await.map_err(|e| {
        AppError::bad_request(format!("上传出错：{e}"), format!("upload failed: {e}"))
            .page(who.english)
    })? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.ok(),
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(|e| {
                    AppError::bad_request(format!("上传出错：{e}"), format!("upload failed: {e}"))
                        .page(who.english)
                })?;
                if !bytes.is_empty() {
                    file = Some((name, bytes));
                }
            }
            Some("text") => text = field.text().await.ok().filter(|t| !t.trim().is_empty()),
            _ => {}
        }
    }
    who.check_csrf(csrf.as_deref()).page(&who)?;
    let (name, bytes) = match (file, text) {
        (Some(f), _) => f,
        (None, Some(t)) => ("粘贴的文本.txt".to_string(), t.into_bytes().into()),
        (None, None) => {
            return Err(AppError::bad_request(
                "请选择文件或粘贴报告全文",
                "choose a file or paste the report's text",
            )
            .page(who.english))
        }
    };
    let id = store_upload(&state, user, name, bytes).await.page(&who)?;
    Ok(Redirect::to(&format!("/drafts/{id}")).into_response())
}

/// Reads an upload and keeps it as a draft, when it fits the user's quota; returns its id.
pub async fn store_upload(
    state: &AppState,
    user: i64,
    name: String,
    bytes: axum::body::Bytes,
) -> Result<i64, AppError> {
    let size = bytes.len() as i64;
    // Refused before it is read, when it cannot fit; counted again as it is stored, since
    // other uploads may have come in meanwhile.
    if let Some(quota) = state
        .db(move |db| Ok(drafts::over_quota(db, Some(user), size)?))
        .await?
    {
        return Err(review::over_quota(&quota));
    }
    let s = state.clone();
    let (report, lines) = state
        .work(move || review::read_upload(&s, &name, &bytes))
        .await?;
    let source = lines.join("\n");
    state
        .db(
            move |db| match drafts::add(db, Some(user), &source, &report, size) {
                Ok(id) => Ok(id),
                Err(AddError::OverQuota(quota)) => Err(review::over_quota(&quota)),
                Err(AddError::Store(e)) => Err(e.into()),
            },
        )
        .await
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// The printed text around a place, a window of a long line (HTML pages have lines of tens of
/// thousands of characters).
fn excerpt(source: &str, line: u32, column: u32) -> Option<String> {
    let text = source.lines().nth(line.checked_sub(1)? as usize)?;
    let chars: Vec<char> = text.chars().collect();
    let at = (column as usize).saturating_sub(1).min(chars.len());
    let from = at.saturating_sub(40);
    let to = (at + 40).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(&chars[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    Some(out)
}

/// Where a finding is in the uploaded file, as the command line names it.
fn location(report: &gongkai_core::Report, f: &Finding, en: bool) -> String {
    gongkai_check::diagnostic::place(report, f, gongkai_core::Lang::english(en)).unwrap_or_default()
}

/// The three tables of a report, with cells decorated.
fn tables(
    report: &gongkai_core::Report,
    decorate: &dyn Fn(&gongkai_render::layout::Block) -> Decoration,
) -> String {
    let mut out = String::new();
    for (id, n) in [(TableId::T2, 2), (TableId::T3, 3), (TableId::T4, 4)] {
        let heading = report
            .section(n)
            .map(|s| s.heading.clone())
            .unwrap_or_else(|| {
                gongkai_core::template::SECTIONS[n as usize - 1]
                    .label
                    .text
                    .to_string()
            });
        out += &format!("<h2>{}</h2>", escape(&heading));
        out += &table_with(&grid(report, id), decorate);
    }
    out
}

pub async fn draft(
    State(state): State<AppState>,
    Reader(who): Reader,
    Path(id): Path<i64>,
    uri: axum::http::Uri,
) -> Page {
    let r = review::load(&state, id).await.page(&who)?;
    let changes = state
        .db(move |db| Ok(drafts::changes(db, Some(id))?))
        .await
        .page(&who)?;
    let editor = who.user.as_ref().is_some_and(|u| u.role >= Role::Editor);
    let body = draft_body(&who, &r, editor, &changes);
    let title = r
        .draft
        .report
        .agency
        .clone()
        .unwrap_or_else(|| r.draft.file.clone());
    Ok(page(&who, &title, &body, uri.query()))
}

fn draft_body(who: &Who, r: &Reviewed, editor: bool, changes: &[drafts::Change]) -> String {
    let en = who.english;
    let report = &r.draft.report;
    let id = r.draft.id;
    let by_cell = r.numbers_by_cell();
    let severity_of: HashMap<&str, Severity> = r
        .findings
        .iter()
        .flat_map(|f| f.cells.keys().map(move |k| (k, f.severity)))
        .fold(HashMap::new(), |mut m, (k, s)| {
            let e = m.entry(k).or_insert(s);
            if s > *e {
                *e = s;
            }
            m
        });
    let uncertain: std::collections::HashSet<&str> = report.uncertain().into_iter().collect();
    let decorate = |b: &gongkai_render::layout::Block| -> Decoration {
        let Some(key) = &b.key else {
            return Decoration::default();
        };
        let k = escape(key);
        let mut class = "cell".to_string();
        let mut after = String::new();
        // A cell gongkai could not read for certain is marked for the reviewer to check.
        if uncertain.contains(key.as_str()) {
            class += " uncertain";
            after += &format!(
                "<span class=\"doubt\" title=\"{}\">?</span>",
                t(
                    en,
                    "没能读准，请对照原文核对",
                    "not read for certain: check the original"
                )
            );
        }
        if let Some(numbers) = by_cell.get(key.as_str()) {
            class += " has-finding ";
            class += severity_class(severity_of[key.as_str()]);
            for n in numbers {
                after += &format!("<a class=\"badge\" href=\"#f{n}\">{n}</a>");
            }
        }
        Decoration {
            attrs: format!(" id=\"c-{k}\" data-key=\"{k}\" class=\"{class}\" title=\"{k}\""),
            after,
        }
    };
    let mut body = format!(
        "<h1>{}</h1><p class=\"meta\">{} · {} · {} {} · <a href=\"/drafts/{id}/download/docx\">DOCX</a> \
         <a href=\"/drafts/{id}/download/xlsx\">XLSX</a> <a href=\"/drafts/{id}/download/csv\">CSV</a></p>",
        escape(&gongkai_render::text::title(report)),
        escape(&r.draft.file),
        report.year.map_or("—".into(), |y| y.to_string()),
        t(en, "模板", "template"),
        report.template.as_str(),
    );
    body += "<div class=\"review\"><section class=\"tables\">";
    body += &tables(report, &decorate);
    body += "</section><aside class=\"findings\">";
    let counts = |s: Severity| r.findings.iter().filter(|f| f.severity == s).count();
    body += &format!(
        "<h2>{} <small>{} {} · {} {} · {} {}</small></h2><ol>",
        t(en, "核对结果", "Findings"),
        counts(Severity::Error),
        t(en, "错误", "errors"),
        counts(Severity::Warning),
        t(en, "警告", "warnings"),
        counts(Severity::Info),
        t(en, "提示", "notices"),
    );
    for (i, f) in r.findings.iter().enumerate() {
        let n = i + 1;
        let mark = r.mark(f);
        let keys: Vec<&str> = f.cells.keys().collect();
        body += &format!(
            "<li id=\"f{n}\" class=\"finding {} {}\" data-cells=\"{}\" data-line=\"{}\">\
             <a class=\"num\" href=\"#{}\">{n}</a> <b>{}</b> <span class=\"sev\">{}</span> {}",
            severity_class(f.severity),
            mark.map_or("", |m| if m == Mark::Dismissed {
                "dismissed"
            } else {
                "confirmed"
            }),
            escape(&keys.join(" ")),
            f.at.map_or(0, |a| a.line),
            keys.first()
                .map_or(format!("L{}", f.at.map_or(0, |a| a.line)), |k| format!(
                    "c-{}",
                    escape(k)
                )),
            f.code,
            if en {
                f.severity.as_str()
            } else {
                f.severity.name_zh()
            },
            escape(f.message.get(en)),
        );
        if let Some(a) = f.at {
            body += &format!(
                "<div class=\"where\"><a href=\"#L{}\">{}</a></div>",
                a.line,
                escape(&location(report, f, en))
            );
            if let Some(x) = excerpt(&r.draft.source, a.line, a.column) {
                body += &format!("<pre class=\"excerpt\">{}</pre>", escape(&x));
            }
        }
        if let Some(m) = mark {
            body += &format!(
                "<div class=\"mark\">{}</div>",
                match m {
                    Mark::Confirmed => t(en, "已确认", "confirmed"),
                    Mark::Dismissed => t(en, "已排除", "dismissed"),
                }
            );
        }
        if editor {
            body += &format!(
                "<form method=\"post\" action=\"/drafts/{id}/marks\" class=\"marks\">{}\
                 <input type=\"hidden\" name=\"finding\" value=\"{}\">\
                 <button name=\"state\" value=\"confirmed\">{}</button>\
                 <button name=\"state\" value=\"dismissed\">{}</button>\
                 <button name=\"state\" value=\"\">{}</button></form>",
                csrf_field(who),
                escape(&f.signature()),
                t(en, "确认", "Confirm"),
                t(en, "排除", "Dismiss"),
                t(en, "清除", "Clear"),
            );
        }
        body += "</li>";
    }
    body += "</ol></aside></div>";
    if editor {
        body += &format!(
            "<form id=\"edit\" method=\"post\" action=\"/drafts/{id}/cells\" class=\"edit\">{}\
             <h2>{}</h2><p>{}</p><label>{} <input name=\"key\" id=\"edit-key\" size=\"32\" placeholder=\"t3.new.total\"></label> \
             <label>{} <input name=\"value\" id=\"edit-value\" size=\"10\"></label> <button>{}</button></form>",
            csrf_field(who),
            t(en, "更正单元格", "Correct a cell"),
            t(en, "点击表格中的单元格，或填写单元格编号：", "Click a cell in the tables, or type its key:"),
            t(en, "单元格", "Cell"),
            t(en, "新值", "Value"),
            t(en, "保存并重新核对", "Save and check again"),
        );
    }
    if !r.draft.source.is_empty() {
        body += &format!(
            "<section class=\"source\"><h2>{}</h2><ol>",
            t(en, "原文", "Source")
        );
        for (i, line) in r.draft.source.lines().enumerate() {
            let shown: String = line.chars().take(400).collect();
            let more = if line.chars().count() > 400 {
                "…"
            } else {
                ""
            };
            body += &format!("<li id=\"L{}\">{}{more}</li>", i + 1, escape(&shown));
        }
        body += "</ol></section>";
    }
    body += &format!(
        "<section class=\"audit\"><h2>{}</h2><table class=\"list\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t(en, "修改记录", "Changes"),
        t(en, "时间", "When"),
        t(en, "用户", "Who"),
        t(en, "操作", "What"),
        t(en, "对象", "Of"),
        t(en, "原值", "Old"),
        t(en, "新值", "New"),
    );
    for c in changes {
        body += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            when(c.at),
            escape(c.user.as_deref().unwrap_or("—")),
            escape(&c.action),
            escape(c.key.as_deref().unwrap_or("")),
            escape(c.old.as_deref().unwrap_or("")),
            escape(c.new.as_deref().unwrap_or("")),
        );
    }
    body += "</table></section>";
    body
}

pub async fn correct(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Page {
    let user = who.require(Role::Editor).page(&who)?.id;
    who.check_csrf(form.get("csrf").map(String::as_str))
        .page(&who)?;
    let key = form.get("key").cloned().unwrap_or_default();
    let value = form.get("value").cloned().unwrap_or_default();
    correct_draft(&state, id, user, &key, &value)
        .await
        .page(&who)?;
    Ok(Redirect::to(&format!("/drafts/{id}#c-{key}")).into_response())
}

/// Corrects one cell of a draft and records it.
pub async fn correct_draft(
    state: &AppState,
    id: i64,
    user: i64,
    key: &str,
    value: &str,
) -> Result<(), AppError> {
    let (key, value) = (key.trim().to_string(), value.to_string());
    state
        .db(move |db| {
            drafts::correct(db, id, Some(user), &key, |report| {
                review::correct_cell(report, &key, &value)
            })?
            .ok_or_else(|| {
                AppError::not_found(format!("没有编号为 {id} 的报告"), format!("no report {id}"))
            })
            .map(|_| ())
        })
        .await
}

pub async fn mark(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Page {
    let user = who.require(Role::Editor).page(&who)?.id;
    who.check_csrf(form.get("csrf").map(String::as_str))
        .page(&who)?;
    let finding = form.get("finding").cloned().unwrap_or_default();
    let state_ = form.get("state").and_then(|s| Mark::parse(s));
    let f = finding.clone();
    state
        .db(move |db| Ok(drafts::mark(db, id, Some(user), &f, state_)?))
        .await
        .page(&who)?;
    Ok(Redirect::to(&format!("/drafts/{id}")).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    who: Who,
    Path((id, format)): Path<(i64, String)>,
) -> Page {
    who.may_read().page(&who)?;
    let target = match format.as_str() {
        "docx" => gongkai_render::Target::Docx,
        "xlsx" => gongkai_render::Target::Xlsx,
        "csv" => gongkai_render::Target::Csv,
        _ => {
            return Err(AppError::not_found(
                format!("不能下载为 {format}"),
                format!("no download as {format}"),
            )
            .page(who.english))
        }
    };
    let draft = state
        .db(move |db| Ok(drafts::get(db, id)?))
        .await
        .page(&who)?
        .ok_or_else(|| AppError::not_found("没有这份报告", "no such report").page(who.english))?;
    let name = draft
        .report
        .agency
        .clone()
        .unwrap_or_else(|| format!("report-{id}"));
    let year = draft.report.year.map_or(String::new(), |y| y.to_string());
    let bytes = state
        .work(move || {
            gongkai_render::render(&draft.report, target)
                .map_err(|e| AppError::internal(e.to_string()))
        })
        .await
        .page(&who)?;
    let mime = match target {
        gongkai_render::Target::Docx => {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        gongkai_render::Target::Xlsx => {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
        _ => "text/csv; charset=utf-8",
    };
    let file = format!("{name}{year}.{}", target.extension());
    let disposition = format!(
        "attachment; filename=\"report.{}\"; filename*=UTF-8''{}",
        target.extension(),
        percent(&file)
    );
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// RFC 5987 percent-encoding of a file name.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[derive(serde::Deserialize, Default)]
pub struct CorpusQuery {
    pub year: Option<i64>,
    pub region: Option<String>,
    pub name: Option<String>,
}

impl CorpusQuery {
    /// The years the store holds, latest first, and the year asked for or else the latest.
    async fn years(
        &self,
        state: &AppState,
        who: &Who,
    ) -> Result<(Vec<i64>, Option<i64>), AppError> {
        let years = state.db(|db| Ok(query::years(db)?)).await.page(who)?;
        let year = self.year.or(years.first().copied());
        Ok((years, year))
    }
}

pub async fn corpus(
    State(state): State<AppState>,
    Reader(who): Reader,
    Query(q): Query<CorpusQuery>,
    uri: axum::http::Uri,
) -> Page {
    let en = who.english;
    let (listed, years) = state
        .db(|db| Ok((query::list(db, None)?, query::years(db)?)))
        .await
        .page(&who)?;
    let region = q.region.clone().unwrap_or_default();
    let mut years = years;
    years.sort();
    // Organs by place, then name; each with its reports by year.
    let mut organs: std::collections::BTreeMap<(String, String), HashMap<i64, &query::Listed>> =
        Default::default();
    for l in &listed {
        let place = l.place.clone().unwrap_or_default();
        if !region.is_empty() && !place.starts_with(&region) {
            continue;
        }
        organs
            .entry((place, l.organ.clone()))
            .or_default()
            .insert(l.year, l);
    }
    let mut body = format!(
        "<h1>{}</h1><form method=\"get\" class=\"filter\"><label>{} <input name=\"region\" value=\"{}\"></label> <button>{}</button></form>\
         <p>{} {} · {} {}</p>",
        t(en, "语料库", "Corpus"),
        t(en, "地区", "Region"),
        escape(&region),
        t(en, "筛选", "Filter"),
        organs.len(),
        t(en, "个机关", "organs"),
        listed.len(),
        t(en, "份报告", "reports"),
    );
    body += &format!(
        "<table class=\"list corpus\"><tr><th>{}</th><th>{}</th>",
        t(en, "地区", "Place"),
        t(en, "机关", "Organ")
    );
    for y in &years {
        body += &format!("<th><a href=\"/corpus/charts?year={y}\">{y}</a></th>");
    }
    body += "</tr>";
    for ((place, name), by_year) in &organs {
        body += &format!(
            "<tr><td>{}</td><td><a href=\"/corpus/organ?name={}\">{}</a></td>",
            escape(place),
            percent(name),
            escape(name)
        );
        for y in &years {
            body += &match by_year.get(y) {
                Some(l) => format!(
                    "<td class=\"{}\" title=\"v{} · {} {} · {} {}\">✓{}</td>",
                    if l.errors > 0 { "sev-error" } else { "ok" },
                    l.version,
                    l.errors,
                    t(en, "错误", "errors"),
                    l.warnings,
                    t(en, "警告", "warnings"),
                    if l.errors > 0 {
                        format!(" {}", l.errors)
                    } else {
                        String::new()
                    }
                ),
                None => "<td class=\"missing\">—</td>".to_string(),
            };
        }
        body += "</tr>";
    }
    body += "</table>";
    Ok(page(&who, t(en, "语料库", "Corpus"), &body, uri.query()))
}

pub async fn missing(
    State(state): State<AppState>,
    Reader(who): Reader,
    Query(q): Query<CorpusQuery>,
    uri: axum::http::Uri,
) -> Page {
    let en = who.english;
    let (_, year) = q.years(&state, &who).await?;
    let region = q.region.clone();
    let rows = match year {
        Some(y) => {
            let r = region.clone();
            state
                .db(move |db| Ok(query::missing(db, y, r.as_deref())?))
                .await
                .page(&who)?
        }
        None => Vec::new(),
    };
    let mut body = format!(
        "<h1>{}</h1><form method=\"get\" class=\"filter\"><label>{} <input name=\"year\" size=\"6\" value=\"{}\"></label> \
         <label>{} <input name=\"region\" value=\"{}\"></label> <button>{}</button></form>",
        t(en, "未报送年度报告的机关", "Organs that have not filed"),
        t(en, "年度", "Year"),
        year.map_or(String::new(), |y| y.to_string()),
        t(en, "地区", "Region"),
        escape(region.as_deref().unwrap_or("")),
        t(en, "查看", "Show"),
    );
    body += &format!(
        "<p>{} {}</p><table class=\"list\"><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        rows.len(),
        t(
            en,
            "个机关在其他年度报送过，但没有这一年度的报告。",
            "organs filed in another year but not this one."
        ),
        t(en, "机关", "Organ"),
        t(en, "地区", "Place"),
        t(en, "最近报送", "Last filed"),
    );
    for m in &rows {
        body += &format!(
            "<tr><td><a href=\"/corpus/organ?name={}\">{}</a></td><td>{}</td><td>{}</td></tr>",
            percent(&m.organ),
            escape(&m.organ),
            escape(m.place.as_deref().unwrap_or("")),
            m.last
        );
    }
    body += "</table>";
    Ok(page(&who, t(en, "未报送", "Not filed"), &body, uri.query()))
}

pub async fn organ(
    State(state): State<AppState>,
    Reader(who): Reader,
    Query(q): Query<CorpusQuery>,
    uri: axum::http::Uri,
) -> Page {
    let en = who.english;
    let name = q.name.clone().unwrap_or_default();
    let n = name.clone();
    let history = state
        .db(move |db| Ok(gongkai_store::history::history(db, &n)?))
        .await
        .page(&who)?;
    if history.reports.is_empty() {
        return Err(AppError::not_found(
            format!("语料库中没有「{name}」的报告"),
            format!("no report of {name} in the store"),
        )
        .page(en));
    }
    let mut body = format!(
        "<h1>{}</h1><p><img class=\"chart\" src=\"/charts/organ?name={}\" alt=\"{}\"></p>",
        escape(&history.name),
        percent(&name),
        t(en, "公开率和复议纠错率", "disclosure and correction rates"),
    );
    body += &format!(
        "<table class=\"list\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t(en, "年度", "Year"),
        t(en, "版本", "Version"),
        t(en, "错误", "Errors"),
        t(en, "警告", "Warnings"),
        t(en, "提示", "Notices"),
    );
    for l in &history.reports {
        body += &format!(
            "<tr><td>{}</td><td>v{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            l.year, l.version, l.errors, l.warnings, l.infos
        );
    }
    body += "</table>";
    for step in &history.steps {
        body += &format!(
            "<h2>{} → {}</h2><p>{} {}</p>",
            step.from,
            step.to,
            step.comparison.changed.len(),
            t(en, "个单元格不同", "cells changed"),
        );
        if !step.comparison.changed.is_empty() {
            body += &format!(
                "<details><summary>{}</summary><table class=\"list\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                t(en, "变化的单元格", "Cells that changed"),
                t(en, "单元格", "Cell"),
                t(en, "项目", "Label"),
                step.from,
                step.to
            );
            for c in &step.comparison.changed {
                body += &format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&c.key),
                    escape(c.label),
                    escape(&c.before),
                    escape(&c.after)
                );
            }
            body += "</table></details>";
        }
        if let Some(why) = &step.comparison.skipped {
            body += &format!("<p class=\"muted\">{}</p>", escape(why.get(en)));
        }
        if !step.comparison.findings.is_empty() {
            body += "<ul>";
            for f in &step.comparison.findings {
                body += &format!(
                    "<li class=\"{}\"><b>{}</b> {}</li>",
                    severity_class(f.severity),
                    f.code,
                    escape(f.message.get(en))
                );
            }
            body += "</ul>";
        }
    }
    Ok(page(&who, &history.name, &body, uri.query()))
}

pub async fn rollup(
    State(state): State<AppState>,
    Reader(who): Reader,
    Query(q): Query<CorpusQuery>,
    uri: axum::http::Uri,
) -> Page {
    let en = who.english;
    let region = q.region.clone().unwrap_or_default();
    let year = q.years(&state, &who).await?.1.unwrap_or(0);
    let mut body = format!(
        "<h1>{}</h1><form method=\"get\" class=\"filter\"><label>{} <input name=\"region\" value=\"{}\"></label> \
         <label>{} <input name=\"year\" size=\"6\" value=\"{year}\"></label> <button>{}</button></form>",
        t(en, "地区汇总", "Roll-up"),
        t(en, "地区", "Region"),
        escape(&region),
        t(en, "年度", "Year"),
        t(en, "汇总", "Roll up"),
    );
    if !region.is_empty() {
        let r = region.clone();
        let rolled = state
            .db(move |db| Ok(query::rollup(db, &r, year)?))
            .await
            .page(&who)?;
        match rolled {
            None => {
                body += &format!(
                    "<p>{}</p>",
                    t(
                        en,
                        "这一地区在这一年度没有报告。",
                        "No report of this region for this year."
                    )
                )
            }
            Some((report, n)) => {
                let findings = gongkai_check::check(&report, None, &Default::default());
                body += &format!(
                    "<p>{n} {}</p>",
                    t(en, "个机关的报告之和", "organs' reports summed")
                );
                if !findings.is_empty() {
                    body += "<ul>";
                    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
                        body += &format!(
                            "<li class=\"sev-error\"><b>{}</b> {}</li>",
                            f.code,
                            escape(f.message.get(en))
                        );
                    }
                    body += "</ul>";
                }
                body += &tables(&report, &|b| Decoration {
                    attrs: b
                        .key
                        .as_ref()
                        .map_or(String::new(), |k| format!(" title=\"{}\"", escape(k))),
                    after: String::new(),
                });
            }
        }
    }
    Ok(page(&who, t(en, "地区汇总", "Roll-up"), &body, uri.query()))
}

pub async fn charts(
    State(state): State<AppState>,
    Reader(who): Reader,
    Query(q): Query<CorpusQuery>,
    uri: axum::http::Uri,
) -> Page {
    let en = who.english;
    let (years, year) = q.years(&state, &who).await?;
    let year = year.unwrap_or(0);
    let lang = if en { "&lang=en" } else { "" };
    let mut body = format!("<h1>{}</h1><p>", t(en, "图表", "Charts"));
    for y in &years {
        body += &format!("<a href=\"/corpus/charts?year={y}\">{y}</a> ");
    }
    body += &format!(
        "</p><h2>{}</h2><img class=\"chart\" src=\"/charts/outcomes?year={year}{lang}\" alt=\"\">\
         <h2>{}</h2><img class=\"chart\" src=\"/charts/rates?x=1{lang}\" alt=\"\">\
         <h2>{}</h2><img class=\"chart\" src=\"/charts/organs?year={year}{lang}\" alt=\"\">",
        t(
            en,
            &format!("{year} 年申请办理结果"),
            &format!("Requests by outcome, {year}")
        ),
        t(
            en,
            "公开率和复议纠错率（各年度）",
            "Disclosure and correction rates by year"
        ),
        t(
            en,
            &format!("{year} 年各机关公开率（申请最多的 30 个）"),
            &format!("Disclosure rate by organ, {year} (30 with most requests)")
        ),
    );
    Ok(page(&who, t(en, "图表", "Charts"), &body, uri.query()))
}

pub async fn login_form(State(state): State<AppState>, who: Who, uri: axum::http::Uri) -> Page {
    let en = who.english;
    let token = auth::token();
    let body = format!(
        "<main class=\"narrow\"><h1>{}</h1><form method=\"post\" action=\"/login\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\
         <p><label>{}<br><input name=\"name\" autocomplete=\"username\" required></label></p>\
         <p><label>{}<br><input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>\
         <p><button>{}</button></p></form></main>",
        t(en, "登录", "Log in"),
        t(en, "用户名", "User name"),
        t(en, "密码", "Password"),
        t(en, "登录", "Log in"),
    );
    let mut response = page(&who, t(en, "登录", "Log in"), &body, uri.query());
    if let Ok(v) = header::HeaderValue::from_str(&auth::set_cookie_at(
        &state,
        "/login",
        LOGIN_COOKIE,
        &token,
        3600,
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn login(
    State(state): State<AppState>,
    who: Who,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Page {
    let client = auth::client(&state, request.extensions(), &headers);
    let Form(form) =
        <Form<HashMap<String, String>> as axum::extract::FromRequest<AppState>>::from_request(
            request, &state,
        )
        .await
        .map_err(|e: axum::extract::rejection::FormRejection| {
            AppError::bad_request(e.body_text(), e.body_text()).page(who.english)
        })?;
    // The login form's token must match its cookie (double submit): another site cannot post
    // its own credentials into this one.
    let expected = auth::cookie(&headers, LOGIN_COOKIE);
    let given = form.get("csrf");
    if expected.is_none() || expected.as_ref() != given {
        return Err(AppError::csrf().page(who.english));
    }
    let name = form.get("name").cloned().unwrap_or_default();
    let password = form.get("password").cloned().unwrap_or_default();
    let (_, cookie, _) = auth::login(&state, &client, &name, &password)
        .await
        .page(&who)?;
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = header::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn logout(
    State(state): State<AppState>,
    who: Who,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Page {
    who.check_csrf(form.get("csrf").map(String::as_str))
        .page(&who)?;
    let cookie = auth::logout(&state, &headers).await.page(&who)?;
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) = header::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn admin(State(state): State<AppState>, who: Who, uri: axum::http::Uri) -> Page {
    let en = who.english;
    let me = who.require(Role::Admin).page(&who)?.id;
    let (users, changes, quota) = state
        .db(move |db| {
            Ok((
                accounts::users(db)?,
                drafts::changes(db, None)?,
                drafts::Quota::of(db, me)?,
            ))
        })
        .await
        .page(&who)?;
    let roles = |selected: Role| -> String {
        Role::ALL
            .iter()
            .map(|r| {
                format!(
                    "<option value=\"{r}\"{}>{r}</option>",
                    if *r == selected { " selected" } else { "" }
                )
            })
            .collect()
    };
    let mut body = format!(
        "<h1>{}</h1><h2>{}</h2><table class=\"list\">",
        t(en, "管理", "Administration"),
        t(en, "用户", "Users")
    );
    for u in &users {
        let csrf = csrf_field(&who);
        body += &format!(
            "<tr id=\"user-{id}\"><td>{}{}</td><td><form method=\"post\" action=\"/admin/users/{id}\" class=\"inline\">{csrf}\
             <select name=\"role\">{}</select> <input name=\"password\" type=\"password\" placeholder=\"{}\" autocomplete=\"new-password\"> <button>{}</button></form></td>\
             <td><form method=\"post\" action=\"/admin/users/{id}/disable\" class=\"inline\">{csrf}\
             <input type=\"hidden\" name=\"disabled\" value=\"{}\"><button>{}</button></form></td>\
             <td><form method=\"post\" action=\"/admin/users/{id}/delete\" class=\"inline\">{csrf}\
             <label><input type=\"checkbox\" name=\"confirm\" value=\"1\" required> {}</label> <button>{}</button></form></td></tr>",
            escape(&u.name),
            if u.disabled {
                format!(" <small>（{}）</small>", t(en, "已停用", "disabled"))
            } else {
                String::new()
            },
            roles(u.role),
            t(en, "新密码（可留空）", "new password (optional)"),
            t(en, "保存", "Save"),
            if u.disabled { "0" } else { "1" },
            if u.disabled {
                t(en, "启用", "Enable")
            } else {
                t(en, "停用", "Disable")
            },
            t(en, "确认删除", "really delete"),
            t(en, "删除", "Delete"),
            id = u.id,
        );
    }
    body += &format!(
        "</table><h2>{}</h2><form method=\"post\" action=\"/admin/users\">{}\
         <label>{} <input name=\"name\" required></label> <label>{} <input name=\"password\" type=\"password\" required autocomplete=\"new-password\"></label> \
         <select name=\"role\">{}</select> <button>{}</button></form>",
        t(en, "新建用户", "New user"),
        csrf_field(&who),
        t(en, "用户名", "Name"),
        t(en, "密码", "Password"),
        roles(Role::Viewer),
        t(en, "创建", "Create"),
    );
    body += &format!(
        "<h2>{}</h2><form method=\"post\" action=\"/admin/settings\">{}\
         <p><label><input type=\"checkbox\" name=\"anonymous_read\" value=\"1\"{}> {}</label></p>\
         <p>{} <label><input name=\"upload_count_per_day\" type=\"number\" min=\"0\" size=\"6\" value=\"{}\"> {}</label>\
         <label><input name=\"upload_mb_per_day\" type=\"number\" min=\"0\" size=\"6\" value=\"{}\"> MB</label></p>\
         <p><button>{}</button></p></form>",
        t(en, "设置", "Settings"),
        csrf_field(&who),
        if who.anonymous_read { " checked" } else { "" },
        t(en, "允许未登录的访客浏览语料库和核对结果", "Let visitors who are not logged in read the corpus and reviews"),
        t(en, "每位用户（管理员除外）24 小时内最多上传", "Each user (but administrators) may upload in 24 hours at most"),
        quota.uploads,
        t(en, "份，共", "files, in all"),
        quota.megabytes,
        t(en, "保存", "Save"),
    );
    body += &format!(
        "<h2>{}</h2><table class=\"list\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        t(en, "修改记录", "Audit trail"),
        t(en, "时间", "When"),
        t(en, "用户", "Who"),
        t(en, "报告", "Report"),
        t(en, "操作", "What"),
        t(en, "对象", "Of"),
        t(en, "原值", "Old"),
        t(en, "新值", "New"),
    );
    for c in changes.iter().take(500) {
        body += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            when(c.at),
            escape(c.user.as_deref().unwrap_or("—")),
            c.draft.map_or(String::new(), |d| format!("<a href=\"/drafts/{d}\">{d}</a>")),
            escape(&c.action),
            escape(c.key.as_deref().unwrap_or("")),
            escape(c.old.as_deref().unwrap_or("")),
            escape(c.new.as_deref().unwrap_or("")),
        );
    }
    body += "</table>";
    Ok(page(&who, t(en, "管理", "Admin"), &body, uri.query()))
}

/// The admin who sent an admin page's form, its CSRF token checked.
fn admin_form(who: &Who, form: &HashMap<String, String>) -> Result<i64, AppError> {
    let admin = who.require(Role::Admin).page(who)?.id;
    who.check_csrf(form.get("csrf").map(String::as_str))
        .page(who)?;
    Ok(admin)
}

pub async fn add_user(
    State(state): State<AppState>,
    who: Who,
    Form(form): Form<HashMap<String, String>>,
) -> Page {
    let admin = admin_form(&who, &form)?;
    let name = form.get("name").cloned().unwrap_or_default();
    let password = form.get("password").cloned().unwrap_or_default();
    let role = form.get("role").cloned().unwrap_or_default();
    crate::api::create_user(&state, admin, &name, &password, &role)
        .await
        .page(&who)?;
    Ok(Redirect::to("/admin").into_response())
}

/// `POST /admin/users/{id}`: a new role, and a new password when one is typed.
pub async fn change_user(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Page {
    let admin = admin_form(&who, &form)?;
    let change = crate::api::UserChange {
        role: form.get("role").cloned(),
        password: form.get("password").filter(|p| !p.is_empty()).cloned(),
        disabled: None,
    };
    crate::api::change_user(&state, admin, id, change)
        .await
        .page(&who)?;
    Ok(Redirect::to("/admin").into_response())
}

/// `POST /admin/users/{id}/disable` with `disabled=1` (disable) or `0` (enable again).
pub async fn disable_user(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Page {
    let admin = admin_form(&who, &form)?;
    let change = crate::api::UserChange {
        disabled: Some(form.get("disabled").is_some_and(|v| v == "1")),
        ..Default::default()
    };
    crate::api::change_user(&state, admin, id, change)
        .await
        .page(&who)?;
    Ok(Redirect::to("/admin").into_response())
}

/// `POST /admin/users/{id}/delete`, with the box `confirm` ticked.
pub async fn delete_user(
    State(state): State<AppState>,
    who: Who,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Page {
    let admin = admin_form(&who, &form)?;
    if form.get("confirm").map(String::as_str) != Some("1") {
        return Err(AppError::bad_request(
            "请勾选“确认删除”后再删除用户",
            "tick “really delete” to delete the user",
        )
        .page(who.english));
    }
    state
        .db(move |db| Ok(accounts::delete_user(db, Some(admin), id)?))
        .await
        .page(&who)?;
    Ok(Redirect::to("/admin").into_response())
}

/// `POST /admin/settings`: the whole form, so an unticked box closes reading to visitors.
pub async fn settings(
    State(state): State<AppState>,
    who: Who,
    Form(form): Form<HashMap<String, String>>,
) -> Page {
    let admin = admin_form(&who, &form)?;
    let number = |name: &str| -> Result<Option<i64>, AppError> {
        match form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                AppError::bad_request(
                    format!("{name} 应为整数，而不是「{v}」"),
                    format!("{name} must be a whole number, not {v:?}"),
                )
            }),
        }
    };
    let change = crate::api::Settings {
        anonymous_read: Some(form.get("anonymous_read").is_some_and(|v| v == "1")),
        upload_count_per_day: number(drafts::QUOTA_UPLOADS).page(&who)?,
        upload_mb_per_day: number(drafts::QUOTA_MB).page(&who)?,
    };
    crate::api::change_settings(&state, admin, change)
        .await
        .page(&who)?;
    Ok(Redirect::to("/admin").into_response())
}

pub async fn asset(Path(name): Path<String>) -> Response {
    let (body, mime) = match name.as_str() {
        "style.css" => (
            include_str!("../assets/style.css"),
            "text/css; charset=utf-8",
        ),
        "app.js" => (
            include_str!("../assets/app.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return (StatusCode::NOT_FOUND, "not found").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

pub async fn not_found(who: Who, uri: axum::http::Uri) -> Response {
    let e = AppError::not_found(
        format!("没有这个页面：{}", uri.path()),
        format!("no such page: {}", uri.path()),
    );
    if uri.path().starts_with("/api/") {
        e.into_response()
    } else {
        e.page(who.english).into_response()
    }
}
