//! HTML pages: decoded by BOM, then the page's declared charset, then detection; parsed by a
//! real HTML5 parser (html5ever, through scraper); every table rebuilt as a grid honouring
//! `rowspan` and `colspan`; scripts, styles and navigation dropped, and the page cut after the
//! element that holds the report, where the site's footer begins.
//!
//! The result is a [`Document`] whose lines are the page's blocks, one line per table row with
//! its cells separated by tabs, so that the one reader of tables serves every format. Each cell
//! remembers the line and column of its `<td>` in the source.

use crate::budget::Meter;
use crate::decode::{decode, DecodeError, Decoded};
use crate::document::{Document, Fields, Line, Origin};
use crate::error::{Budget, ErrorKind};
use crate::Limits;
use gongkai_core::normalize::normalize;
use gongkai_core::template::SECTIONS;
use gongkai_core::Span;
use scraper::{ElementRef, Html, Node};
use std::collections::HashMap;

/// Decodes an HTML page: BOM, then `<meta charset>`, then detection.
pub fn decode_html(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if encoding_rs::Encoding::for_bom(bytes).is_none() {
        if let Some(enc) = declared_charset(bytes) {
            let (text, _, malformed) = enc.decode(bytes);
            // A page that declares a legacy charset but is valid UTF-8 was saved as UTF-8.
            if !malformed || std::str::from_utf8(bytes).is_err() {
                let enc = if enc == encoding_rs::GBK {
                    encoding_rs::GB18030
                } else {
                    enc
                };
                let text = if enc == encoding_rs::GB18030 {
                    enc.decode(bytes).0
                } else {
                    text
                };
                if !text.trim().is_empty() {
                    return Ok(Decoded {
                        text: text.into_owned(),
                        encoding: enc.name(),
                    });
                }
            }
        }
    }
    decode(bytes)
}

/// The charset a page declares in its first 4 KB: `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let mut j = from + i + b"charset".len();
        while j < lower.len() && matches!(lower[j], b' ' | b'=' | b'"' | b'\'') {
            j += 1;
        }
        let end = lower[j..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')))
            .map_or(lower.len(), |k| j + k);
        if let Some(enc) = encoding_rs::Encoding::for_label(&lower[j..end]) {
            return Some(enc);
        }
        from = end.max(from + i + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Elements left open deeper than this are not a page but an attack on the parser, whose
/// checks of open elements take time that grows with the square of the depth.
const MAX_OPEN: usize = 2000;

/// Elements whose end tag may be left out, or that have none: they do not nest in practice.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "rb", "rt", "rp", "br", "hr", "img", "input", "meta", "link", "area", "base",
    "col", "embed", "param", "source", "track", "wbr",
];

/// Refuses, in one pass over the text before the parser sees it, a page whose elements nest
/// deeper than [`MAX_OPEN`] (start tags less end tags) or that holds more elements than the
/// budget: the parser's tree costs some 900 bytes an element with its text, and 40 MB of
/// `<p>1` hold ten million.
fn check_markup(text: &str, limits: &Limits) -> Result<(), ErrorKind> {
    let bytes = text.as_bytes();
    let mut depth: usize = 0;
    let mut elements: u64 = 0;
    // The first `>` from a place on, once looked for: tags without one must not each look to
    // the end of the text for it, which would take a time growing with the square of their
    // number.
    let mut gt: Option<(usize, Option<usize>)> = None;
    let mut i = 0;
    while let Some(k) = bytes[i..].iter().position(|&b| b == b'<') {
        i += k + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let from = i + usize::from(closing);
        let len = bytes[from..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bytes.len() - from);
        let element = len > 0 && bytes[from].is_ascii_alphabetic();
        // A comment, a doctype or a processing instruction is a node of the tree too.
        if element && !closing || matches!(bytes.get(i), Some(b'!' | b'?')) {
            elements += 1;
        }
        if elements > limits.max_elements {
            return Err(ErrorKind::OverBudget(Budget::Elements, limits.max_elements));
        }
        if !element {
            continue;
        }
        let name = text[from..from + len].to_ascii_lowercase();
        let end = match gt {
            Some((at, end)) if at <= from && end.is_none_or(|e| e >= from) => end,
            _ => {
                let end = bytes[from..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map(|e| from + e);
                gt = Some((from, end));
                end
            }
        };
        let empty = end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
        if empty || SELF_CLOSING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_OPEN {
                return Err(ErrorKind::damaged(
                    "网页元素嵌套过深，不像是一份报告",
                    "the page's elements nest too deep to be a report",
                ));
            }
        }
    }
    Ok(())
}

/// Builds the document of an HTML page from its decoded text, within the budgets.
pub fn document(text: &str, limits: &Limits) -> Result<Document, ErrorKind> {
    check_markup(text, limits)?;
    let html = Html::parse_document(text);
    let places = TagPlaces::scan(text).agreeing_with(&html);
    let mut walker = Walker {
        places: &places,
        seen: HashMap::new(),
        lines: Vec::new(),
        current: String::new(),
        current_at: None,
        last_line: 1,
        tables: 0,
        depth: 0,
        end: article_end(&html),
        done: false,
        meter: Meter::new(limits),
        over: None,
    };
    walker.children(html.root_element(), None);
    walker.flush();
    match walker.over {
        Some(e) => Err(e),
        None => Ok(Document {
            lines: walker.lines,
        }),
    }
}

/// Deeper than this, elements are read as plain text.
const MAX_DEPTH: usize = 256;

/// Elements whose content is never part of the report.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "aside", "footer", "form", "select",
    "button", "iframe", "svg", "object",
];

