//! The reader's budgets, counted as a document is built: a few bytes of markup can ask for a
//! grid of millions of cells (`colspan`, `gridSpan`, two far-apart cells of a sheet) and a
//! single line can hold a whole file, and each cell and character costs memory in every stage
//! after. Counting as the text is made, not once it is all made, refuses such a file before
//! it has cost more than its budget.

use crate::error::{Budget, ErrorKind};
use crate::Limits;

/// What a document has spent so far of its text budget.
pub struct Meter {
    max_line: u64,
    max_text: u64,
    max_cells: u64,
    text: u64,
}

impl Meter {
    pub fn new(limits: &Limits) -> Meter {
        Meter {
            max_line: limits.max_line_chars,
            max_text: limits.max_text_chars,
            max_cells: limits.max_cells,
            text: 0,
        }
    }

    /// A line of the document: within the budget per line, and counted against the document's.
    pub fn line(&mut self, text: &str) -> Result<(), ErrorKind> {
        let chars = text.chars().count() as u64;
        if chars > self.max_line {
            return Err(ErrorKind::OverBudget(Budget::LineChars, self.max_line));
        }
        self.text += chars;
        self.held(0)
    }

    /// Text read but not yet made into lines (a paragraph, a table's cells) counts too: it is
    /// held in memory all the same.
    pub fn held(&self, chars: u64) -> Result<(), ErrorKind> {
        if self.text.saturating_add(chars) > self.max_text {
            return Err(ErrorKind::OverBudget(Budget::TextChars, self.max_text));
        }
        Ok(())
    }

    /// A grid that has made `cells` cells so far.
    pub fn cells(&self, cells: u64) -> Result<(), ErrorKind> {
        if cells > self.max_cells {
            return Err(ErrorKind::OverBudget(Budget::Cells, self.max_cells));
        }
        Ok(())
    }
}

/// Checks decoded text against the budgets before it is cut into lines, in one pass that holds
/// nothing: a text file's lines are its own.
pub fn text(text: &str, limits: &Limits) -> Result<(), ErrorKind> {
    let mut meter = Meter::new(limits);
    text.split('\n').try_for_each(|line| meter.line(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(line: u64, text: u64) -> Limits {
        Limits {
            max_line_chars: line,
            max_text_chars: text,
            max_cells: 4,
            ..Limits::default()
        }
    }

    #[test]
    fn lines_and_documents_are_counted_in_characters() {
        // Five characters of fifteen bytes.
        assert_eq!(text("政府信息公\n开", &limits(5, 6)), Ok(()));
        assert_eq!(
            text("政府信息公开", &limits(5, 100)),
            Err(ErrorKind::OverBudget(Budget::LineChars, 5))
        );
        assert_eq!(
            text("政府\n信息\n公开\n", &limits(5, 5)),
            Err(ErrorKind::OverBudget(Budget::TextChars, 5))
        );
        let mut meter = Meter::new(&limits(5, 6));
        meter.line("规章").unwrap();
        assert_eq!(meter.held(4), Ok(()));
        assert_eq!(
            meter.held(5),
            Err(ErrorKind::OverBudget(Budget::TextChars, 6))
        );
        assert_eq!(meter.cells(4), Ok(()));
        assert_eq!(meter.cells(5), Err(ErrorKind::OverBudget(Budget::Cells, 4)));
    }
}
