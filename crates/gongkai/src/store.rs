//! The corpus store the commands read and write. Only the commands that fill a store create
//! one (`import`, and `serve` or `user add` when asked with `--create`): any other finding no
//! store at the address given says so, rather than reading an empty one a mistyped `--db`
//! would have made.

use crate::error::CliError;
use gongkai_store::Db;

/// Opens the store at `url`, which must be there.
pub fn open(url: &str) -> Result<Db, CliError> {
    if let Some(file) = gongkai_store::sqlite_file(url) {
        if !file.exists() {
            return Err(CliError::new(
                format!(
                    "没有数据库 {url}：文件 {} 不存在（`gongkai import` 新建数据库）",
                    file.display()
                ),
                format!(
                    "no store at {url}: the file {} does not exist (`gongkai import` makes one)",
                    file.display()
                ),
            ));
        }
    }
    create(url)
}

/// No report of `organ` (for `year`, when given) is stored: said with the names it may have
/// been meant to be.
pub fn no_report(db: &mut Db, organ: &str, year: Option<i64>) -> CliError {
    let near = gongkai_store::query::similar_organs(db, organ, 3).unwrap_or_default();
    let of_year = |zh: bool| match (year, zh) {
        (Some(y), true) => format!("{y} 年度的"),
        (Some(y), false) => format!(" for {y}"),
        (None, _) => String::new(),
    };
    let (mut zh, mut en) = (
        format!("数据库中没有「{organ}」{}报告", of_year(true)),
        format!("no report of {organ}{} in the store", of_year(false)),
    );
    if !near.is_empty() {
        zh += &format!("；是不是「{}」？", near.join("」「"));
        en += &format!("; did you mean {}?", near.join(", "));
    }
    CliError::new(zh, en)
}

/// Opens the store at `url`, making it when it is not there.
pub fn create(url: &str) -> Result<Db, CliError> {
    gongkai_store::open(url).map_err(|e| {
        CliError::new(
            format!("无法打开数据库 {url}：{e}"),
            format!("cannot open the store {url}: {e}"),
        )
    })
}
