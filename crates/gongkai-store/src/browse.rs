//! Browsing the corpus as Datasette browses a table: the current reports filtered by organ
//! name, text, place, level, kind, year, template, errors and rule, sorted, a page at a time,
//! with the facets beside them — each facet counted over the reports every *other* criterion
//! keeps, so that choosing one of its values never hides the others.
//!
//! The reports' columns are read once into an [`Index`] held in memory (a few tens of bytes a
//! report: 300,000 reports take some 40 MB), which answers a page and its seven facets in a
//! few milliseconds where SQL would group the table seven times. [`generation`] tells when the
//! store has changed and the index must be read again.

use crate::db::{Db, DbError};
use std::collections::HashMap;

/// What the corpus is browsed by: the facets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dim {
    Place,
    Level,
    Kind,
    Year,
    Template,
    Errors,
    Code,
}

impl Dim {
    pub const ALL: [Dim; 7] = [
        Dim::Year,
        Dim::Place,
        Dim::Level,
        Dim::Kind,
        Dim::Template,
        Dim::Errors,
        Dim::Code,
    ];

    /// The name of its query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Dim::Place => "place",
            Dim::Level => "level",
            Dim::Kind => "kind",
            Dim::Year => "year",
            Dim::Template => "template",
            Dim::Errors => "errors",
            Dim::Code => "code",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// How the reports are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// By organ name, then the latest year first.
    #[default]
    Organ,
    /// The latest year first, then by organ.
    Year,
    /// Most errors first, then by organ.
    Errors,
    /// By place, then by organ.
    Place,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Organ, Sort::Year, Sort::Errors, Sort::Place];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Organ => "organ",
            Sort::Year => "year",
            Sort::Errors => "errors",
            Sort::Place => "place",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What to show: every criterion left `None` keeps every report.
#[derive(Default)]
pub struct Criteria {
    /// Part of the organ's name (any spelling: it is matched against the normalised name).
    pub organ: Option<String>,
    /// The report versions the text search found, by id.
    pub found: Option<Vec<i64>>,
    /// The organs' places that lie within a region (the region itself, the places named
    /// after it and those the region list puts under it).
    pub region: Option<RegionFilter>,
    pub place: Option<String>,
    pub level: Option<String>,
    pub kind: Option<String>,
    pub year: Option<i64>,
    /// `2019` or `2021`.
    pub template: Option<String>,
    /// With errors (`true`) or without.
    pub errors: Option<bool>,
    /// A rule that found something.
    pub code: Option<String>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

/// A region as a filter: what lies in it, as `missing` and `rollup` count it (by name, by
/// the national list's codes, by the region list).
pub struct RegionFilter(crate::query::Area);

impl RegionFilter {
    pub fn load(db: &mut Db, name: &str) -> Result<RegionFilter, DbError> {
        Ok(RegionFilter(crate::query::Area::of(db, name)?))
    }

    fn holds(&self, place: Option<&str>) -> bool {
        place.is_some_and(|p| self.0.holds(p))
    }
}

/// One current report in the index.
struct Entry {
    id: i64,
    organ: u32,
    year: i64,
    version: i64,
    template: u8,
    errors: u32,
    warnings: u32,
    infos: u32,
    /// The rules that found something, as indices into `Index::codes`, each once.
    codes: Box<[u16]>,
}

struct OrganEntry {
    /// Its place among the organs in order of name, and of place then name: the sorts
    /// compare these numbers, not 300,000 names.
    by_name: u32,
    by_place: u32,
    name: String,
    key: String,
    place: Option<String>,
    level: Option<String>,
    kind: Option<String>,
}

/// The current reports' columns, in memory.
pub struct Index {
    generation: i64,
    organs: Vec<OrganEntry>,
    entries: Vec<Entry>,
    codes: Vec<String>,
}

/// A report as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: i64,
    pub organ: String,
    pub place: Option<String>,
    pub level: Option<String>,
    pub kind: Option<String>,
    pub year: i64,
    pub version: i64,
    pub template: &'static str,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
}

/// One facet: its values and how many reports each would keep, the most first.
#[derive(Clone, Debug, PartialEq)]
pub struct Facet {
    pub dim: Dim,
    pub values: Vec<(String, usize)>,
}

