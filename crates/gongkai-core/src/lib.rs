//! gongkai's domain model: the national template of the 政府信息公开工作年度报告 and a typed
//! report in which every number remembers where it was printed.
//!
//! - [`template`]: the registry of sections, tables, rows, columns, labels and cell keys.
//! - [`model`]: [`Report`], its sections, cells and the reader's notes.
//! - [`value`]: values as printed (integers, exact decimals, blank markers).
//! - [`normalize`]: label folding and fuzzy label matching.

pub mod model;
pub mod normalize;
pub mod template;
pub mod value;

pub use model::{
    BBox, Cell, CellsView, GridCell, Note, NoteKind, Part, Report, Section, Source, SourceFormat,
    Span, MODEL_VERSION,
};
pub use template::{TableId, Template, Version};
pub use value::{Blank, Number, Printed, Unit, Value};
