//! Property tests: no input makes the reader panic.

mod common;

use proptest::prelude::*;

fn seed_texts() -> Vec<String> {
    let mut texts =
        vec![
            std::fs::read_to_string(common::workspace().join("examples/qingshan-2023.txt"))
                .unwrap(),
        ];
    if let Some(dir) = common::shared_corpus() {
        for (_, input) in common::fixtures(&dir)
            .into_iter()
            .filter(|(_, i)| i.extension().is_some_and(|e| e == "txt"))
        {
            texts.push(std::fs::read_to_string(input).unwrap());
        }
    }
    texts
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Swap(usize, usize),
    Insert(usize, String),
    Duplicate(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let noise = prop_oneof![
        Just("0".to_string()),
        Just("\t".to_string()),
        Just("（三）不予公开".to_string()),
        Just("-3-".to_string()),
        Just("一、总体情况".to_string()),
        Just("总计".to_string()),
        Just("99999999999999999999".to_string()),
        "[0-9 \t]{0,20}",
        "\\PC{0,30}",
    ];
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (any::<usize>(), noise).prop_map(|(a, s)| Edit::Insert(a, s)),
        any::<usize>().prop_map(Edit::Duplicate),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for e in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match e {
            Edit::Delete(i) => {
                lines.remove(i % n);
            }
            Edit::Swap(a, b) => lines.swap(a % n, b % n),
            Edit::Insert(i, s) => lines.insert(i % (n + 1), s.clone()),
            Edit::Duplicate(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Edit::Truncate(i) => {
                let l = &mut lines[i % n];
                let keep = l.chars().count() / 2;
                *l = l.chars().take(keep).collect();
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = gongkai_read::read("random.bin", &bytes);
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,2000}") {
        let _ = gongkai_read::read("random.txt", text.as_bytes());
    }

    #[test]
    fn edited_reports_never_panic(which in any::<usize>(), edits in proptest::collection::vec(edit(), 1..40)) {
        let texts = seed_texts();
        let text = apply(&texts[which % texts.len()], &edits);
        if let Ok(report) = gongkai_read::read("edited.txt", text.as_bytes()) {
            // Whatever was read is well-formed: keys from the template, spans inside the text.
            let lines = text.split('\n').count() as u32;
            for cell in &report.cells {
                prop_assert!(report.template().cell(&cell.key).is_some(), "{}", cell.key);
                if let Some(at) = cell.at {
                    prop_assert!(at.line >= 1 && at.line <= lines);
                }
            }
        }
    }
}
