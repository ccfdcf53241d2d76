//! Property test: whatever the reader makes of a mangled report, checking it never panics, and
//! every finding is well-formed.

use gongkai_check::{check, Selection};
use proptest::prelude::*;

fn texts() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    ["qingshan-2023.txt", "qingshan-2023-draft.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(root.join(f)).unwrap())
        .collect()
}

fn noise() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("未发生行政复议1起，收到申请二十件。".to_string()),
        Just("其中予以公开及部分公开3件，不予公开".to_string()),
        Just("（三）不予公开\t-1\t/\t2.5".to_string()),
        Just("0 0 0 0 0 0 0 0 0 0 0 0 0 0 0".to_string()),
        Just("收到".to_string()),
        Just("一百零".to_string()),
        "[0-9一二三十百千万件起，。、（）复议诉讼收到申请 ]{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn checking_any_reading_never_panics(
        which in 0usize..2,
        edits in prop::collection::vec((any::<prop::sample::Index>(), noise(), any::<bool>()), 0..12),
    ) {
        let text = &texts()[which];
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for (at, noise, replace) in edits {
            let i = at.index(lines.len().max(1));
            if replace && i < lines.len() {
                lines[i] = noise;
            } else {
                lines.insert(i.min(lines.len()), noise);
            }
        }
        let mangled = lines.join("\n");
        if let Ok(report) = gongkai_read::read_text("mangled.txt", &mangled, "UTF-8") {
            let previous = gongkai_read::read_text("last.txt", text, "UTF-8").ok();
            for f in check(&report, previous.as_ref(), &Selection::default()) {
                prop_assert!(!f.message.zh.is_empty() && !f.message.en.is_empty());
                prop_assert!(gongkai_check::rule(f.code).is_some());
            }
        }
    }
}
