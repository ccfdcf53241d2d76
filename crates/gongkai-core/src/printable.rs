//! Text from outside (a file's name, a line of a report) made safe to print on a terminal.
//!
//! A file named `a\n--> b.txt:1:1` or holding terminal escape codes would otherwise print lines
//! that look like gongkai's own, and right-to-left overrides (U+202E) reorder what a reader
//! sees. Such characters are shown as `\u{…}` escapes instead.

use std::borrow::Cow;

/// Whether a character may not be printed as itself: control characters (a tab excepted) and
/// the invisible marks that change the direction of text.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control and direction character written as a `\u{…}` escape.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn controls_and_direction_marks_are_escaped() {
        assert_eq!(printable("报告 2024.txt"), "报告 2024.txt");
        assert_eq!(printable("a\n--> b.txt:1:1"), "a\\u{a}--> b.txt:1:1");
        assert_eq!(printable("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(printable("txt.\u{202e}fdp"), "txt.\\u{202e}fdp");
        assert_eq!(printable("a\tb"), "a\tb");
    }
}
