//! The days reports are due by, for T501: the law's ([`gongkai_core::date::deadline`]) unless
//! a place sets its own, as many provinces and cities do (`gongkai check --deadlines FILE`).
//!
//! The file is CSV, one deadline a line: the place, the kind of organ, and the month and day
//! of the year after the report's, e.g. `海宁市,department,01-20`. The kind is one of
//! `government`, `office`, `department`, `zone`, `town` (or 政府, 政府办公室, 部门, 开发区,
//! 乡镇). A line applies to the organs whose names start with the place (`海宁市财政局`,
//! `海宁市许村镇人民政府`) or whose place the list of divisions puts inside it (`嘉兴市` holds
//! `海宁市`); where several apply, the longest place named wins. Blank lines, lines starting
//! with `#` and a header line `place,kind,due` are skipped.

use crate::finding::Text;
use gongkai_core::date::{deadline, Date};
use gongkai_core::place::{self, Kind};

/// Deadlines a place sets apart from the law's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deadlines {
    rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    place: String,
    kind: Kind,
    month: u32,
    day: u32,
}

/// When an organ's report is due, and who said so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub date: Date,
    /// The place whose own deadline it is; `None` for the law's.
    pub place: Option<String>,
}

impl Deadlines {
    /// Reads the CSV of the module's description; the error names the line.
    pub fn parse(text: &str) -> Result<Deadlines, Text> {
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') || (i == 0 && line.starts_with("place")) {
                continue;
            }
            let wrong = || {
                Text::new(
                    format!("截止日期文件第 {} 行「{line}」应写作「地方,机关类别,月-日」，如「海宁市,department,01-20」", i + 1),
                    format!("line {} of the deadlines file, “{line}”, should read “place,kind,month-day”, as “海宁市,department,01-20”", i + 1),
                )
            };
            let fields: Vec<&str> = line.split([',', '，']).map(str::trim).collect();
            let [place, kind, due] = fields[..] else {
                return Err(wrong());
            };
            let kind = kind_of(kind).ok_or_else(wrong)?;
            let (month, day) = due
                .split_once(['-', '/'])
                .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)))
                .ok_or_else(wrong)?;
            // Checked against a leap year, so that 02-29 may be given (and is 02-28 elsewhere).
            if place.is_empty() || Date::new(2024, month, day).is_none() {
                return Err(wrong());
            }
            rows.push(Row {
                place: place.to_string(),
                kind,
                month,
                day,
            });
        }
        Ok(Deadlines { rows })
    }

    /// How many deadlines the file set.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// When the report on `year` of the organ named `agency`, of `kind`, is due: the place's
    /// own deadline when one applies, else the law's.
    pub fn due(&self, agency: &str, kind: Kind, year: i32) -> Due {
        let own = self
            .rows
            .iter()
            .filter(|r| r.kind == kind)
            .filter(|r| agency.starts_with(&r.place) || place::lies_in(agency, &r.place))
            .max_by_key(|r| r.place.chars().count());
        let law = deadline(kind, year);
        match own {
            Some(r) => Due {
                date: Date::new(law.year(), r.month, r.day)
                    .or_else(|| Date::new(law.year(), r.month, r.day - 1))
                    .unwrap_or(law),
                place: Some(r.place.clone()),
            },
            None => Due {
                date: law,
                place: None,
            },
        }
    }
}

fn kind_of(s: &str) -> Option<Kind> {
    Kind::parse(s).or(match s {
        "政府" => Some(Kind::Government),
        "政府办公室" | "政府办公厅" => Some(Kind::Office),
        "部门" => Some(Kind::Department),
        "开发区" | "园区" => Some(Kind::Zone),
        "乡镇" | "乡镇（街道）" | "乡镇街道" | "街道" => Some(Kind::Town),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_places_own_deadlines_and_the_laws() {
        let d = Deadlines::parse(
            "place,kind,due\n# 嘉兴\n嘉兴市,department,01-25\n海宁市，部门，1-20\n\n海宁市,government,02-28\n",
        )
        .unwrap();
        assert_eq!(d.len(), 3);
        let due = |agency: &str, kind| d.due(agency, kind, 2023);
        assert_eq!(
            due("海宁市财政局", Kind::Department).date.to_string(),
            "2024-01-20"
        );
        assert_eq!(
            due("海宁市财政局", Kind::Department).place.as_deref(),
            Some("海宁市")
        );
        assert_eq!(
            due("嘉兴市财政局", Kind::Department).date.to_string(),
            "2024-01-25"
        );
        assert_eq!(
            due("海宁市人民政府", Kind::Government).date.to_string(),
            "2024-02-28"
        );
        // Nothing set for towns, nor for another city: the law's.
        assert_eq!(
            due("海宁市许村镇人民政府", Kind::Town),
            Due {
                date: deadline(Kind::Town, 2023),
                place: None
            }
        );
        assert_eq!(due("杭州市财政局", Kind::Department).place, None);
        for wrong in [
            "海宁市,department",
            "海宁市,bureau,01-20",
            "海宁市,department,02-30",
            ",town,01-10",
        ] {
            let e = Deadlines::parse(wrong).unwrap_err();
            assert!(
                e.zh.contains("第 1 行") && e.en.contains("line 1"),
                "{wrong}"
            );
        }
    }
}
