//! Cell values exactly as printed: integers, decimals (万元 amounts), negative 2019 deltas, and
//! the markers that stand for "no number" (blank, `/`, `—`, `-`, `无`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An exact decimal number: `mantissa × 10^-scale`. Amounts such as `7730.28` 万元 are kept to
/// the digit, never rounded through binary floating point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Number {
    mantissa: i128,
    scale: u8,
}

/// Scales beyond this are not amounts anyone prints; they are rejected as not a number.
const MAX_SCALE: u8 = 12;

impl Number {
    /// The value when it is a whole number.
    pub fn as_int(self) -> Option<i64> {
        if self.scale == 0 {
            i64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }

    /// How many digits were printed after the decimal point (`7730.2800` has 4).
    pub fn decimals(self) -> u8 {
        self.scale
    }

    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// `self − other`, exact to the more precise of the two (`7730.28 − 7000.5` is `729.78`):
    /// the change of a cell from one year to the next. `None` past what the digits hold.
    pub fn minus(self, other: Number) -> Option<Number> {
        let scale = self.scale.max(other.scale);
        let widen = |n: Number| {
            n.mantissa
                .checked_mul(10i128.checked_pow((scale - n.scale) as u32)?)
        };
        Some(Number {
            mantissa: widen(self)?.checked_sub(widen(other)?)?,
            scale,
        })
    }

    pub fn to_f64(self) -> f64 {
        // Parsing the decimal text gives the closest f64, unlike dividing by a power of ten.
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// Parses plain decimal notation: an optional sign, digits, optionally `.` and digits.
    pub fn parse(s: &str) -> Option<Number> {
        let (negative, digits) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (digits.contains('.') && frac.is_empty())
            || frac.len() > MAX_SCALE as usize
            || int.len() > 24
        {
            return None;
        }
        let mut mantissa: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa.checked_mul(10)?.checked_add((b - b'0') as i128)?;
        }
        Some(Number {
            mantissa: if negative { -mantissa } else { mantissa },
            scale: frac.len() as u8,
        })
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let abs = self.mantissa.unsigned_abs();
        let div = 10u128.pow(self.scale as u32);
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / div,
            abs % div,
            width = self.scale as usize
        )
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_int() {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(self.to_f64()),
        }
    }
}

/// What stands in a cell that holds no number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blank {
    /// Nothing printed.
    Empty,
    /// `/`
    Slash,
    /// `—`, `-`, `－`, `——`
    Dash,
    /// `无`
    None,
}

impl Blank {
    pub fn as_str(self) -> &'static str {
        match self {
            Blank::Empty => "",
            Blank::Slash => "/",
            Blank::Dash => "—",
            Blank::None => "无",
        }
    }
}

/// A cell's value as printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    Number(Number),
    Blank(Blank),
}

/// A value as the template prints it: the number, or the blank marker as printed.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(n) => n.fmt(f),
            Value::Blank(b) => f.write_str(b.as_str()),
        }
    }
}

impl Value {
    pub fn number(self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(n),
            Value::Blank(_) => None,
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Number(n) => n.serialize(s),
            Value::Blank(_) => s.serialize_none(),
        }
    }
}

/// A JSON number or `null` (read as [`Blank::Empty`]).
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        // Rust prints a float as the shortest decimal that reads back to it, never with an
        // exponent: the digits a person would have printed.
        let n = match Option::<f64>::deserialize(d)? {
            None => return Ok(Value::Blank(Blank::Empty)),
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                Number::parse(&format!("{}", f as i64))
            }
            Some(f) => Number::parse(&format!("{f}")),
        };
        n.map(Value::Number)
            .ok_or_else(|| serde::de::Error::custom("a number gongkai cannot hold"))
    }
}

/// A unit written inside a cell (`251000元`), which may differ from the column's unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    WanYuan,
    #[serde(rename = "件")]
    Jian,
    #[serde(rename = "个")]
    Ge,
    #[serde(rename = "项")]
    Xiang,
    #[serde(rename = "笔")]
    Bi,
}

impl Unit {
    const ALL: [(Unit, &'static str); 6] = [
        (Unit::WanYuan, "万元"),
        (Unit::Yuan, "元"),
        (Unit::Jian, "件"),
        (Unit::Ge, "个"),
        (Unit::Xiang, "项"),
        (Unit::Bi, "笔"),
    ];
}

/// A printed token read as a cell value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Printed {
    pub value: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
}

