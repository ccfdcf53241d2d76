//! One report in every form it is published in, built from a seed's hand-verified values: text,
//! an HTML page in GBK with the template's merged cells, the official DOCX template filled in,
//! and a PDF with a Chinese CID font. Shared by the format tests and the reading benchmarks.

use gongkai_core::template::{RowKind, TableId, Template};
use gongkai_core::Version;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::io::{Read, Write};

/// A seed's expected values: what every form must give back.
pub struct Seed {
    pub name: String,
    pub agency: String,
    pub year: i64,
    pub cells: BTreeMap<String, String>,
}

pub fn seeds() -> Vec<Seed> {
    let Some(dir) = super::common::shared_corpus() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (expected, _) in super::common::fixtures(&dir.join("seeds")) {
        let j: Json = serde_json::from_str(&std::fs::read_to_string(&expected).unwrap()).unwrap();
        assert_eq!(j["template"], "2021");
        out.push(Seed {
            name: expected.file_name().unwrap().to_string_lossy().into_owned(),
            agency: j["agency"].as_str().unwrap().to_string(),
            year: j["year"].as_i64().unwrap(),
            cells: j["cells"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect(),
        });
    }
    assert_eq!(out.len(), 5);
    out
}

fn template() -> &'static Template {
    Template::get(Version::V2021)
}

fn value(seed: &Seed, table: TableId, row: &str, column: &str) -> String {
    seed.cells[&format!("{}.{row}.{column}", table.prefix())].clone()
}

fn values(seed: &Seed, table: TableId, row: &str) -> Vec<String> {
    let r = template()
        .table(table)
        .rows
        .iter()
        .find(|r| r.id == row)
        .unwrap();
    r.columns
        .iter()
        .map(|c| value(seed, table, row, c.id))
        .collect()
}

fn t4_values(seed: &Seed) -> Vec<String> {
    ["review", "litigation_direct", "litigation_after_review"]
        .iter()
        .flat_map(|g| values(seed, TableId::T4, g))
        .collect()
}

fn title(seed: &Seed) -> String {
    format!("{}{}年政府信息公开工作年度报告", seed.agency, seed.year)
}

const PROSE: &[(&str, &str)] = &[
    (
        "一、总体情况",
        "（一）主动公开情况。本年度依法主动公开政府信息。",
    ),
    (
        "五、存在的主要问题及改进情况",
        "一是公开意识有待加强。下一步将加强业务培训。",
    ),
    ("六、其他需要报告的事项", "本年度未收取信息处理费。"),
];

/// The report as lines of tab-separated fields: the layout of a Word document saved as text.
pub fn as_lines(seed: &Seed) -> Vec<Vec<String>> {
    let mut lines: Vec<Vec<String>> = vec![vec![title(seed)]];
    let one = |s: &str| vec![s.to_string()];
    lines.push(one(PROSE[0].0));
    lines.push(one(PROSE[0].1));
    lines.push(one("二、主动公开政府信息情况"));
    for row in template().table(TableId::T2).rows {
        let mut l = vec![row.label.text.to_string()];
        l.extend(values(seed, TableId::T2, row.id));
        lines.push(l);
    }
    lines.push(one("三、收到和处理政府信息公开申请情况"));
    lines.push(one("申请人情况"));
    lines.push(
        [
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ]
        .map(String::from)
        .to_vec(),
    );
    for row in template().table(TableId::T3).rows {
        let mut l = vec![row.label.text.to_string()];
        if row.kind == RowKind::Data {
            l.extend(values(seed, TableId::T3, row.id));
        }
        lines.push(l);
    }
    lines.push(one("四、政府信息公开行政复议、行政诉讼情况"));
    lines.push(["行政复议", "行政诉讼"].map(String::from).to_vec());
    lines.push(t4_values(seed));
    for (heading, body) in &PROSE[1..] {
        lines.push(one(heading));
        lines.push(one(body));
    }
    lines
}

