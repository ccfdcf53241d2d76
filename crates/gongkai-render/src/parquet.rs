//! The corpus in long format as Apache Parquet, for `gongkai export --format parquet`: one row
//! per cell, the columns `agency` (text), `year` (int64), `key` (text) and `value` (double,
//! null for a blank cell), Snappy-compressed. pandas, polars, DuckDB, R's arrow and Spark read
//! it directly.
//!
//! Rows are written in groups as they come, so that an export of a whole national year needs
//! memory for one group, not for the corpus.

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::io::Write;
use std::sync::Arc;

const SCHEMA: &str = "message gongkai_cells {
    REQUIRED BYTE_ARRAY agency (UTF8);
    REQUIRED INT64 year;
    REQUIRED BYTE_ARRAY key (UTF8);
    OPTIONAL DOUBLE value;
}";

/// Rows per row group: about 200 reports.
const GROUP: usize = 40_000;

/// Why the Parquet file could not be written.
pub type Error = ParquetError;

/// A Parquet file being written, row by row.
pub struct Long<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    agency: Vec<ByteArray>,
    year: Vec<i64>,
    key: Vec<ByteArray>,
    /// The values present, and for every row whether it has one (1) or is null (0).
    value: Vec<f64>,
    defined: Vec<i16>,
}

impl<W: Write + Send> Long<W> {
    pub fn new(out: W) -> Result<Long<W>, Error> {
        let schema = Arc::new(parse_message_type(SCHEMA)?);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("gongkai {}", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Long {
            writer: SerializedFileWriter::new(out, schema, Arc::new(props))?,
            agency: Vec::new(),
            year: Vec::new(),
            key: Vec::new(),
            value: Vec::new(),
            defined: Vec::new(),
        })
    }

    pub fn push(
        &mut self,
        agency: &str,
        year: i64,
        key: &str,
        value: Option<f64>,
    ) -> Result<(), Error> {
        self.agency.push(ByteArray::from(agency));
        self.year.push(year);
        self.key.push(ByteArray::from(key));
        match value {
            Some(v) => {
                self.value.push(v);
                self.defined.push(1);
            }
            None => self.defined.push(0),
        }
        if self.year.len() >= GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows held as one row group.
    fn flush(&mut self) -> Result<(), Error> {
        if self.year.is_empty() {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        let mut column = 0;
        while let Some(mut c) = group.next_column()? {
            match column {
                0 => c
                    .typed::<ByteArrayType>()
                    .write_batch(&self.agency, None, None)?,
                1 => c.typed::<Int64Type>().write_batch(&self.year, None, None)?,
                2 => c
                    .typed::<ByteArrayType>()
                    .write_batch(&self.key, None, None)?,
                _ => c
                    .typed::<DoubleType>()
                    .write_batch(&self.value, Some(&self.defined), None)?,
            };
            c.close()?;
            column += 1;
        }
        group.close()?;
        self.agency.clear();
        self.year.clear();
        self.key.clear();
        self.value.clear();
        self.defined.clear();
        Ok(())
    }

    /// Writes what is left and the file's footer, and gives the output back.
    pub fn finish(mut self) -> Result<W, Error> {
        self.flush()?;
        self.writer.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    #[test]
    fn rows_read_back_with_nulls_across_row_groups() {
        let mut w = Long::new(Vec::new()).unwrap();
        let n = GROUP + 7;
        for i in 0..n {
            let v = (i % 3 != 0).then_some(i as f64 / 4.0);
            w.push("青山县人民政府", 2023, &format!("t3.k{i}"), v)
                .unwrap();
        }
        let bytes = bytes::Bytes::from(w.finish().unwrap());
        let reader = SerializedFileReader::new(bytes).unwrap();
        assert_eq!(reader.metadata().num_row_groups(), 2);
        let rows: Vec<_> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), n);
        let fields: Vec<&Field> = rows[5].get_column_iter().map(|(_, f)| f).collect();
        assert_eq!(fields[0], &Field::Str("青山县人民政府".into()));
        assert_eq!(fields[1], &Field::Long(2023));
        assert_eq!(fields[2], &Field::Str("t3.k5".into()));
        assert_eq!(fields[3], &Field::Double(1.25));
        let null: Vec<&Field> = rows[6].get_column_iter().map(|(_, f)| f).collect();
        assert_eq!(null[3], &Field::Null);
    }
}
