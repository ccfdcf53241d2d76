//! The text search over stored reports: an organ's name, the title and the six sections of each
//! version, indexed as character bigrams so that Chinese, written without spaces, is found by
//! any two or more characters in a row (`信息公开`, `依申请`), in SQLite's FTS5 or in a
//! PostgreSQL `tsvector` alike.
//!
//! A run of Chinese characters becomes its overlapping pairs (`政府信息` → `政府 府信 信息`), a
//! run of Latin letters or digits one lowercased word; a query is cut the same way and matched
//! as a phrase, so its pairs must follow each other as they do in the query.

use crate::db::{Db, DbError, Val};
use gongkai_core::Report;

/// The tokens of a text, space-separated.
pub fn grams(text: &str) -> String {
    let mut out = String::new();
    let mut push = |token: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(token);
    };
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_han = |han: &mut Vec<char>, push: &mut dyn FnMut(&str)| {
        match han.len() {
            0 => {}
            1 => push(&han[0].to_string()),
            _ => {
                for pair in han.windows(2) {
                    push(&pair.iter().collect::<String>());
                }
            }
        }
        han.clear();
    };
    for c in text.chars() {
        if is_han(c) {
            if !word.is_empty() {
                push(&word);
                word.clear();
            }
            han.push(c);
        } else if c.is_alphanumeric() {
            flush_han(&mut han, &mut push);
            word.extend(c.to_lowercase());
        } else {
            flush_han(&mut han, &mut push);
            if !word.is_empty() {
                push(&word);
                word.clear();
            }
        }
    }
    flush_han(&mut han, &mut push);
    if !word.is_empty() {
        push(&word);
    }
    out
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// What a report is found by: its organ, title, preamble and sections.
pub fn of_report(report: &Report) -> String {
    let mut text = String::new();
    for part in [&report.agency, &report.title].into_iter().flatten() {
        text.push_str(part);
        text.push('\n');
    }
    text.push_str(&report.preamble);
    for s in &report.sections {
        text.push('\n');
        text.push_str(&s.heading);
        text.push('\n');
        text.push_str(&s.body);
    }
    grams(&text)
}

/// Makes the index (migration 9): an FTS5 table in SQLite, a `tsvector` column with a GIN
/// index in PostgreSQL; the stored versions are indexed from their models.
pub(crate) fn create(db: &mut Db) -> Result<(), DbError> {
    if db.is_postgres() {
        db.batch(
            "CREATE TABLE report_text (report_id BIGINT PRIMARY KEY REFERENCES reports(id),
                                       grams TSVECTOR NOT NULL);
             CREATE INDEX report_text_grams ON report_text USING GIN (grams);",
        )?;
    } else {
        // The tokens are made here, not by SQLite: its own tokenizer only splits them at
        // spaces. No copy of the text is kept, only the index (with the tokens' positions,
        // which a phrase needs).
        db.batch("CREATE VIRTUAL TABLE report_text USING fts5(grams, content='');")?;
    }
    crate::model::each_stored(db, insert)
}

/// Indexes a report version, within the caller's transaction.
pub(crate) fn insert(db: &mut Db, id: i64, report: &Report) -> Result<(), DbError> {
    let grams = of_report(report);
    if db.is_postgres() {
        db.execute(
            "INSERT INTO report_text (report_id, grams) VALUES ($1, to_tsvector('simple', $2))",
            &[id.into(), grams.into()],
        )?;
    } else {
        db.execute(
            "INSERT INTO report_text (rowid, grams) VALUES ($1, $2)",
            &[id.into(), grams.into()],
        )?;
    }
    Ok(())
}

/// The report versions whose text holds `query` (two characters at least: one Chinese
/// character alone is not indexed), by id. `None` when the query has nothing to search for.
pub fn search(db: &mut Db, query: &str) -> Result<Option<Vec<i64>>, DbError> {
    let grams = grams(query);
    if grams.is_empty()
        || (grams.chars().count() == 1 && is_han(grams.chars().next().unwrap_or(' ')))
    {
        return Ok(None);
    }
    let rows = if db.is_postgres() {
        db.query(
            "SELECT report_id FROM report_text WHERE grams @@ phraseto_tsquery('simple', $1)",
            &[grams.into()],
        )?
    } else {
        // The tokens hold letters and digits only: quoted, they are one phrase.
        db.query(
            "SELECT rowid FROM report_text WHERE report_text MATCH $1",
            &[Val::from(format!("\"{grams}\""))],
        )?
    };
    Ok(Some(rows.iter().filter_map(|r| r[0].int()).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_runs_become_pairs_and_words_stay_whole() {
        assert_eq!(grams("政府信息"), "政府 府信 信息");
        assert_eq!(grams("第一条，依申请"), "第一 一条 依申 申请");
        assert_eq!(grams("HTML 页面 2023年"), "html 页面 2023 年");
        assert_eq!(grams("“公开”"), "公开");
        assert_eq!(grams("，。"), "");
    }
}
