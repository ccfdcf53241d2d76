//! Errors as the user sees them: a page in the UI's language, or JSON under `/api/`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An error with its HTTP status and its message in both languages. Every error answers as
/// JSON; under a page's route the error layer ([`crate::web::errors`]) draws it as a page in
/// the frame of the site, so that a handler never chooses and never forgets.
#[derive(Clone, Debug)]
pub struct AppError {
    pub status: StatusCode,
    /// A stable word for programs: `unreadable`, `forbidden`, `csrf`…
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

/// The body of an error answer, as the API documents it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable word for programs: `not_found`, `bad_request`, `csrf`, `forbidden`…
    pub code: String,
    /// The message in Chinese.
    pub message: String,
    /// The message in English.
    pub message_en: String,
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
        }
    }

    /// The message in a language.
    pub fn message(&self, lang: gongkai_core::Lang) -> &str {
        if lang.is_english() {
            &self.en
        } else {
            &self.zh
        }
    }

    /// The store failed. Its own words (table names, SQL, file paths) go to the server's log,
    /// not to the user.
    pub fn store(e: String) -> AppError {
        // Into the log (never a panic when standard error has gone, as `eprintln!` would).
        tracing::error!("store error: {e}");
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "store",
            "数据库暂时无法完成这个请求，请稍后再试；详情已记入服务器日志",
            "the store could not complete the request: try again later (the details are in the server's log)",
        )
    }

    /// Something failed that should not: the details go to the server's log.
    pub fn internal(e: String) -> AppError {
        tracing::error!("internal error: {e}");
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务器内部错误，详情已记入服务器日志",
            "internal error (the details are in the server's log)",
        )
    }

    /// An answer that would be larger than it may be (a workbook of too many rows).
    pub fn too_big(zh: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "too_big", zh, en)
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
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.zh.clone(),
                message_en: self.en.clone(),
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        // The error layer draws it as a page where a page was asked for.
        response.extensions_mut().insert(self);
        response
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
