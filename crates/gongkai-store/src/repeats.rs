//! Repeated text across the corpus: how much of each section of a stored report is found again
//! in the same section of other organs' reports of the same year, or of the organ's own report
//! of the year before, each repeated passage with the organ it is found in.
//!
//! Every stored version's sentences (`gongkai_check::repetition`: normalised, boilerplate and
//! template sentences left out) are kept at import in `report_sentences`, and fingerprinted in
//! `sentence_bands` so that the sentences like one are found by an index rather than by
//! comparing all pairs: a MinHash of [`HASHES`] hash functions over the sentence's character
//! 3-grams, cut into [`BANDS`] bands of [`ROWS`]; two sentences sharing a band (the same
//! section, the same minima) are candidates, then compared exactly (Jaccard of their shingles,
//! [`repetition::THRESHOLD`]). Five rows a band keep the candidates few, for sentences of the
//! same official vocabulary share many 3-grams: two sentences of similarity 0.1 share a band
//! one time in ten thousand (1 − (1 − 0.1⁵)¹⁰), so a sentence meets a handful among the 75,000
//! of a section of 5,000 organs' reports. The price is at the threshold: a sentence at 0.7 is
//! found 84% of the time, at 0.8 98%, and copies (0.9 and more) at least 99.9%.
//!
//! Sentences that very many organs of the year print — more than [`boilerplate_bound`] of
//! them, by the normalised text — are boilerplate that no one copied from anyone (the
//! phrases of a province's template, 坚持以习近平新时代中国特色社会主义思想为指导…): they are
//! left out of what is compared, as the template's own sentences are.
//!
//! Text alone does not say who copied whom: when one organ copied another, each is shown
//! repeating the other.

use crate::db::{Db, DbError, Val};
use gongkai_check::repetition::{self, Fingerprinted, Passage, Sentence};
use gongkai_core::template::SECTIONS;
use gongkai_core::Report;
use std::collections::{HashMap, HashSet};

/// Hash functions of a sentence's MinHash.
pub const HASHES: usize = BANDS * ROWS;
/// Bands the MinHash is cut into; sentences sharing one are compared.
pub const BANDS: usize = 10;
/// Minima in a band.
pub const ROWS: usize = 5;

/// What a report is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The organ's own report of the year before.
    LastYear,
    /// Other organs' reports of the same year.
    Others,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::LastYear => "last-year",
            Source::Others => "others",
        }
    }
}

/// A repeated passage and where it is found.
#[derive(Clone, Debug, PartialEq)]
pub struct Sourced {
    /// The organ whose report prints the source, as stored.
    pub organ: String,
    pub year: i64,
    /// The source's stored version.
    pub report_id: i64,
    pub passage: Passage,
}

/// One section's repeated text.
#[derive(Clone, Debug, PartialEq)]
pub struct Repeated {
    /// 1..=6.
    pub section: u8,
    /// Characters compared (see `repetition`), and of those the characters repeated.
    pub chars: usize,
    pub repeated: usize,
    pub passages: Vec<Sourced>,
}

impl Repeated {
    /// `repeated / chars`, 0 when nothing was compared.
    pub fn share(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.repeated as f64 / self.chars as f64
        }
    }

    /// The organs the passages are found in, each once, in order.
    pub fn sources(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.passages {
            if !out.contains(&p.organ.as_str()) {
                out.push(&p.organ);
            }
        }
        out
    }
}

/// The repeated text of one stored report, against one source.
#[derive(Clone, Debug, PartialEq)]
pub struct Repeats {
    pub report_id: i64,
    pub organ: String,
    pub year: i64,
    pub from: Source,
    /// The six sections, in order.
    pub sections: Vec<Repeated>,
}

/// The stored text of a sentence's normalised form (its document frequency is counted by it).
fn text_hash(normalised: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in normalised.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h as i64
}

