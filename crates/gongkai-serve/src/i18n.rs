//! The UI's language: Chinese first, English on request (`?lang=en`, kept in a cookie).

use gongkai_core::Lang;

/// Picks the text for the language.
pub fn t<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    if lang.is_english() {
        en
    } else {
        zh
    }
}

/// The language a query string chooses (`?lang=en`, `?lang=zh`), if it chooses one.
pub fn chosen(uri: &axum::http::Uri) -> Option<Lang> {
    uri.query()?
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .map(|lang| Lang::english(lang == "en"))
}

/// The language of a request: the one its query chooses, else its language cookie's.
pub fn lang_for(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> Lang {
    chosen(uri).unwrap_or_else(|| {
        Lang::english(
            crate::auth::cookie(headers, crate::auth::LANG_COOKIE).as_deref() == Some("en"),
        )
    })
}

/// A date and time (UTC) from seconds since the epoch: `2026-11-22 20:31`.
pub fn when(secs: i64) -> String {
    gongkai_core::date::clock(secs, 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::when(0), "1970-01-01 00:00");
        assert_eq!(super::when(1_795_379_460), "2026-11-22 20:31");
    }
}