/// Reads a token as a cell value, or `None` when it is not one (a label, a word).
///
/// Accepts full-width digits, thousands separators (`3,119`), a trailing unit (`251000元`) and
/// the blank markers. An empty token is [`Blank::Empty`].
pub fn parse_printed(token: &str) -> Option<Printed> {
    // Most tokens of a report are plain digits or labels: the first are read at once; one
    // that starts with an ideograph is no number whatever follows, and folding it first would
    // cost more than reading the rest.
    if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
        return Number::parse(token).map(|n| Printed {
            value: Value::Number(n),
            unit: None,
        });
    }
    let first = token.trim_start().chars().next();
    if first.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && c != '无') {
        return None;
    }
    let mut folded = String::with_capacity(token.len());
    if crate::normalize::is_nfkc_stable(token) {
        fold(token.chars(), &mut folded);
    } else {
        use unicode_normalization::UnicodeNormalization;
        fold(token.nfkc(), &mut folded);
    }
    let blank = |b| {
        Some(Printed {
            value: Value::Blank(b),
            unit: None,
        })
    };
    match folded.as_str() {
        "" => return blank(Blank::Empty),
        "/" | "\\" => return blank(Blank::Slash),
        "无" => return blank(Blank::None),
        s if s.chars().all(|c| c == '-') && s.len() <= 4 => return blank(Blank::Dash),
        _ => {}
    }
    let (body, unit) = match Unit::ALL.iter().find(|(_, w)| folded.ends_with(w)) {
        Some((u, w)) => (&folded[..folded.len() - w.len()], Some(*u)),
        None => (folded.as_str(), None),
    };
    let plain: String = if has_thousands_separators(body) {
        body.chars().filter(|&c| c != ',').collect()
    } else {
        body.to_string()
    };
    let n = Number::parse(&plain)?;
    Some(Printed {
        value: Value::Number(n),
        unit,
    })
}

/// A token as numbers are read: no whitespace, and the dashes and slashes of CJK fonts as
/// ASCII ones.
fn fold(chars: impl Iterator<Item = char>, out: &mut String) {
    out.extend(chars.filter(|c| !c.is_whitespace()).map(|c| match c {
        '－' | '—' | '–' | '―' | '−' => '-',
        '／' => '/',
        c => c,
    }));
}

/// `3,119` and `1,234,567.5` but not `3,11` or `,3`.
fn has_thousands_separators(s: &str) -> bool {
    let int = s.split('.').next().unwrap_or("");
    let int = int.trim_start_matches(['-', '+']);
    let groups: Vec<&str> = int.split(',').collect();
    groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_exact_to_the_digit() {
        let n = |s| Number::parse(s).unwrap();
        assert_eq!(
            n("7730.28").minus(n("7000.5")).unwrap().to_string(),
            "729.78"
        );
        assert_eq!(n("3").minus(n("10")).unwrap().to_string(), "-7");
        assert_eq!(n("0.1").minus(n("0.1")).unwrap().to_string(), "0.0");
    }

    fn num(s: &str) -> Number {
        match parse_printed(s).unwrap().value {
            Value::Number(n) => n,
            Value::Blank(b) => panic!("{s} read as {b:?}"),
        }
    }

    #[test]
    fn integers_decimals_and_signs() {
        assert_eq!(num("45").as_int(), Some(45));
        assert_eq!(num("０").as_int(), Some(0));
        assert_eq!(num("-18").as_int(), Some(-18));
        assert_eq!(num("－15").as_int(), Some(-15));
        assert_eq!(num("924.06").to_string(), "924.06");
        assert_eq!(num("7730.28").to_f64(), 7730.28);
        assert_eq!(num("0.000123").to_string(), "0.000123");
        assert_eq!(num("3,119").as_int(), Some(3119));
        assert_eq!(num("1,234,567.5").to_string(), "1234567.5");
    }

    #[test]
    fn units_in_cells() {
        let p = parse_printed("251000元").unwrap();
        assert_eq!(p.unit, Some(Unit::Yuan));
        assert_eq!(p.value.number().unwrap().as_int(), Some(251000));
        let p = parse_printed("75394432.52 元").unwrap();
        assert_eq!(p.unit, Some(Unit::Yuan));
        assert_eq!(parse_printed("1.5万元").unwrap().unit, Some(Unit::WanYuan));
    }

    #[test]
    fn blank_markers() {
        for (s, b) in [
            ("", Blank::Empty),
            ("  ", Blank::Empty),
            ("/", Blank::Slash),
            ("／", Blank::Slash),
            ("—", Blank::Dash),
            ("——", Blank::Dash),
            ("-", Blank::Dash),
            ("无", Blank::None),
        ] {
            assert_eq!(parse_printed(s).unwrap().value, Value::Blank(b), "{s:?}");
        }
    }

    #[test]
    fn not_values() {
        for s in [
            "规章",
            "1.属于国家秘密",
            "-3-",
            "3,11",
            "1.",
            ".5",
            "2022年",
            "1e5",
            "99999999999999999999999999999",
        ] {
            assert!(parse_printed(s).is_none(), "{s:?}");
        }
    }
}
