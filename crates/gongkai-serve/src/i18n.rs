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
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::when(0), "1970-01-01 00:00");
        assert_eq!(super::when(1_795_379_460), "2026-11-22 20:31");
    }
}