/// SplitMix64's finaliser: one of the MinHash's hash functions per seed.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The band hashes of a sentence of `section` with these shingles: the section, the band's
/// number and its minima hashed together. Empty for a sentence with no shingles.
pub fn bands(section: u8, shingles: &HashSet<u64>) -> Vec<i64> {
    if shingles.is_empty() {
        return Vec::new();
    }
    let mut minima = [u64::MAX; HASHES];
    for &s in shingles {
        for (i, m) in minima.iter_mut().enumerate() {
            let h = mix(s ^ mix(i as u64 + 1));
            if h < *m {
                *m = h;
            }
        }
    }
    minima
        .chunks(ROWS)
        .enumerate()
        .map(|(band, rows)| {
            let mut h = mix(((section as u64) << 8) | band as u64);
            for r in rows {
                h = mix(h ^ r);
            }
            h as i64
        })
        .collect()
}

/// Makes the tables (migration 12) and fingerprints the stored versions from their models.
pub(crate) fn create(db: &mut Db) -> Result<(), DbError> {
    crate::model::each_stored(db, insert)
}

/// Keeps and fingerprints a report version's sentences, within the caller's transaction.
pub(crate) fn insert(db: &mut Db, id: i64, report: &Report) -> Result<(), DbError> {
    let mut sentences = Vec::new();
    let mut fingerprints = Vec::new();
    for (position, s) in repetition::sentences(report).into_iter().enumerate() {
        let position = position as i64;
        for (band, hash) in bands(s.section, &s.shingles()).into_iter().enumerate() {
            fingerprints.push(vec![
                id.into(),
                position.into(),
                (band as i64).into(),
                hash.into(),
            ]);
        }
        sentences.push(vec![
            id.into(),
            position.into(),
            (s.section as i64).into(),
            (s.chars() as i64).into(),
            text_hash(&s.normalised).into(),
            s.printed.into(),
            s.normalised.into(),
        ]);
    }
    if !sentences.is_empty() {
        db.insert_many(
            "report_sentences (report_id, position, section, chars, text_hash, printed, normalised)",
            &sentences,
        )?;
    }
    if !fingerprints.is_empty() {
        db.insert_many(
            "sentence_bands (report_id, position, band, hash)",
            &fingerprints,
        )?;
    }
    Ok(())
}

/// Organs of the year that must print a sentence for it to be boilerplate: more than ten,
/// and more than one in fifty of the year's organs, so that a corpus of one county's offices
/// and a national one are judged alike.
pub fn boilerplate_bound(organs: usize) -> usize {
    (organs / 50).max(10)
}

/// The sentences of `year` that more than [`boilerplate_bound`] organs print, by text hash.
fn boilerplate(db: &mut Db, year: i64) -> Result<HashSet<i64>, DbError> {
    let organs = db
        .query(
            "SELECT COUNT(DISTINCT organ_id) FROM reports WHERE year = $1 AND current = 1",
            &[year.into()],
        )?
        .first()
        .and_then(|r| r[0].int())
        .unwrap_or(0) as usize;
    Ok(db
        .query(
            "SELECT s.text_hash FROM report_sentences s JOIN reports r ON r.id = s.report_id
             WHERE r.year = $1 AND r.current = 1
             GROUP BY s.text_hash HAVING COUNT(DISTINCT r.organ_id) > $2",
            &[year.into(), (boilerplate_bound(organs) as i64).into()],
        )?
        .iter()
        .filter_map(|r| r[0].int())
        .collect())
}

/// The current report of each organ of `year` (only `organ`'s, however its name is written,
/// when given), against each source asked for, in the organs' order.
pub fn of_year(
    db: &mut Db,
    year: i64,
    organ: Option<&str>,
    from: &[Source],
) -> Result<Vec<Repeats>, DbError> {
    let boilerplate = boilerplate(db, year)?;
    let mut sql =
        "SELECT r.id, r.organ_id, o.name FROM reports r JOIN organs o ON o.id = r.organ_id
                   WHERE r.year = $1 AND r.current = 1"
            .to_string();
    let mut params = vec![Val::from(year)];
    if let Some(name) = organ {
        sql.push_str(" AND o.key = $2");
        params.push(crate::organ::key(name).into());
    }
    sql.push_str(" ORDER BY o.name, r.id");
    let mut out = Vec::new();
    for t in db.query(&sql, &params)? {
        let (Some(id), Some(organ_id), Some(name)) = (t[0].int(), t[1].int(), t[2].text()) else {
            continue;
        };
        let target = Target {
            id,
            organ_id,
            organ: name.to_string(),
            year,
        };
        out.extend(compare_one(db, &target, from, &boilerplate)?);
    }
    Ok(out)
}

