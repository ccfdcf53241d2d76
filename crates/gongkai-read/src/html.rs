//! HTML pages: decoded by BOM, then the page's declared charset, then detection; parsed by a
//! real HTML5 parser (html5ever, through scraper); every table rebuilt as a grid honouring
//! `rowspan` and `colspan`; scripts, styles and navigation dropped, and the page cut after the
//! element that holds the report, where the site's footer begins.
//!
//! The result is a [`Document`] whose lines are the page's blocks, one line per table row with
//! its cells separated by tabs, so that the one reader of tables serves every format. Places
//! count in that text, the page as a reader sees it, never in its markup: a table's cell
//! remembers its table, row and column (`第 2 个表格 第 25 行 第 4 列`), and an excerpt shows
//! the row's text.

use crate::budget::Meter;
use crate::decode::{decode, DecodeError, Decoded};
use crate::document::{rebuilt, Document, Fields, Line};
use crate::error::{Budget, ErrorKind};
use crate::Limits;
use gongkai_core::normalize::normalize;
use gongkai_core::template::SECTIONS;
use gongkai_core::{GridCell, Span};
use scraper::{ElementRef, Html, Node};

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
    let mut walker = Walker {
        lines: Vec::new(),
        current: String::new(),
        tables: 0,
        depth: 0,
        end: article_end(&html),
        done: false,
        meter: Meter::new(limits),
        over: None,
    };
    walker.children(html.root_element());
    walker.flush();
    match walker.over {
        Some(e) => Err(e),
        None => Ok(Document {
            lines: walker.lines,
            date: page_date(&html).map(|d| (d, gongkai_core::DateSource::PageMetadata)),
            ..Document::default()
        }),
    }
}

/// The publication date a page's metadata gives: `<meta name="PubDate" content="2024-01-25
/// 15:22">`, as the national rules for government sites (国办发〔2017〕47号) have every article
/// carry, or the names other publishing systems use.
fn page_date(html: &Html) -> Option<String> {
    const NAMES: [&str; 5] = [
        "pubdate",
        "publishdate",
        "firstpublishedtime",
        "publishtime",
        "article:published_time",
    ];
    html.root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .filter(|e| e.value().name() == "meta")
        .find_map(|e| {
            let name = e.value().attr("name").or(e.value().attr("property"))?;
            NAMES
                .contains(&name.to_ascii_lowercase().as_str())
                .then(|| crate::meta::date_in(e.value().attr("content")?))?
        })
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

struct Walker {
    lines: Vec<Line>,
    current: String,
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

impl Walker {
    fn children(&mut self, el: ElementRef) {
        for child in el.children() {
            if self.done {
                return;
            }
            match child.value() {
                Node::Text(t) => self.current.push_str(&t.text),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.element(e);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, el: ElementRef) {
        if self.depth >= MAX_DEPTH {
            // Markup nested this deep is not a report's: its text is kept, its structure not,
            // and the walk stops descending (a hostile page must not exhaust the stack).
            self.current.extend(el.text().flat_map(|t| [t, " "]));
            return;
        }
        self.depth += 1;
        self.visit(el);
        self.depth -= 1;
    }

    fn visit(&mut self, el: ElementRef) {
        let name = el.value().name();
        if SKIPPED.contains(&name) {
            return;
        }
        if name == "table" {
            self.flush();
            self.table(el);
        } else if BLOCKS.contains(&name) || name == "tr" || name == "td" || name == "th" {
            self.flush();
            self.children(el);
            self.flush();
        } else {
            self.children(el);
        }
        if Some(el.id()) == self.end {
            self.flush();
            self.done = true;
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
        if text.is_empty() {
            return;
        }
        let spent = self.meter.line(&text);
        if self.spend(spent) {
            return;
        }
        let number = self.lines.len() as u32 + 1;
        self.lines.push(Line::new(number, None, text, Vec::new()));
    }

    /// A table as a grid: one line per row, cells separated by tabs; a merged cell's text only
    /// where it starts.
    fn table(&mut self, table: ElementRef) {
        self.tables += 1;
        let ordinal = self.tables;
        let mut rows: Vec<Vec<String>> = Vec::new();
        // Columns still covered by a cell from a row above: (column, rows left).
        let mut covered: Vec<u32> = Vec::new();
        // The cells made so far, counted as they are made: spans ask for many in a few bytes
        // (`rowspan` carries a wide cell down every row after it).
        let mut made = 0u64;
        for row in rows_of(table) {
            let mut cells: Vec<String> = Vec::new();
            let mut col = 0usize;
            for cell in row.children().filter_map(ElementRef::wrap) {
                let n = cell.value().name();
                if n != "td" && n != "th" {
                    continue;
                }
                while covered.get(col).is_some_and(|&left| left > 0) {
                    cells.push(String::new());
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
                    cells.push(if k == 0 { text.clone() } else { String::new() });
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
            rows.push(cells);
        }
        for (r, cells) in rows.iter().enumerate() {
            if cells.iter().all(|t| t.is_empty()) {
                continue;
            }
            let number = self.lines.len() as u32 + 1;
            let mut fields = Fields::new();
            for (k, t) in cells.iter().enumerate() {
                if k > 0 {
                    fields.separate('\t');
                }
                // The grid's own place: the table, its row and column as a reader counts
                // them, which the page's markup does not show.
                fields.push(t, |from, to| {
                    Some(Span {
                        cell: Some(GridCell {
                            table: ordinal,
                            row: r as u32 + 1,
                            column: k as u32 + 1,
                        }),
                        ..rebuilt(number, from, to)
                    })
                });
            }
            let line = fields.line(number, None);
            let spent = self.meter.line(&line.text);
            if self.spend(spent) {
                return;
            }
            self.lines.push(line);
        }
    }

    /// The text of a cell: its blocks joined by spaces, nested tables flattened.
    fn cell_text(&mut self, cell: ElementRef) -> String {
        let mut parts = Vec::new();
        for d in cell.descendants().skip(1) {
            match d.value() {
                Node::Text(t) => parts.push(t.text.to_string()),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(d) {
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
    fn the_publication_date_of_the_pages_metadata() {
        let date = |head: &str| {
            let page = format!("<html><head>{head}</head><body><p>正文</p></body></html>");
            document(&page, &Limits::default()).unwrap().date
        };
        assert_eq!(
            date(r#"<meta name="PubDate" content="2024-03-08 15:34"/>"#),
            Some(("2024-03-08".into(), gongkai_core::DateSource::PageMetadata))
        );
        assert_eq!(
            date(r#"<meta property="article:published_time" content="2024-01-25T09:30:00+08:00">"#)
                .map(|d| d.0),
            Some("2024-01-25".into())
        );
        assert_eq!(date(r#"<meta name="PubDate" content="">"#), None);
        assert_eq!(date(r#"<meta name="keywords" content="2024-01-25">"#), None);
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
    fn cells_remember_their_table_row_and_column_not_their_markup() {
        let html =
            "<p>标题</p>\n<table><tr><td>x</td></tr></table>\n<table>\n<tr><td>表头</td></tr>\
                    <tr><td>规章</td>\n  <td>5</td></tr></table>";
        let doc = document(html, &Limits::default()).unwrap();
        let row = &doc.lines[3];
        assert_eq!(row.text, "规章\t5");
        // The excerpt is the row's text: line 4 of the page as read, columns 4..5.
        let five = row.span(3, 4);
        assert_eq!((five.line, five.column, five.end_column), (4, 4, 5));
        let cell = five.cell.expect("a grid cell");
        assert_eq!((cell.table, cell.row, cell.column), (2, 2, 2));
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
