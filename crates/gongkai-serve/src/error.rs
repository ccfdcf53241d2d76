//! Errors as the user sees them: a page in the UI's language, or JSON under `/api/`.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// An error with its HTTP status and its message in both languages. Whether it is drawn as a
/// page or as JSON is decided by the route that returns it ([`AppError::page`]).
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    /// A stable word for programs: `unreadable`, `forbidden`, `csrf`…
    pub code: &'static str,
    pub zh: String,
    pub en: String,
    /// Draw as an HTML page in this language (`Some(english)`), or as JSON (`None`).
    pub page: Option<bool>,
}

impl AppError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> AppError {
        AppError {
            status,
            code,
            zh: zh.into(),
            en: en.into(),
            page: None,
        }
    }

    /// The same error, drawn as a page.
    pub fn page(mut self, english: bool) -> AppError {
        self.page = Some(english);
        self
    }

    /// The store failed. Its own words (table names, SQL, file paths) go to the server's log,
    /// not to the user.
    pub fn store(e: String) -> AppError {
        eprintln!("gongkai serve: store error: {e}");
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "store",
            "数据库暂时无法完成这个请求，请稍后再试；详情已记入服务器日志",
            "the store could not complete the request: try again later (the details are in the server's log)",
        )
    }

    /// Something failed that should not: the details go to the server's log.
    pub fn internal(e: String) -> AppError {
        eprintln!("gongkai serve: internal error: {e}");
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务器内部错误，详情已记入服务器日志",
            "internal error (the details are in the server's log)",
        )
    }

    /// A body over the route's limit of `limit` bytes.
    pub fn too_large(limit: usize) -> AppError {
        AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("请求体超过了 {limit} 字节的上限"),
            format!("the request body is over the limit of {limit} bytes"),
        )
    }

    pub fn not_found(zh: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::new(StatusCode::NOT_FOUND, "not_found", zh, en)
    }

    pub fn bad_request(zh: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::new(StatusCode::BAD_REQUEST, "bad_request", zh, en)
    }

    pub fn login_required() -> AppError {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            "login_required",
            "请先登录",
            "please log in",
        )
    }

    pub fn forbidden() -> AppError {
        AppError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "您的账户没有这项权限",
            "your account may not do this",
        )
    }

    pub fn csrf() -> AppError {
        AppError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
            "the request has no valid CSRF token: reload the page and try again",
        )
    }
}

impl From<gongkai_store::DbError> for AppError {
    fn from(e: gongkai_store::DbError) -> AppError {
        AppError::store(e.0)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self.page {
            None => (
                self.status,
                axum::Json(serde_json::json!({
                    "error": {"code": self.code, "message": self.zh, "message_en": self.en}
                })),
            )
                .into_response(),
            Some(english) => {
                let message = if english { &self.en } else { &self.zh };
                let title = if english { "Error" } else { "出错了" };
                let back = if english {
                    "Back to the start"
                } else {
                    "返回首页"
                };
                let body = format!(
                    "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title} {}</title>\
                     <link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body><main class=\"narrow\">\
                     <h1>{title}（{}）</h1><p class=\"error\">{}</p><p><a href=\"/\">{back}</a></p></main></body></html>",
                    if english { "en" } else { "zh-CN" },
                    self.status.as_u16(),
                    self.status.as_u16(),
                    gongkai_render::html::escape(message),
                );
                (self.status, Html(body)).into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AppError;

    #[test]
    fn the_store_s_words_are_not_shown() {
        let e = AppError::store("no such table: drafts (/srv/gongkai/w.db)".to_string());
        for shown in [&e.zh, &e.en] {
            assert!(
                !shown.contains("drafts") && !shown.contains("/srv"),
                "{shown}"
            );
        }
        let e = AppError::internal("thread panicked at src/pages.rs:10".to_string());
        assert!(!e.en.contains("pages.rs"), "{}", e.en);
    }
}
