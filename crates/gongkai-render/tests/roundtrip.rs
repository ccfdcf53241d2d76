//! What gongkai writes, it reads back: for random reports R and every form F that gongkai
//! both writes and reads, parse(render(R, F)) gives exactly R's cells, agency, year and
//! sections.

use gongkai_core::Report;
use gongkai_render::synth::{self, Form};
use proptest::prelude::*;

fn differences(want: &Report, form: Form) -> Vec<String> {
    let bytes = match form.write(want) {
        Ok(b) => b,
        Err(e) => return vec![format!("{form:?}: {e}")],
    };
    let got = match gongkai_read::read(&format!("r.{}", form.extension()), &bytes) {
        Ok(r) => r,
        Err(e) => return vec![format!("{form:?}: {e}")],
    };
    let mut wrong = Vec::new();
    if got.agency != want.agency || got.year != want.year || got.template != want.template {
        wrong.push(format!(
            "{form:?}: {:?} {:?} {} != {:?} {:?} {}",
            got.agency, got.year, got.template, want.agency, want.year, want.template
        ));
    }
    // The cells as CELLS.md writes them: 36.50 and 36.5 are one value (a workbook keeps
    // numbers, not how many decimals were printed).
    let cells = |r: &Report| -> Vec<(String, Option<f64>)> {
        r.cells
            .iter()
            .map(|c| (c.key.clone(), c.printed.value.number().map(|n| n.to_f64())))
            .collect()
    };
    if cells(&got) != cells(want) {
        let g = cells(&got);
        let w = cells(want);
        let missing: Vec<_> = w.iter().filter(|c| !g.contains(c)).take(5).collect();
        let extra: Vec<_> = g.iter().filter(|c| !w.contains(c)).take(5).collect();
        wrong.push(format!(
            "{form:?}: cells differ: missing {missing:?}, extra {extra:?}"
        ));
    }
    for s in &want.sections {
        match got.section(s.number) {
            Some(g) if g.heading == s.heading && g.body == s.body => {}
            other => wrong.push(format!(
                "{form:?}: section {} {:?} != {:?}",
                s.number,
                other.map(|g| (&g.heading, &g.body)),
                (&s.heading, &s.body)
            )),
        }
    }
    wrong
}

#[test]
fn the_first_synthetic_reports_in_every_form() {
    let mut wrong = Vec::new();
    for n in 0..8 {
        let r = synth::report(7, n);
        for form in Form::ALL {
            wrong.extend(differences(&r, form));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_report_in_any_form(seed in any::<u64>(), form in 0usize..Form::ALL.len()) {
        let r = synth::report(seed, 0);
        let wrong = differences(&r, Form::ALL[form]);
        prop_assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