/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "main",
    "blockquote",
    "pre",
    "center",
    "address",
    "hr",
    "br",
    "figure",
    "figcaption",
    "caption",
];

/// Where each start tag was printed, by tag name, in source order.
struct TagPlaces {
    by_name: HashMap<String, Vec<(u32, u32, u32)>>,
}

impl TagPlaces {
    /// Finds every start tag of the source (outside comments and the raw text of scripts and
    /// styles) with its line, its column and its length in characters.
    fn scan(text: &str) -> TagPlaces {
        let mut by_name: HashMap<String, Vec<(u32, u32, u32)>> = HashMap::new();
        let bytes = text.as_bytes();
        let (mut line, mut line_start) = (1u32, 0usize);
        // Characters from the line's start to `counted`: a page printed on one long line
        // must not be counted again from its start at every tag.
        let (mut counted, mut column_chars) = (0usize, 0u32);
        let mut i = 0;
        let mut raw_until: Option<&'static str> = None;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    line += 1;
                    line_start = i + 1;
                    i += 1;
                    continue;
                }
                b'<' => {}
                _ => {
                    i += 1;
                    continue;
                }
            }
            let rest = &bytes[i..];
            if let Some(close) = raw_until {
                if rest.len() >= close.len()
                    && rest[..close.len()].eq_ignore_ascii_case(close.as_bytes())
                {
                    raw_until = None;
                }
                i += 1;
                continue;
            }
            if rest.starts_with(b"<!--") {
                let end = find(rest, b"-->").map_or(bytes.len(), |e| i + e + 3);
                for &b in &bytes[i..end] {
                    if b == b'\n' {
                        line += 1;
                    }
                }
                if let Some(nl) = bytes[i..end].iter().rposition(|&b| b == b'\n') {
                    line_start = i + nl + 1;
                }
                i = end;
                continue;
            }
            let name_len = rest[1..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(rest.len() - 1);
            if name_len == 0 || !rest[1].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let name = String::from_utf8_lossy(&rest[1..1 + name_len]).to_ascii_lowercase();
            if counted < line_start {
                (counted, column_chars) = (line_start, 0);
            }
            column_chars += text[counted..i].chars().count() as u32;
            counted = i;
            let column = column_chars + 1;
            // The underline covers `<td`, not the tag's long attributes.
            let width = name_len as u32 + 1;
            raw_until = match name.as_str() {
                "script" => Some("</script"),
                "style" => Some("</style"),
                _ => None,
            };
            by_name.entry(name).or_default().push((line, column, width));
            i += 1;
        }
        TagPlaces { by_name }
    }

    /// Keeps the places of the tag names whose elements the parser made exactly as many of as
    /// the source has tags: where it added one (a stray `</p>` makes an empty `<p>`), the n-th
    /// element is no longer the n-th tag, and a wrong place is worse than none.
    fn agreeing_with(mut self, html: &Html) -> TagPlaces {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for node in html.tree.root().descendants() {
            if let Some(el) = ElementRef::wrap(node) {
                *counts.entry(el.value().name()).or_default() += 1;
            }
        }
        self.by_name
            .retain(|name, places| counts.get(name.as_str()) == Some(&places.len()));
        self
    }
}