pub fn as_text(seed: &Seed) -> Vec<u8> {
    as_lines(seed)
        .iter()
        .map(|l| l.join("\t"))
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

/// An HTML page in GBK with the template's merged cells.
pub fn as_html(seed: &Seed) -> Vec<u8> {
    let td = |text: &str, rows: usize, cols: usize| {
        format!("<td rowspan=\"{rows}\" colspan=\"{cols}\"><p>{text}</p></td>")
    };
    let mut h = format!(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">\
         <title>{t}</title><style>td{{border:1px}}</style><script>var x = '<td>9</td>';</script></head><body>\
         <nav><a href=\"/\">首页</a> &gt; <a>政府信息公开年报</a></nav><div class=\"article\"><h1>{t}</h1>\
         <p>{}</p><p>{}</p><p>二、主动公开政府信息情况</p><table border=\"1\"><tbody>",
        PROSE[0].0,
        PROSE[0].1,
        t = title(seed)
    );
    let t2 = template().table(TableId::T2).rows;
    for (heading, rows) in [
        ("第二十条第（一）项", &t2[0..2]),
        ("第二十条第（五）项", &t2[2..3]),
        ("第二十条第（六）项", &t2[3..5]),
        ("第二十条第（八）项", &t2[5..6]),
    ] {
        let cols = rows[0].columns.len();
        h += &format!(
            "<tr>{}</tr><tr>{}",
            td(heading, 1, cols + 1),
            td("信息内容", 1, 1)
        );
        for c in rows[0].columns {
            h += &td(c.label.text, 1, 1);
        }
        h += "</tr>";
        for row in rows {
            h += &format!("<tr>{}", td(row.label.text, 1, 1));
            for v in values(seed, TableId::T2, row.id) {
                h += &td(&v, 1, 1);
            }
            h += "</tr>";
        }
    }
    h += "</tbody></table><p>三、收到和处理政府信息公开申请情况</p><table border=\"1\">";
    h += &format!(
        "<tr>{}{}</tr><tr>{}{}{}</tr><tr>",
        td(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            3,
            3
        ),
        td("申请人情况", 1, 7),
        td("自然人", 2, 1),
        td("法人或其他组织", 1, 5),
        td("总计", 2, 1)
    );
    for c in [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ] {
        h += &td(c, 1, 1);
    }
    h += "</tr>";
    let t3 = template().table(TableId::T3).rows;
    let results = t3
        .iter()
        .filter(|r| {
            r.kind != RowKind::Heading
                && r.id != "new"
                && r.id != "carried_over"
                && r.id != "carried_forward"
        })
        .filter(|r| r.kind == RowKind::Data)
        .count();
    let mut first_result = true;
    for row in t3 {
        let cells: String = match row.kind {
            RowKind::Heading | RowKind::Group => continue,
            RowKind::Data => values(seed, TableId::T3, row.id)
                .iter()
                .map(|v| format!("<td>{v}</td>"))
                .collect(),
        };
        let label = match (row.id, row.group) {
            ("new" | "carried_over" | "carried_forward", _) => td(row.label.text, 1, 3),
            (_, None) => {
                let mut l = String::new();
                if first_result {
                    l += &td("三、本年度办理结果", results, 1);
                    first_result = false;
                }
                l + &td(row.label.text, 1, 2)
            }
            (_, Some(group)) => {
                let subs: Vec<_> = t3.iter().filter(|r| r.group == Some(group)).collect();
                let mut l = String::new();
                if subs[0].id == row.id {
                    let g = t3.iter().find(|r| r.id == group).unwrap();
                    l += &td(g.label.text, subs.len(), 1);
                }
                l + &td(row.label.text, 1, 1)
            }
        };
        h += &format!("<tr>{label}{cells}</tr>");
    }
    h += "</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table border=\"1\">";
    h += &format!(
        "<tr>{}{}</tr><tr>",
        td("行政复议", 1, 5),
        td("行政诉讼", 1, 10)
    );
    for c in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
        h += &td(c, 2, 1);
    }
    h += &format!(
        "{}{}</tr><tr>",
        td("未经复议直接起诉", 1, 5),
        td("复议后起诉", 1, 5)
    );
    for _ in 0..2 {
        for c in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] {
            h += &td(c, 1, 1);
        }
    }
    h += "</tr><tr>";
    for v in t4_values(seed) {
        h += &format!("<td><p>&nbsp;</p><p>{v}</p></td>");
    }
    h += "</tr></table>";
    for (heading, body) in &PROSE[1..] {
        h += &format!("<p>{heading}</p><p>{body}</p>");
    }
    h += "</div><footer>版权所有 网站地图</footer><div>主办单位：某某办公室 访问量 12345</div></body></html>";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&h);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The official DOCX template with the seed's values typed into its empty cells.
