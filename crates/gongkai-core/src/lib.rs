//! gongkai's domain model: the national template of the 政府信息公开工作年度报告 and a typed
//! report in which every number remembers where it was printed.
//!
//! - [`template`]: the registry of sections, tables, rows, columns, labels and cell keys.
//! - [`identity`]: the sums the tables obey, as data.
//! - [`date`]: days of the calendar and the law's deadline for each kind of organ.
//! - [`consistent`]: tables in which every identity holds, for tests, `synth` and benchmarks.
//! - [`model`]: [`Report`], its sections, cells and the reader's notes.
//! - [`value`]: values as printed (integers, exact decimals, blank markers).
//! - [`normalize`]: label folding and fuzzy label matching.
//! - [`text`]: [`Text`] in Chinese and English, and the [`Lang`] a user reads.
//! - [`rates`]: 公开率, 不予公开率, 复议纠错率 and 败诉率, each defined once.
//! - [`organ`]: the key two spellings of one organ share.
//! - [`place`]: the place, level and kind an organ's name gives, from the national list of
//!   administrative divisions.

pub mod consistent;
pub mod date;
pub mod identity;
pub mod model;
pub mod normalize;
pub mod organ;
pub mod place;
pub mod printable;
pub mod rates;
pub mod template;
pub mod text;
pub mod value;

pub use model::{
    BBox, Cell, CellsView, Certainty, DateSource, GridCell, Inference, Note, NoteKind, Part,
    Report, Section, Source, SourceFormat, Span, MODEL_VERSION,
};
pub use printable::printable;
pub use template::{TableId, Template, Version};
pub use text::{Lang, Text};
pub use value::{Blank, Number, Printed, Unit, Value};
