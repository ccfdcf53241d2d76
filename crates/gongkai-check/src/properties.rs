//! Properties over random reports: consistent tables give no error, and any single change to a
//! cell of tables 三 or 四 gives an error naming that cell.

use crate::testing::{consistent, num, with};
use crate::{check, Selection, Severity};
use gongkai_core::template::TableId;
use gongkai_core::{Template, Version};
use proptest::prelude::*;

fn version() -> impl Strategy<Value = Version> {
    prop_oneof![Just(Version::V2019), Just(Version::V2021)]
}

proptest! {
    #[test]
    fn consistent_reports_give_no_error(seed in any::<u64>(), v in version()) {
        let report = consistent(v, seed);
        let findings = check(&report, None, &Selection::default());
        let errors: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
        prop_assert!(errors.is_empty(), "{errors:#?}");
    }

    #[test]
    fn a_changed_cell_gives_an_error_naming_it(
        seed in any::<u64>(),
        v in version(),
        pick in any::<prop::sample::Index>(),
        delta in prop_oneof![-50i64..=-1, 1i64..=50],
    ) {
        let report = consistent(v, seed);
        let keys: Vec<&str> = Template::get(v)
            .required_cells()
            .filter(|c| c.table != TableId::T2)
            .map(|c| c.key.as_str())
            .collect();
        let key = keys[pick.index(keys.len())];
        let old = report.value(key).and_then(|v| v.number()).and_then(|n| n.as_int()).unwrap();
        let changed = with(report, key, num(old + delta));
        let findings = check(&changed, None, &Selection::default());
        prop_assert!(
            findings.iter().any(|f| f.severity == Severity::Error && f.cells.contains(key)),
            "{key} {old} → {}: {findings:#?}", old + delta
        );
    }
}