/// One stored version (current or not) against each source asked for; empty when there is
/// no such version.
pub fn of_report(db: &mut Db, id: i64, from: &[Source]) -> Result<Vec<Repeats>, DbError> {
    let rows = db.query(
        "SELECT r.organ_id, o.name, r.year FROM reports r JOIN organs o ON o.id = r.organ_id
         WHERE r.id = $1",
        &[id.into()],
    )?;
    let Some((Some(organ_id), Some(name), Some(year))) = rows
        .first()
        .map(|r| (r[0].int(), r[1].text().map(str::to_string), r[2].int()))
    else {
        return Ok(Vec::new());
    };
    let boilerplate = boilerplate(db, year)?;
    let target = Target {
        id,
        organ_id,
        organ: name,
        year,
    };
    compare_one(db, &target, from, &boilerplate)
}

/// A stored version being compared.
struct Target {
    id: i64,
    organ_id: i64,
    organ: String,
    year: i64,
}

fn compare_one(
    db: &mut Db,
    t: &Target,
    from: &[Source],
    boilerplate: &HashSet<i64>,
) -> Result<Vec<Repeats>, DbError> {
    let ours: Vec<(i64, Sentence)> = sentences_of(db, t.id)?
        .into_iter()
        .filter(|(_, hash, _)| !boilerplate.contains(hash))
        .map(|(position, _, s)| (position, s))
        .collect();
    let mut out = Vec::new();
    for &source in from {
        let candidates = match source {
            Source::Others => others(db, t.id, t.year, t.organ_id)?,
            Source::LastYear => last_year(db, t.organ_id, t.year - 1)?,
        };
        out.push(Repeats {
            report_id: t.id,
            organ: t.organ.clone(),
            year: t.year,
            from: source,
            sections: compare(&ours, &candidates),
        });
    }
    Ok(out)
}

/// What a source sentence is from: the organ, year and stored id of its report.
type Origin = (String, i64, i64);

