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

/// Opens the store at `url`, making it when it is not there.
pub fn create(url: &str) -> Result<Db, CliError> {
    gongkai_store::open(url).map_err(|e| {
        CliError::new(
            format!("无法打开数据库 {url}：{e}"),
            format!("cannot open the store {url}: {e}"),
        )
    })
}
