//! Minimal PDFs for the readers' tests: objects, a cross-reference table, a trailer.

/// A PDF of these objects (numbered from 1, the first the catalog), after `header`, with its
/// cross-reference table and trailer.
pub fn pdf_of<O: AsRef<[u8]>>(header: &[u8], objects: &[O]) -> Vec<u8> {
    let mut out = header.to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o.as_ref());
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A Flate-compressed stream object holding `packed` (already deflated).
#[allow(dead_code)]
pub fn flate_stream(packed: &[u8]) -> Vec<u8> {
    [
        format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            packed.len()
        )
        .as_bytes(),
        packed,
        b"\nendstream",
    ]
    .concat()
}
