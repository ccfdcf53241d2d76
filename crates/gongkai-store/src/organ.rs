//! Organs: one name however it is written (`海宁市人民政府办公室` and `海宁市政府办公室` are one
//! organ), with the place it belongs to, its level, and whether it is a government or one of its
//! departments.

pub use gongkai_core::organ::key;

/// An organ as the store knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organ {
    /// The normalised name that identifies the organ.
    pub key: String,
    /// The name as first seen.
    pub name: String,
    /// The place the name starts with (`海宁市`), when it does.
    pub place: Option<String>,
    /// 省, 市, 县 or 乡镇.
    pub level: Option<&'static str>,
    /// `government` or `department`.
    pub kind: &'static str,
}

/// The words that end a place name, longest first.
const PLACE_ENDS: &[(&str, &str)] = &[
    ("自治区", "省"),
    ("特别行政区", "省"),
    ("自治州", "市"),
    ("自治县", "县"),
    ("自治旗", "县"),
    ("实验区", "县"),
    ("新区", "县"),
    ("街道", "乡镇"),
    ("省", "省"),
    ("市", "市"),
    ("州", "市"),
    ("盟", "市"),
    ("县", "县"),
    ("区", "县"),
    ("旗", "县"),
    ("乡", "乡镇"),
    ("镇", "乡镇"),
];

/// Reads an organ from its name.
pub fn organ(name: &str) -> Organ {
    let key = key(name);
    let chars: Vec<char> = key.chars().collect();
    // The place: the shortest prefix ending in a place word, but at least two characters
    // (`市` alone is not a place).
    let mut place = None;
    'outer: for end in 2..=chars.len().min(12) {
        let prefix: String = chars[..end].iter().collect();
        for (word, level) in PLACE_ENDS {
            if prefix.ends_with(word) && prefix.chars().count() > word.chars().count() {
                place = Some((prefix, *level));
                break 'outer;
            }
        }
    }
    // `苏州` + `市`: the place word that follows belongs to the place.
    if let Some((p, level)) = &mut place {
        let n = p.chars().count();
        if let Some(&next) = chars.get(n) {
            if "省市县区旗盟".contains(next) {
                p.push(next);
                *level = PLACE_ENDS
                    .iter()
                    .find(|(w, _)| w.starts_with(next))
                    .map_or(*level, |(_, l)| l);
            }
        }
    }
    // A place followed by a smaller one (`淮安市洪泽区`) is the smaller one's.
    if let Some((p, _)) = &place {
        let rest: String = key.chars().skip(p.chars().count()).collect();
        let inner = organ_place(&rest);
        if let Some((q, level)) = inner {
            place = Some((format!("{p}{q}"), level));
        }
    }
    let rest = place.as_ref().map_or(key.clone(), |(p, _)| {
        key.chars().skip(p.chars().count()).collect()
    });
    let government = ["政府", "政府办公室", "政府办", "管理委员会", "管委会"]
        .iter()
        .any(|g| rest == *g);
    Organ {
        name: name.trim().to_string(),
        place: place.as_ref().map(|(p, _)| p.clone()),
        level: place.map(|(_, l)| l),
        kind: if government {
            "government"
        } else {
            "department"
        },
        key,
    }
}

fn organ_place(rest: &str) -> Option<(String, &'static str)> {
    let chars: Vec<char> = rest.chars().collect();
    for end in 2..=chars.len().min(8) {
        let prefix: String = chars[..end].iter().collect();
        for (word, level) in PLACE_ENDS {
            if ["区", "县", "旗", "乡", "镇", "街道"].contains(word)
                && prefix.ends_with(word)
                && prefix.chars().count() > word.chars().count()
                && !prefix.contains("政府")
                && !prefix.contains('局')
            {
                return Some((prefix, level));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_levels_and_kinds() {
        let o = organ("海宁市人民政府办公室");
        assert_eq!(o.place.as_deref(), Some("海宁市"));
        assert_eq!((o.level, o.kind), (Some("市"), "government"));
        let o = organ("嘉兴市经济和信息化局");
        assert_eq!((o.place.as_deref(), o.kind), (Some("嘉兴市"), "department"));
        let o = organ("淮安市洪泽区人民政府");
        assert_eq!(
            (o.place.as_deref(), o.level),
            (Some("淮安市洪泽区"), Some("县"))
        );
        let o = organ("平潭综合实验区行政审批局");
        assert_eq!(o.place.as_deref(), Some("平潭综合实验区"));
        let o = organ("苏州市教育局");
        assert_eq!((o.place.as_deref(), o.level), (Some("苏州市"), Some("市")));
        let o = organ("获嘉县人民政府办公室");
        assert_eq!((o.place.as_deref(), o.level), (Some("获嘉县"), Some("县")));
    }
}