/// A page of reports, how many the criteria keep in all, and the facets.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub total: usize,
    /// How many organs the kept reports are of.
    pub organs: usize,
    pub rows: Vec<Row>,
    pub facets: Vec<Facet>,
}

/// How many times the corpus has changed: an index read at another count is out of date.
pub fn generation(db: &mut Db) -> Result<i64, DbError> {
    Ok(db
        .query("SELECT n FROM corpus_generation", &[])?
        .first()
        .and_then(|r| r[0].int())
        .unwrap_or(0))
}

/// Counts a change of the corpus, within the writer's transaction.
pub(crate) fn changed(db: &mut Db) -> Result<(), DbError> {
    db.execute("UPDATE corpus_generation SET n = n + 1", &[])?;
    Ok(())
}

const TEMPLATES: [&str; 2] = ["2019", "2021"];

impl Index {
    /// Reads the current reports' columns and their findings' counts and rules.
    pub fn load(db: &mut Db) -> Result<Index, DbError> {
        // Read in one transaction: the generation is that of what was read.
        db.transaction(|db| {
            let generation = generation(db)?;
            let mut organs = Vec::new();
            let mut organ_at: HashMap<i64, u32> = HashMap::new();
            db.each(
                "SELECT id, name, key, place, level, kind FROM organs ORDER BY id",
                &[],
                |r| {
                    organ_at.insert(r[0].int().unwrap_or(0), organs.len() as u32);
                    organs.push(OrganEntry {
                        by_name: 0,
                        by_place: 0,
                        name: r[1].text().unwrap_or_default().to_string(),
                        key: r[2].text().unwrap_or_default().to_string(),
                        place: r[3].text().map(String::from),
                        level: r[4].text().map(String::from),
                        kind: r[5].text().map(String::from),
                    });
                    Ok(())
                },
            )?;
            let mut entries = Vec::new();
            let mut at: HashMap<i64, usize> = HashMap::new();
            db.each(
                "SELECT id, organ_id, year, version, template FROM reports WHERE current = 1
                 ORDER BY id",
                &[],
                |r| {
                    let id = r[0].int().unwrap_or(0);
                    let Some(&organ) = organ_at.get(&r[1].int().unwrap_or(0)) else {
                        return Ok(());
                    };
                    at.insert(id, entries.len());
                    entries.push(Entry {
                        id,
                        organ,
                        year: r[2].int().unwrap_or(0),
                        version: r[3].int().unwrap_or(0),
                        template: if r[4].text() == Some("2019") { 0 } else { 1 },
                        errors: 0,
                        warnings: 0,
                        infos: 0,
                        codes: Box::new([]),
                    });
                    Ok(())
                },
            )?;
            let mut codes: Vec<String> = Vec::new();
            let mut code_at: HashMap<String, u16> = HashMap::new();
            let mut found: Vec<Vec<u16>> = vec![Vec::new(); entries.len()];
            db.each(
                "SELECT f.report_id, f.severity, f.code, COUNT(*) FROM findings f
                 JOIN reports r ON r.id = f.report_id WHERE r.current = 1
                 GROUP BY f.report_id, f.severity, f.code",
                &[],
                |r| {
                    let Some(&i) = at.get(&r[0].int().unwrap_or(0)) else {
                        return Ok(());
                    };
                    let n = r[3].int().unwrap_or(0) as u32;
                    let e = &mut entries[i];
                    match r[1].text() {
                        Some("error") => e.errors += n,
                        Some("warning") => e.warnings += n,
                        _ => e.infos += n,
                    }
                    let code = r[2].text().unwrap_or_default();
                    let c = match code_at.get(code) {
                        Some(&c) => c,
                        None => {
                            let c = codes.len() as u16;
                            codes.push(code.to_string());
                            code_at.insert(code.to_string(), c);
                            c
                        }
                    };
                    if !found[i].contains(&c) {
                        found[i].push(c);
                    }
                    Ok(())
                },
            )?;
            let mut order: Vec<usize> = (0..organs.len()).collect();
            order.sort_by(|&a, &b| organs[a].name.cmp(&organs[b].name));
            for (rank, &o) in order.iter().enumerate() {
                organs[o].by_name = rank as u32;
            }
            order.sort_by(|&a, &b| {
                (&organs[a].place, &organs[a].name).cmp(&(&organs[b].place, &organs[b].name))
            });
            for (rank, &o) in order.iter().enumerate() {
                organs[o].by_place = rank as u32;
            }
            for (e, mut c) in entries.iter_mut().zip(found) {
                c.sort_unstable();
                e.codes = c.into_boxed_slice();
            }
            Ok(Index {
                generation,
                organs,
                entries,
                codes,
            })
        })
    }

