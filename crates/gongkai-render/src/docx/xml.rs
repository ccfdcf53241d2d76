//! XML built as a tree of typed elements, so that a report's text can only ever be text:
//! element and attribute names are the code's own (`&'static str`), and every attribute value
//! and every text is escaped when the tree is written. Nothing is glued together as markup.

use std::fmt::{Display, Write};

/// One element: its name, its attributes and what it holds, in order.
#[derive(Clone, Debug)]
pub struct El {
    name: &'static str,
    attrs: Vec<(&'static str, String)>,
    content: Vec<Node>,
}

#[derive(Clone, Debug)]
enum Node {
    El(El),
    Text(String),
}

impl El {
    pub fn new(name: &'static str) -> El {
        El {
            name,
            attrs: Vec::new(),
            content: Vec::new(),
        }
    }

    pub fn attr(mut self, name: &'static str, value: impl Display) -> El {
        self.attrs.push((name, value.to_string()));
        self
    }

    pub fn child(mut self, child: El) -> El {
        self.content.push(Node::El(child));
        self
    }

    /// A child when there is one: optional properties read as one chain.
    pub fn maybe(self, child: Option<El>) -> El {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }

    pub fn children(mut self, children: impl IntoIterator<Item = El>) -> El {
        self.content.extend(children.into_iter().map(Node::El));
        self
    }

    pub fn text(mut self, text: &str) -> El {
        self.content.push(Node::Text(text.to_string()));
        self
    }

    /// The element as the root of a part, after the XML declaration.
    pub fn part(&self) -> String {
        let mut out =
            String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        for (name, value) in &self.attrs {
            let _ = write!(out, " {name}=\"");
            escape_into(value, out);
            out.push('"');
        }
        if self.content.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for node in &self.content {
            match node {
                Node::El(e) => e.write(out),
                Node::Text(t) => escape_into(t, out),
            }
        }
        let _ = write!(out, "</{}>", self.name);
    }
}

/// `<name w:val="value"/>`, the shape of most WordprocessingML properties.
pub fn val(name: &'static str, value: impl Display) -> El {
    El::new(name).attr("w:val", value)
}

/// Text safe inside XML: markup characters escaped, and the control characters XML 1.0 cannot
/// hold at all left out (a tab and a line break stay).
fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_values_are_escaped_where_they_are_written() {
        let e = El::new("w:t")
            .attr("w:val", "\"><x a=\"")
            .text("<script>&\u{1}</script>");
        let mut out = String::new();
        e.write(&mut out);
        assert_eq!(
            out,
            "<w:t w:val=\"&quot;&gt;&lt;x a=&quot;\">&lt;script&gt;&amp;&lt;/script&gt;</w:t>"
        );
    }

    #[test]
    fn an_empty_element_closes_itself() {
        let mut out = String::new();
        El::new("w:p").child(val("w:jc", "center")).write(&mut out);
        assert_eq!(out, "<w:p><w:jc w:val=\"center\"/></w:p>");
    }
}
