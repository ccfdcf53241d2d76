//! What the fuzz targets share.

/// Tight limits, so that a slow input shows as a libFuzzer timeout rather than a minute's
/// wait, and a bomb is refused early.
pub fn limits() -> gongkai_read::Limits {
    gongkai_read::Limits {
        max_time: std::time::Duration::from_secs(5),
        max_unzipped: 20 << 20,
        ..gongkai_read::Limits::default()
    }
}

/// gongkai's readers contain the panics of the parsers they build on (pdf_oxide, calamine)
/// and turn them into "damaged file" errors; libfuzzer-sys's panic hook would abort on those
/// caught panics too and report them as crashes. This quiet hook lets them be caught, while a
/// panic that escapes gongkai still reaches libfuzzer-sys's `catch_unwind`, which aborts: a
/// crash, as it should be. Call it first in every target.
pub fn contain_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}