struct Walker<'a> {
    places: &'a TagPlaces,
    /// How many elements of each name the walk has met.
    seen: HashMap<&'a str, usize>,
    lines: Vec<Line>,
    current: String,
    current_at: Option<Span>,
    /// The source line of the last element placed, for lines whose own place is unknown.
    last_line: u32,
    tables: u32,
    /// How many elements deep the walk is.
    depth: usize,
    /// The element after which the page holds no more of the report.
    end: Option<ego_tree::NodeId>,
    done: bool,
    meter: Meter,
    /// The budget the page went over: the walk stops there.
    over: Option<ErrorKind>,
}

impl<'a> Walker<'a> {
    /// The place of the element just met, when the source's tags of its name and the
    /// parser's elements of that name agree in number (a parser-made element shifts them).
    fn place(&mut self, el: &ElementRef<'a>) -> Option<Span> {
        let name = el.value().name();
        let k = self.seen.entry(name).or_default();
        let index = *k;
        *k += 1;
        let places = self.places.by_name.get(name)?;
        let (line, column, width) = *places.get(index)?;
        self.last_line = line;
        Some(Span {
            line,
            column,
            end_column: column + width,
            ..Span::default()
        })
    }

    fn children(&mut self, el: ElementRef<'a>, inherited: Option<Span>) {
        for child in el.children() {
            if self.done {
                return;
            }
            match child.value() {
                Node::Text(t) => {
                    if self.current.trim().is_empty() && self.current_at.is_none() {
                        self.current_at = inherited;
                    }
                    self.current.push_str(&t.text);
                }
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.element(e, inherited);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, el: ElementRef<'a>, inherited: Option<Span>) {
        if self.depth >= MAX_DEPTH {
            // Markup nested this deep is not a report's: its text is kept, its structure not,
            // and the walk stops descending (a hostile page must not exhaust the stack).
            self.count_descendants(el);
            self.current.extend(el.text().flat_map(|t| [t, " "]));
            return;
        }
        self.depth += 1;
        self.visit(el, inherited);
        self.depth -= 1;
    }

    fn visit(&mut self, el: ElementRef<'a>, inherited: Option<Span>) {
        let name = el.value().name();
        // An element whose own place is unknown is where its nearest known ancestor is.
        let at = self.place(&el).or(inherited);
        if SKIPPED.contains(&name) {
            self.count_descendants(el);
            return;
        }
        if name == "table" {
            self.flush();
            self.table(el, at);
        } else if BLOCKS.contains(&name) || name == "tr" || name == "td" || name == "th" {
            self.flush();
            self.current_at = at;
            self.children(el, at);
            self.flush();
        } else {
            if self.current.trim().is_empty() && self.current_at.is_none() {
                self.current_at = at;
            }
            self.children(el, at);
        }
        if Some(el.id()) == self.end {
            self.flush();
            self.done = true;
        }
    }

    /// Counts the elements inside a skipped one, so that places stay in step.
    fn count_descendants(&mut self, el: ElementRef<'a>) {
        for d in el.descendants().skip(1) {
            if let Some(e) = ElementRef::wrap(d) {
                *self.seen.entry(e.value().name()).or_default() += 1;
            }
        }
    }

    /// Ends the walk when a budget is exceeded, keeping why; whether it was.
    fn spend(&mut self, spent: Result<(), ErrorKind>) -> bool {
        let Err(e) = spent else {
            return false;
        };
        self.over.get_or_insert(e);
        self.done = true;
        true
    }

    fn flush(&mut self) {
        let text = clean(&self.current);
        self.current.clear();
        let at = self.current_at.take();
        if text.is_empty() {
            return;
        }
        let spent = self.meter.line(&text);
        if self.spend(spent) {
            return;
        }
        let number = at.map_or(self.last_line, |a| a.line);
        let len = text.chars().count() as u32;
        let origins = at
            .map(|a| Origin {
                from: 0,
                to: len,
                at: a,
            })
            .into_iter()
            .collect();
        self.lines.push(Line::new(number, None, text, origins));
    }

    /// A table as a grid: one line per row, cells separated by tabs; a merged cell's text only
    /// where it starts.
    fn table(&mut self, table: ElementRef<'a>, table_at: Option<Span>) {
        self.tables += 1;
        let mut rows: Vec<(Option<Span>, Vec<GridText>)> = Vec::new();
        // Columns still covered by a cell from a row above: (column, rows left).
        let mut covered: Vec<u32> = Vec::new();
        // The cells made so far, counted as they are made: spans ask for many in a few bytes
        // (`rowspan` carries a wide cell down every row after it).
        let mut made = 0u64;
        for row in rows_of(table) {
            let row_at = self.place(&row).or(table_at);
            let mut cells: Vec<GridText> = Vec::new();
            let mut col = 0usize;
            for cell in row.children().filter_map(ElementRef::wrap) {
                let n = cell.value().name();
                if n != "td" && n != "th" {
                    self.count_descendants(cell);
                    continue;
                }
                let at = self.place(&cell).or(row_at);
                while covered.get(col).is_some_and(|&left| left > 0) {
                    cells.push((String::new(), None));
                    col += 1;
                }
                let text = self.cell_text(cell);
                let span = |attr: &str| {
                    cell.value()
                        .attr(attr)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, 1000)
                };
                let (colspan, rowspan) = (span("colspan"), span("rowspan"));
                for k in 0..colspan {
                    if covered.len() <= col + k {
                        covered.resize(col + k + 1, 0);
                    }
                    covered[col + k] = rowspan as u32;
                    cells.push(if k == 0 {
                        (text.clone(), at)
                    } else {
                        (String::new(), None)
                    });
                }
                col += colspan;
                let spent = self.meter.cells(made + cells.len() as u64);
                if self.spend(spent) {
                    return;
                }
            }
            made += cells.len() as u64;
            for left in covered.iter_mut() {
                *left = left.saturating_sub(1);
            }
            rows.push((row_at, cells));
        }
        for (row_at, cells) in rows {
            if cells.iter().all(|(t, _)| t.is_empty()) {
                continue;
            }
            let mut fields = Fields::new();
            for (k, (t, at)) in cells.iter().enumerate() {
                if k > 0 {
                    fields.separate('\t');
                }
                // A cell points at its `<td>` in the source, not at the rebuilt line.
                fields.push(t, |_, _| *at);
            }
            let number = row_at.map_or(self.last_line, |a| a.line);
            let line = fields.line(number, None);
            let spent = self.meter.line(&line.text);
            if self.spend(spent) {
                return;
            }
            self.lines.push(line);
        }
    }

    /// The text of a cell: its blocks joined by spaces, nested tables flattened.
    fn cell_text(&mut self, cell: ElementRef<'a>) -> String {
        let mut parts = Vec::new();
        for d in cell.descendants().skip(1) {
            match d.value() {
                Node::Text(t) => parts.push(t.text.to_string()),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(d) {
                        let _ = self.place(&e);
                        if BLOCKS.contains(&e.value().name()) {
                            parts.push(" ".to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        clean(&parts.concat())
    }
}

/// A cell of a rebuilt grid: its text (empty where a merged cell continues) and its place.
type GridText = (String, Option<Span>);

/// The rows of a table, through its `thead`, `tbody` and `tfoot`, not those of nested tables.
fn rows_of(table: ElementRef) -> Vec<ElementRef> {
    let mut out = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => out.push(child),
            "thead" | "tbody" | "tfoot" => out.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr"),
            ),
            _ => {}
        }
    }
    out
}

/// Whitespace folded: `&nbsp;`, full-width spaces and line breaks become single spaces.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}' || c == '\u{200b}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// The element that holds the report: the deepest one containing every section heading and
/// table found. Whatever follows it is the site's.
fn article_end(html: &Html) -> Option<ego_tree::NodeId> {
    let markers: Vec<String> = SECTIONS.iter().map(|s| normalize(s.label.text)).collect();
    let mut anchors: Vec<ego_tree::NodeRef<Node>> = Vec::new();
    for node in html.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let name = el.value().name();
        if name == "table" {
            anchors.push(node);
            continue;
        }
        if !BLOCKS.contains(&name) {
            continue;
        }
        let own: String = el.text().take(8).collect::<Vec<_>>().concat();
        let own = normalize(&own);
        if markers
            .iter()
            .any(|m| own.starts_with(&m[..m.len().min(12)]))
        {
            anchors.push(node);
        }
    }
    if anchors.len() < 2 {
        return None;
    }
    let path = |n: &ego_tree::NodeRef<Node>| -> Vec<ego_tree::NodeId> {
        let mut p: Vec<ego_tree::NodeId> = n.ancestors().map(|a| a.id()).collect();
        p.reverse();
        p.push(n.id());
        p
    };
    let mut common = path(&anchors[0]);
    for a in &anchors[1..] {
        let p = path(a);
        let k = common.iter().zip(&p).take_while(|(x, y)| x == y).count();
        common.truncate(k);
    }
    common.last().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(html: &str) -> Vec<String> {
        document(html, &Limits::default())
            .unwrap()
            .lines
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn tables_become_tab_separated_rows_with_spans_honoured() {
        let html = "<table><tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>1</td></tr>\
                    <tr><td>（二）部分公开</td><td>2</td></tr>\
                    <tr><td colspan=2>（七）总计</td><td>3</td></tr></table>";
        assert_eq!(
            lines(html),
            [
                "三、本年度办理结果\t（一）予以公开\t1",
                "\t（二）部分公开\t2",
                "（七）总计\t\t3"
            ]
        );
    }

    #[test]
    fn cells_remember_their_tags() {
        let html = "<p>标题</p>\n<table>\n<tr><td>规章</td>\n  <td>5</td></tr></table>";
        let doc = document(html, &Limits::default()).unwrap();
        let row = &doc.lines[1];
        assert_eq!(row.text, "规章\t5");
        let five = row.span(3, 4);
        assert_eq!((five.line, five.column), (4, 3));
    }

    #[test]
    fn scripts_styles_and_navigation_are_dropped() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body>\
                    <nav>首页 &gt; 公开</nav><script>var a='<td>';</script>\
                    <p>正文&nbsp;内容\u{3000}第二句</p></body></html>";
        assert_eq!(lines(html), ["正文 内容 第二句"]);
    }

    #[test]
    fn the_page_ends_with_the_report() {
        let html = "<div><h1>某县2022年报告</h1><div id=a><p>一、总体情况</p><p>内容</p>\
                    <p>六、其他需要报告的事项</p><p>无。</p></div><div>网站地图 版权所有</div></div>";
        let got = lines(html);
        assert_eq!(got.last().unwrap(), "无。", "{got:?}");
        assert!(got.contains(&"某县2022年报告".to_string()));
    }

    #[test]
    fn charset_declared_in_meta() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>规章 行政规范性文件</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let d = decode_html(&bytes).unwrap();
        assert!(d.text.contains("行政规范性文件"));
        assert_eq!(d.encoding, "gb18030");
        // Valid UTF-8 wins over a wrong declaration.
        let d = decode_html(page.as_bytes()).unwrap();
        assert!(d.text.contains("行政规范性文件"));
    }
}
