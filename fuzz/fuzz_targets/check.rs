//! Any bytes read as a report, then every rule run on it, with itself as last year's report
//! too, and the report rendered to every format. Seeded with text reports (fuzz/run).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    gongkai_fuzz::contain_panics();
    let Ok(report) = gongkai_read::read_with("fuzz.txt", data, &gongkai_fuzz::limits()).map(|r| r.report) else {
        return;
    };
    let all = gongkai_check::Selection::default();
    let _ = gongkai_check::check(&report, Some(&report), &all);
    for target in [
        gongkai_render::Target::Docx,
        gongkai_render::Target::Xlsx,
        gongkai_render::Target::Html,
        gongkai_render::Target::Md,
        gongkai_render::Target::Csv,
    ] {
        let _ = gongkai_render::render(&report, target);
    }
});
