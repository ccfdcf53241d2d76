//! The pages, as compiled templates (maud): every value is escaped when it is written into
//! the page, so that a report's `<script>` prints as text without anyone remembering to ask.
//! Each view draws a view model of the service layer, the same struct the API serialises.

pub mod admin;
pub mod charts;
pub mod corpus;
pub mod draft;
pub mod error;
pub mod home;
pub mod login;
pub mod organ;
pub mod score;
pub mod season;
pub mod stored;
pub mod tables;

use crate::auth::Who;
use axum::http::{header, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use gongkai_core::Lang;
use maud::{html, Markup, DOCTYPE};

/// What every page knows of its request: who asks, in which language, at which address.
pub struct Ctx<'a> {
    pub who: &'a Who,
    pub uri: &'a Uri,
}

impl<'a> Ctx<'a> {
    pub fn new(who: &'a Who, uri: &'a Uri) -> Ctx<'a> {
        Ctx { who, uri }
    }

    pub fn lang(&self) -> Lang {
        self.who.lang
    }

    /// The words of the page's language.
    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        crate::i18n::t(self.who.lang, zh, en)
    }

    /// This page in the other language: the same address and query, `lang` changed.
    fn switch(&self) -> String {
        let mut pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(self.uri.query().unwrap_or_default()).unwrap_or_default();
        pairs.retain(|(k, _)| k != "lang");
        let other = if self.lang().is_english() { "zh" } else { "en" };
        pairs.push(("lang".into(), other.into()));
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        format!("{}?{query}", self.uri.path())
    }

    /// The hidden field that carries the session's CSRF token in a form.
    pub fn csrf(&self) -> Markup {
        html! {
            @if let Some(token) = &self.who.csrf {
                input type="hidden" name="csrf" value=(token);
            }
        }
    }
}

/// The site's sections, as the navigation lists them.
const NAV: &[(&str, &str, &str)] = &[
    ("/", "核对报告", "Check"),
    ("/corpus", "语料库", "Corpus"),
    ("/corpus/missing", "未报送", "Not filed"),
    ("/corpus/rollup", "地区汇总", "Roll-ups"),
    ("/corpus/charts", "图表", "Charts"),
    ("/seasons", "年度报送", "Filing"),
    ("/score", "考评打分", "Scoring"),
    ("/inbox", "待办", "Inbox"),
];

/// A whole page: the frame (navigation, language switch, account) around `body`.
pub fn page(ctx: &Ctx, title: &str, body: Markup) -> Markup {
    let path = ctx.uri.path();
    // A member of an organ sees only the checker and the season ([`crate::web::confine`]).
    let confined = matches!(
        ctx.who.place,
        Some(gongkai_store::scope::Membership::Organ { .. })
    );
    let here = |href: &str| {
        if href == "/" {
            path == "/" || path.starts_with("/drafts")
        } else if href == "/corpus" {
            path == "/corpus" || path.starts_with("/corpus/reports") || path == "/corpus/organ"
        } else {
            path.starts_with(href)
        }
    };
    html! {
        (DOCTYPE)
        html lang=(if ctx.lang().is_english() { "en" } else { "zh-CN" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · gongkai" }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header {
                    a.brand href="/" { "gongkai" }
                    nav {
                        @for (href, zh, en) in NAV.iter().filter(|(href, ..)| !confined || matches!(*href, "/" | "/seasons" | "/score" | "/inbox")) {
                            a href=(href) aria-current=[here(href).then_some("page")] {
                                (crate::i18n::t(ctx.lang(), zh, en))
                            }
                        }
                        @if ctx.who.is_admin() {
                            a href="/admin" aria-current=[path.starts_with("/admin").then_some("page")] {
                                (ctx.t("管理", "Admin"))
                            }
                        }
                    }
                    div.account {
                        a href=(ctx.switch()) {
                            @if ctx.lang().is_english() { "中文" } @else { "English" }
                        }
                        " "
                        @match &ctx.who.user {
                            Some(u) => form.inline method="post" action="/logout" {
                                (ctx.csrf())
                                span { (u.name) " · " (place(ctx, u.role)) }
                                " "
                                button { (ctx.t("退出", "Log out")) }
                            },
                            None => a href="/login" { (ctx.t("登录", "Log in")) },
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// A page as an answer: HTML, never cached (it holds what the user may see).
pub fn answer(markup: Markup) -> Response {
    let mut response = markup.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// What the account bar says the user is: their place in the filing season, or their role.
fn place(ctx: &Ctx, r: gongkai_store::accounts::Role) -> String {
    use gongkai_store::scope::Membership;
    match &ctx.who.place {
        Some(Membership::Organ { role, .. }) => ctx.t(role.zh(), role.as_str()).replace('_', " "),
        Some(Membership::Office { region, role }) => {
            format!(
                "{region} {}",
                ctx.t(role.zh(), role.as_str()).replace('_', " ")
            )
        }
        None => role(ctx, r).to_string(),
    }
}

/// A role in words.
pub fn role(ctx: &Ctx, role: gongkai_store::accounts::Role) -> &'static str {
    use gongkai_store::accounts::Role;
    match role {
        Role::Viewer => ctx.t("查看者", "viewer"),
        Role::Editor => ctx.t("编辑者", "editor"),
        Role::Admin => ctx.t("管理员", "administrator"),
    }
}

/// A severity in words.
pub fn severity(ctx: &Ctx, s: gongkai_check::Severity) -> &'static str {
    if ctx.lang().is_english() {
        s.as_str()
    } else {
        s.name_zh()
    }
}

/// The class that colours a severity.
pub fn severity_class(s: gongkai_check::Severity) -> &'static str {
    match s {
        gongkai_check::Severity::Error => "sev-error",
        gongkai_check::Severity::Warning => "sev-warning",
        gongkai_check::Severity::Info => "sev-info",
    }
}

/// A number of years, organs or reports, or a dash for none known.
pub fn or_dash<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or("—".to_string(), |v| v.to_string())
}