/// Each section of `ours` against the candidates of its sentences, by position.
fn compare(
    ours: &[(i64, Sentence)],
    candidates: &HashMap<Option<i64>, Vec<Fingerprinted<Origin>>>,
) -> Vec<Repeated> {
    SECTIONS
        .iter()
        .map(|spec| {
            let matches =
                ours.iter()
                    .filter(|(_, s)| s.section == spec.number)
                    .map(|(position, s)| {
                        // Candidates found for this sentence, or (last year) its whole section.
                        let found = candidates
                            .get(&Some(*position))
                            .or_else(|| candidates.get(&None))
                            .map(|c| {
                                repetition::best(
                                    s,
                                    c.iter().filter(|c| c.sentence.section == s.section),
                                )
                            })
                            .unwrap_or_default();
                        (s, found)
                    });
            let (repeat, from) = repetition::section_repeat(spec.number, matches);
            Repeated {
                section: repeat.section,
                chars: repeat.chars,
                repeated: repeat.repeated,
                passages: repeat
                    .passages
                    .into_iter()
                    .zip(from)
                    .map(|(passage, (organ, year, report_id))| Sourced {
                        organ,
                        year,
                        report_id,
                        passage,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A stored version's sentences: position, text hash and the sentence.
fn sentences_of(db: &mut Db, id: i64) -> Result<Vec<(i64, i64, Sentence)>, DbError> {
    Ok(db
        .query(
            "SELECT position, text_hash, section, printed, normalised FROM report_sentences
             WHERE report_id = $1 ORDER BY position",
            &[id.into()],
        )?
        .into_iter()
        .filter_map(|r| {
            Some((
                r[0].int()?,
                r[1].int()?,
                Sentence {
                    section: r[2].int()? as u8,
                    printed: r[3].text()?.to_string(),
                    normalised: r[4].text()?.to_string(),
                },
            ))
        })
        .collect())
}

/// The sentences of other organs' current reports of the year that share a band with a
/// sentence of report `id`, by the position of that sentence.
fn others(
    db: &mut Db,
    id: i64,
    year: i64,
    organ_id: i64,
) -> Result<HashMap<Option<i64>, Vec<Fingerprinted<Origin>>>, DbError> {
    let rows = db.query(
        "SELECT DISTINCT t.position, s.report_id, s.position, s.section, s.printed, s.normalised,
                o.name, r.year
         FROM sentence_bands t
         JOIN sentence_bands b ON b.band = t.band AND b.hash = t.hash
         JOIN reports r ON r.id = b.report_id
         JOIN organs o ON o.id = r.organ_id
         JOIN report_sentences s ON s.report_id = b.report_id AND s.position = b.position
         WHERE t.report_id = $1 AND r.year = $2 AND r.current = 1 AND r.organ_id <> $3
         ORDER BY t.position, o.name, s.report_id, s.position",
        &[id.into(), year.into(), organ_id.into()],
    )?;
    let mut out: HashMap<Option<i64>, Vec<Fingerprinted<Origin>>> = HashMap::new();
    for r in rows {
        let (
            Some(position),
            Some(source),
            Some(section),
            Some(printed),
            Some(normalised),
            Some(organ),
            Some(y),
        ) = (
            r[0].int(),
            r[1].int(),
            r[3].int(),
            r[4].text(),
            r[5].text(),
            r[6].text(),
            r[7].int(),
        )
        else {
            continue;
        };
        out.entry(Some(position))
            .or_default()
            .push(Fingerprinted::new(
                Sentence {
                    section: section as u8,
                    printed: printed.to_string(),
                    normalised: normalised.to_string(),
                },
                (organ.to_string(), y, source),
            ));
    }
    Ok(out)
}

/// Every sentence of the organ's current report of `year`, under the key `None`: all of them
/// are compared (one report is few sentences).
fn last_year(
    db: &mut Db,
    organ_id: i64,
    year: i64,
) -> Result<HashMap<Option<i64>, Vec<Fingerprinted<Origin>>>, DbError> {
    let rows = db.query(
        "SELECT r.id, o.name FROM reports r JOIN organs o ON o.id = r.organ_id
         WHERE r.organ_id = $1 AND r.year = $2 AND r.current = 1",
        &[organ_id.into(), year.into()],
    )?;
    let mut out = HashMap::new();
    if let Some((Some(id), Some(name))) = rows.first().map(|r| (r[0].int(), r[1].text())) {
        let name = name.to_string();
        let sentences = sentences_of(db, id)?
            .into_iter()
            .map(|(_, _, s)| Fingerprinted::new(s, (name.clone(), year, id)))
            .collect();
        out.insert(None, sentences);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_sentences_share_a_band_and_unlike_ones_do_not() {
        let s = |t: &str| repetition::shingles(&repetition::normalise(t));
        let a = bands(
            1,
            &s("严格落实信息发布三审制度，加强政府信息公开保密审查，确保发布信息准确安全。"),
        );
        let same = bands(
            1,
            &s("严格落实信息发布三审制度，加强政府信息公开保密审查，确保发布信息准确安全！"),
        );
        let other = bands(
            1,
            &s("积极回应社会关切，通过在线访谈和新闻发布会解读重要政策。"),
        );
        let elsewhere = bands(
            5,
            &s("严格落实信息发布三审制度，加强政府信息公开保密审查，确保发布信息准确安全。"),
        );
        assert_eq!(a.len(), BANDS);
        assert_eq!(a, same);
        assert!(a.iter().zip(&other).all(|(x, y)| x != y));
        assert!(
            a.iter().zip(&elsewhere).all(|(x, y)| x != y),
            "sections apart"
        );
        assert!(bands(1, &HashSet::new()).is_empty());
    }

    #[test]
    fn boilerplate_is_many_organs_and_a_share_of_them() {
        assert_eq!(boilerplate_bound(30), 10);
        assert_eq!(boilerplate_bound(5_000), 100);
    }
}