pub fn as_docx(seed: &Seed) -> Vec<u8> {
    let dir = super::common::shared_corpus().unwrap();
    let template_bytes = std::fs::read(dir.join("template-2021-blank.docx")).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(template_bytes)).unwrap();
    let mut xml = String::new();
    zin.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let xml = fill_template(&xml, seed);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().to_string();
        out.start_file(name.as_str(), options).unwrap();
        if name == "word/document.xml" {
            out.write_all(xml.as_bytes()).unwrap();
        } else {
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            out.write_all(&data).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

/// Types the values into the template's XML: each row labelled as a template row gets its
/// values in its last cells; table 四's empty row gets its fifteen.
fn fill_template(xml: &str, seed: &Seed) -> String {
    let placeholder = "政府信息公开工作年度报告格式模板";
    let xml = if xml.contains(placeholder) {
        xml.replacen(placeholder, &title(seed), 1)
    } else {
        xml.to_string()
    };
    let mut out = String::new();
    let mut rest = xml.as_str();
    let mut table = 0;
    let t = template();
    while let Some(start) = rest.find("<w:tr") {
        let (before, from_tr) = rest.split_at(start);
        table += before.matches("<w:tbl>").count();
        out.push_str(before);
        let end = from_tr.find("</w:tr>").unwrap() + "</w:tr>".len();
        let row = &from_tr[..end];
        rest = &from_tr[end..];
        let cells: Vec<&str> = row.split("<w:tc>").skip(1).collect();
        let texts: Vec<String> = cells.iter().map(|c| cell_text(c)).collect();
        let id = match table {
            1 => TableId::T2,
            2 => TableId::T3,
            _ => TableId::T4,
        };
        let vals: Option<Vec<String>> = if id == TableId::T4 {
            (texts.len() == 15 && texts.iter().all(|t| t.is_empty())).then(|| t4_values(seed))
        } else {
            t.table(id)
                .rows
                .iter()
                .filter(|r| r.kind == RowKind::Data)
                .find(|r| texts.iter().any(|x| x == r.label.text))
                .map(|r| values(seed, id, r.id))
        };
        let Some(vals) = vals else {
            out.push_str(row);
            continue;
        };
        let first_value = cells.len() - vals.len();
        let mut pieces = row.split("<w:tc>");
        out.push_str(pieces.next().unwrap());
        for (k, cell) in pieces.enumerate() {
            out.push_str("<w:tc>");
            if k >= first_value {
                out.push_str(&with_text(cell, &vals[k - first_value]));
            } else {
                out.push_str(cell);
            }
        }
    }
    out.push_str(rest);
    out
}

fn cell_text(cell: &str) -> String {
    let mut text = String::new();
    let mut rest = cell;
    while let Some(i) = rest.find("<w:t") {
        rest = &rest[i + 4..];
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let open = rest.find('>').unwrap();
        let close = rest.find("</w:t>").unwrap();
        text.push_str(&rest[open + 1..close]);
        rest = &rest[close..];
    }
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .to_string()
}

/// The cell with its paragraph replaced by one holding `value`.
fn with_text(cell: &str, value: &str) -> String {
    let p = cell.find("<w:p ").or_else(|| cell.find("<w:p>")).unwrap();
    let end = cell.rfind("</w:p>").unwrap() + "</w:p>".len();
    format!(
        "{}<w:p><w:r><w:t>{value}</w:t></w:r></w:p>{}",
        &cell[..p],
        &cell[end..]
    )
}

/// A PDF of the text layout: a landscape page per 40 lines, CID font STSong-Light with the
/// given CMap (`UniGB-UCS2-H` or `GBK-EUC-H`, no ToUnicode), or `Identity-H` with a ToUnicode map.
pub fn as_pdf(lines: &[Vec<String>], cmap: &str) -> Vec<u8> {
    let chars: Vec<char> = {
        // Every character shown: the text and the page numbers.
        let mut c: Vec<char> = lines
            .iter()
            .flatten()
            .flat_map(|s| s.chars())
            .chain("-0123456789".chars())
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let encode = |s: &str| -> String {
        match cmap {
            "GBK-EUC-H" => encoding_rs::GBK
                .encode(s)
                .0
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            "UniGB-UCS2-H" => s.encode_utf16().map(|u| format!("{u:04x}")).collect(),
            _ => s
                .chars()
                .map(|c| format!("{:04x}", chars.binary_search(&c).unwrap() + 1))
                .collect(),
        }
    };
    let per_page = 40;
    let pages: Vec<&[Vec<String>]> = lines.chunks(per_page).collect();
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let n = pages.len();
    // 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, 6 ToUnicode, then page/content pairs.
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 7 + 2 * i)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    let to_unicode = if cmap == "Identity-H" {
        " /ToUnicode 6 0 R"
    } else {
        ""
    };
    objects.push(
        format!("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{cmap} /DescendantFonts [4 0 R]{to_unicode} >>")
            .into_bytes(),
    );
    objects.push(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 >>".to_vec());
    objects.push(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>".to_vec());
    let mut cm = String::from("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /G def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
    for chunk in chars.chunks(100) {
        cm += &format!("{} beginbfchar\n", chunk.len());
        for c in chunk {
            let cid = chars.binary_search(c).unwrap() + 1;
            let u: String = c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cm += &format!("<{cid:04x}> <{u}>\n");
        }
        cm += "endbfchar\n";
    }
    cm += "endcmap CMapName currentdict /CMap defineresource pop end end";
    objects.push(stream(cm.as_bytes()));
    for (i, page) in pages.iter().enumerate() {
        let mut content = String::new();
        for (k, fields) in page.iter().enumerate() {
            let y = 560 - 13 * k;
            for (f, text) in fields.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let x = if f == 0 || fields.len() == 15 {
                    40 + if fields.len() == 15 { 45 * f } else { 0 }
                } else {
                    420 + 48 * (f - 1)
                };
                content += &format!("BT /F1 8 Tf {x} {y} Td <{}> Tj ET\n", encode(text));
            }
        }
        content += &format!(
            "BT /F1 8 Tf 400 20 Td <{}> Tj ET\n",
            encode(&format!("-{}-", i + 1))
        );
        objects.push(
            format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>", 8 + 2 * i)
                .into_bytes(),
        );
        objects.push(stream(content.as_bytes()));
    }
    crate::pdfs::pdf_of(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", &objects)
}

fn stream(data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend(data);
    s.extend(b"\nendstream");
    s
}