    /// The generation of the store this index was read at.
    pub fn generation(&self) -> i64 {
        self.generation
    }

    /// How many current reports it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The current report of an id, as listed.
    pub fn row(&self, id: i64) -> Option<Row> {
        let i = self.entries.binary_search_by_key(&id, |e| e.id).ok()?;
        Some(self.row_of(&self.entries[i]))
    }

    fn row_of(&self, e: &Entry) -> Row {
        let o = &self.organs[e.organ as usize];
        Row {
            id: e.id,
            organ: o.name.clone(),
            place: o.place.clone(),
            level: o.level.clone(),
            kind: o.kind.clone(),
            year: e.year,
            version: e.version,
            template: TEMPLATES[e.template as usize],
            errors: e.errors.into(),
            warnings: e.warnings.into(),
            infos: e.infos.into(),
        }
    }

    /// The reports the criteria keep, a page of them, and the facets.
    pub fn browse(&self, c: &Criteria) -> Page {
        // What each organ is, asked once per organ rather than once per report.
        let wanted = c.organ.as_deref().map(gongkai_core::organ::key);
        let organ_kept: Vec<bool> = self
            .organs
            .iter()
            .map(|o| {
                wanted.as_deref().is_none_or(|w| o.key.contains(w))
                    && c.region
                        .as_ref()
                        .is_none_or(|r| r.holds(o.place.as_deref()))
            })
            .collect();
        let organ_fails: Vec<u8> = self
            .organs
            .iter()
            .map(|o| {
                let mut fails = 0;
                if c.place
                    .as_ref()
                    .is_some_and(|p| o.place.as_ref() != Some(p))
                {
                    fails |= Dim::Place.bit();
                }
                if c.level
                    .as_ref()
                    .is_some_and(|p| o.level.as_ref() != Some(p))
                {
                    fails |= Dim::Level.bit();
                }
                if c.kind.as_ref().is_some_and(|p| o.kind.as_ref() != Some(p)) {
                    fails |= Dim::Kind.bit();
                }
                fails
            })
            .collect();
        let found: Option<std::collections::HashSet<i64>> =
            c.found.as_ref().map(|f| f.iter().copied().collect());
        let template = c
            .template
            .as_deref()
            .map(|t| TEMPLATES.iter().position(|x| *x == t).map(|p| p as u8));
        let code = c
            .code
            .as_deref()
            .map(|x| self.codes.iter().position(|k| k == x).map(|p| p as u16));

        let mut counts = Counts::new(self.organs.len(), self.codes.len());
        let mut kept: Vec<&Entry> = Vec::new();
        for e in &self.entries {
            if !organ_kept[e.organ as usize] || found.as_ref().is_some_and(|f| !f.contains(&e.id)) {
                continue;
            }
            let mut fails = organ_fails[e.organ as usize];
            if c.year.is_some_and(|y| y != e.year) {
                fails |= Dim::Year.bit();
            }
            if template.is_some_and(|t| t != Some(e.template)) {
                fails |= Dim::Template.bit();
            }
            if c.errors.is_some_and(|want| want != (e.errors > 0)) {
                fails |= Dim::Errors.bit();
            }
            if code.is_some_and(|k| k.is_none_or(|k| e.codes.binary_search(&k).is_err())) {
                fails |= Dim::Code.bit();
            }
            if fails == 0 {
                kept.push(e);
                counts.add(e, None);
            } else if fails.count_ones() == 1 {
                counts.add(e, Dim::ALL.into_iter().find(|d| d.bit() == fails));
            }
        }
        let name = |e: &Entry| self.organs[e.organ as usize].by_name;
        let place = |e: &Entry| self.organs[e.organ as usize].by_place;
        let latest = |e: &Entry| std::cmp::Reverse(e.year);
        match c.sort {
            Sort::Organ => kept.sort_unstable_by_key(|e| (name(e), latest(e))),
            Sort::Year => kept.sort_unstable_by_key(|e| (latest(e), name(e))),
            Sort::Errors => {
                kept.sort_unstable_by_key(|e| (std::cmp::Reverse(e.errors), name(e), latest(e)))
            }
            Sort::Place => kept.sort_unstable_by_key(|e| (place(e), latest(e))),
        }
        let mut organs: Vec<u32> = kept.iter().map(|e| e.organ).collect();
        organs.sort_unstable();
        organs.dedup();
        Page {
            total: kept.len(),
            organs: organs.len(),
            rows: kept
                .iter()
                .skip(c.offset)
                .take(c.limit)
                .map(|e| self.row_of(e))
                .collect(),
            facets: counts.facets(self),
        }
    }
}

