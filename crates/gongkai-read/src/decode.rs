//! Turning bytes into text: BOM first (UTF-8, UTF-16LE/BE), then strict UTF-8, then a detector
//! for the legacy Chinese encodings (GBK and GB18030 are decoded as GB18030, their superset).

use encoding_rs::{Encoding, GB18030, UTF_8};

/// Text decoded from a file, with the name of the encoding it was in.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// The input is empty or only whitespace.
    Empty,
    /// NUL bytes or many control characters: not a text file.
    Binary,
}

/// Bytes the encoding detector is given at most.
const DETECT_SAMPLE: usize = 1 << 20;

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (text, encoding) = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        (text.into_owned(), enc.name())
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_string(), UTF_8.name())
    } else {
        // The detector settles on an encoding within the first pages of a text; fed a whole
        // 40 MB file it took seconds. A prefix is enough (cut where a line ends, so that no
        // character is cut in two).
        let sample = if bytes.len() > DETECT_SAMPLE {
            let cut =
                memchr::memrchr(b'\n', &bytes[..DETECT_SAMPLE]).map_or(DETECT_SAMPLE, |i| i + 1);
            &bytes[..cut]
        } else {
            bytes
        };
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(sample, sample.len() == bytes.len());
        let guess = detector.guess(Some(b"cn"), true);
        // GBK text is GB18030 text; decoding as the superset also reads the rarer characters.
        let enc = if guess == encoding_rs::GBK {
            GB18030
        } else {
            guess
        };
        let (text, _, _) = enc.decode(bytes);
        (text.into_owned(), enc.name())
    };
    if looks_binary(&text) {
        return Err(DecodeError::Binary);
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding })
}

/// Text files hold no NUL and few control characters; undecodable bytes show up as U+FFFD.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in text.chars().take(1 << 16) {
        total += 1;
        match c {
            '\0' => return true,
            '\t' | '\n' | '\r' | '\u{c}' => {}
            c if c.is_control() || c == '\u{fffd}' => odd += 1,
            _ => {}
        }
    }
    total > 0 && odd * 20 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "海宁市人民政府办公室2022年度政府信息公开工作年度报告\n一、总体情况\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (SAMPLE, "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, SAMPLE);
    }

    #[test]
    fn utf16_with_bom() {
        for (bom, le) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
            let mut bytes = bom.to_vec();
            for u in SAMPLE.encode_utf16() {
                bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, SAMPLE);
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
        }
    }

    #[test]
    fn gbk_is_detected() {
        let long = SAMPLE.repeat(4);
        let (bytes, _, _) = encoding_rs::GBK.encode(&long);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, long);
        assert_eq!(d.encoding, "gb18030");
    }

    #[test]
    fn gb18030_four_byte_characters() {
        let text = format!("{SAMPLE}𠀀㐀\n");
        let (bytes, _, _) = GB18030.encode(&text);
        assert_eq!(decode(&bytes).unwrap().text, text);
    }

    #[test]
    fn binary_and_empty_are_rejected() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
            DecodeError::Binary
        );
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b" \n\t\r\n").unwrap_err(), DecodeError::Empty);
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(decode(&noise).is_err());
    }
}
