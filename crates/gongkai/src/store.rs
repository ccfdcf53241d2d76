//! The corpus store the commands read and write.

use crate::error::CliError;
use gongkai_store::Db;

/// Opens the store at `url`, saying which one could not be opened.
pub fn open(url: &str) -> Result<Db, CliError> {
    gongkai_store::open(url).map_err(|e| {
        CliError::new(
            format!("无法打开数据库 {url}：{e}"),
            format!("cannot open the store {url}: {e}"),
        )
    })
}