/// The facets' counts as the reports are walked.
struct Counts {
    level: HashMap<Option<String>, usize>,
    kind: HashMap<Option<String>, usize>,
    by_organ: Vec<[usize; 3]>,
    year: HashMap<i64, usize>,
    template: [usize; 2],
    errors: [usize; 2],
    code: Vec<usize>,
}

impl Counts {
    fn new(organs: usize, codes: usize) -> Counts {
        Counts {
            level: HashMap::new(),
            kind: HashMap::new(),
            by_organ: vec![[0; 3]; organs],
            year: HashMap::new(),
            template: [0; 2],
            errors: [0; 2],
            code: vec![0; codes],
        }
    }

    /// Counts a report in every facet (`only` is `None`) or in one.
    fn add(&mut self, e: &Entry, only: Option<Dim>) {
        let counts = |d: Dim| only.is_none_or(|o| o == d);
        let o = e.organ as usize;
        // Place, level and kind are the organ's: counted per organ, summed per value after.
        for (i, d) in [Dim::Place, Dim::Level, Dim::Kind].into_iter().enumerate() {
            if counts(d) {
                self.by_organ[o][i] += 1;
            }
        }
        if counts(Dim::Year) {
            *self.year.entry(e.year).or_default() += 1;
        }
        if counts(Dim::Template) {
            self.template[e.template as usize] += 1;
        }
        if counts(Dim::Errors) {
            self.errors[(e.errors > 0) as usize] += 1;
        }
        if counts(Dim::Code) {
            for &k in e.codes.iter() {
                self.code[k as usize] += 1;
            }
        }
    }

    fn facets(mut self, index: &Index) -> Vec<Facet> {
        let mut place: HashMap<&str, usize> = HashMap::new();
        for (o, [p, l, k]) in index.organs.iter().zip(&self.by_organ) {
            if *p > 0 {
                if let Some(name) = &o.place {
                    *place.entry(name.as_str()).or_default() += p;
                }
            }
            if *l > 0 {
                *self.level.entry(o.level.clone()).or_default() += l;
            }
            if *k > 0 {
                *self.kind.entry(o.kind.clone()).or_default() += k;
            }
        }
        let ranked = |values: Vec<(String, usize)>| {
            let mut v: Vec<(String, usize)> = values.into_iter().filter(|(_, n)| *n > 0).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        let named = |m: HashMap<Option<String>, usize>| {
            ranked(m.into_iter().filter_map(|(k, n)| Some((k?, n))).collect())
        };
        let mut years: Vec<(String, usize)> = self
            .year
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(y, n)| (y.to_string(), n))
            .collect();
        years.sort_by(|a, b| b.0.cmp(&a.0));
        vec![
            Facet {
                dim: Dim::Year,
                values: years,
            },
            Facet {
                dim: Dim::Place,
                values: ranked(place.into_iter().map(|(k, n)| (k.to_string(), n)).collect()),
            },
            Facet {
                dim: Dim::Level,
                values: named(self.level),
            },
            Facet {
                dim: Dim::Kind,
                values: named(self.kind),
            },
            Facet {
                dim: Dim::Template,
                values: ranked(
                    TEMPLATES
                        .iter()
                        .zip(self.template)
                        .map(|(t, n)| (t.to_string(), n))
                        .collect(),
                ),
            },
            Facet {
                dim: Dim::Errors,
                values: ranked(vec![
                    ("yes".to_string(), self.errors[1]),
                    ("no".to_string(), self.errors[0]),
                ]),
            },
            Facet {
                dim: Dim::Code,
                values: ranked(
                    index
                        .codes
                        .iter()
                        .zip(self.code)
                        .map(|(k, n)| (k.clone(), n))
                        .collect(),
                ),
            },
        ]
    }
}
