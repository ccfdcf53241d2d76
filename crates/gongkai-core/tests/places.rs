//! The place reader over the whole shipped list: every county-level division with the
//! departments of a county, and a trial of names generated from every prefecture, county and
//! zone, and towns, none of which may come out at a wrong place.

use gongkai_core::place::{divisions, resolve, Division, Kind, Level};
use std::collections::HashMap;

/// Twenty organs every county has, and the kind each is.
const COUNTY_ORGANS: [(&str, Kind); 20] = [
    ("人民政府", Kind::Government),
    ("人民政府办公室", Kind::Office),
    ("住房和城乡建设局", Kind::Department),
    ("市场监督管理局", Kind::Department),
    ("发展和改革局", Kind::Department),
    ("教育局", Kind::Department),
    ("公安局", Kind::Department),
    ("财政局", Kind::Department),
    ("人力资源和社会保障局", Kind::Department),
    ("自然资源和规划局", Kind::Department),
    ("生态环境分局", Kind::Department),
    ("交通运输局", Kind::Department),
    ("农业农村局", Kind::Department),
    ("水利局", Kind::Department),
    ("商务局", Kind::Department),
    ("文化和旅游局", Kind::Department),
    ("卫生健康局", Kind::Department),
    ("应急管理局", Kind::Department),
    ("审计局", Kind::Department),
    ("统计局", Kind::Department),
];

/// What a name should come out as: place, level, code, kind.
type Expected = (String, Option<Level>, Option<&'static str>, Kind);

struct Trial {
    names: usize,
    wrong: Vec<String>,
}

impl Trial {
    fn new() -> Trial {
        Trial {
            names: 0,
            wrong: Vec::new(),
        }
    }

    fn expect(&mut self, name: &str, expected: Expected) {
        self.names += 1;
        let r = resolve(name);
        let got = r
            .place
            .map(|p| (p.name, p.level, p.code, r.kind))
            .unwrap_or_default_place(r.kind);
        if got != expected && self.wrong.len() < 1000 {
            self.wrong
                .push(format!("{name}: {got:?}, not {expected:?}"));
        }
    }

    fn assert_none_wrong(&self, what: &str) {
        println!("{what}: {} names, {} wrong", self.names, self.wrong.len());
        assert!(
            self.wrong.is_empty(),
            "{what}: {} of {} wrong, first:\n{}",
            self.wrong.len(),
            self.names,
            self.wrong[..self.wrong.len().min(30)].join("\n")
        );
    }
}

trait OrNone {
    fn unwrap_or_default_place(self, kind: Kind) -> Expected;
}

impl OrNone for Option<Expected> {
    fn unwrap_or_default_place(self, kind: Kind) -> Expected {
        self.unwrap_or((String::new(), None, None, kind))
    }
}

fn by_code() -> HashMap<&'static str, &'static Division> {
    divisions()
        .iter()
        .filter_map(|d| Some((d.code?, d)))
        .collect()
}

fn shared_names() -> HashMap<&'static str, usize> {
    let mut n = HashMap::new();
    for d in divisions() {
        *n.entry(d.name).or_insert(0) += 1;
    }
    n
}

fn counties() -> impl Iterator<Item = &'static Division> {
    divisions()
        .iter()
        .filter(|d| d.level == Level::County && !d.zone)
}

/// (a) Every county-level division, after its city (or its province, where it lies directly
/// in one: 仙桃市, 北京市朝阳区) and alone, with each of twenty organs.
#[test]
fn every_county_with_twenty_organs() {
    let codes = by_code();
    let shared = shared_names();
    let mut trial = Trial::new();
    let mut alone = Trial::new();
    for county in counties() {
        let parent = codes[county.parent.unwrap()];
        for (organ, kind) in COUNTY_ORGANS {
            let name = format!("{}{}{organ}", parent.name, county.name);
            let place = format!("{}{}", parent.name, county.name);
            trial.expect(&name, (place, Some(Level::County), county.code, kind));
            // Alone: the code only where the name is the county's alone.
            let code = (shared[county.name] == 1).then_some(county.code).flatten();
            let name = format!("{}{organ}", county.name);
            alone.expect(
                &name,
                (county.name.to_string(), Some(Level::County), code, kind),
            );
        }
    }
    assert!(trial.names >= 2800 * 20);
    trial.assert_none_wrong("counties after their city");
    alone.assert_none_wrong("counties alone");
}

/// The towns of the trial.
const TOWNS: &[&str] = &[
    "城关镇",
    "新城街道",
    "东城街道",
    "城南街道",
    "白沙镇",
    "长安镇",
    "石门乡",
    "黄桥镇",
    "永丰乡",
    "新华街道",
    "许村镇",
    "高良涧街道",
    "南湖街道",
    "古城乡",
    "桃源镇",
];

/// (c) A trial of generated names: every province and prefecture with several organs, the
/// full chain province + prefecture + county, every zone the list names, and towns under
/// every county.
#[test]
fn a_trial_of_generated_names_finds_no_wrong_place() {
    let codes = by_code();
    let mut trial = Trial::new();
    for d in divisions().iter().filter(|d| d.level != Level::County) {
        for (organ, kind) in [
            ("人民政府", Kind::Government),
            ("人民政府办公室", Kind::Office),
            ("教育局", Kind::Department),
            ("市场监督管理局", Kind::Department),
            ("住房和城乡建设局", Kind::Department),
            ("城市管理局", Kind::Department),
            ("乡村振兴局", Kind::Department),
        ] {
            let name = format!("{}{organ}", d.name);
            trial.expect(&name, (d.name.to_string(), Some(d.level), d.code, kind));
        }
        if d.level == Level::Prefecture {
            // After its province.
            let province = codes[d.parent.unwrap()];
            let name = format!("{}{}财政局", province.name, d.name);
            let place = format!("{}{}", province.name, d.name);
            trial.expect(&name, (place, Some(d.level), d.code, Kind::Department));
        }
    }
    for (i, county) in counties().enumerate() {
        let parent = codes[county.parent.unwrap()];
        // The full chain, where the county lies in a prefecture.
        if parent.level == Level::Prefecture {
            let province = codes[parent.parent.unwrap()];
            let place = format!("{}{}{}", province.name, parent.name, county.name);
            trial.expect(
                &format!("{place}卫生健康局"),
                (place, Some(Level::County), county.code, Kind::Department),
            );
        }
        // Its province and the county, without the prefecture.
        if parent.level == Level::Prefecture {
            let province = codes[parent.parent.unwrap()];
            let place = format!("{}{}", province.name, county.name);
            // Two counties of one name in a province (江苏省鼓楼区) keep no code.
            let in_province = counties()
                .filter(|c| c.name == county.name)
                .filter(|c| codes[c.parent.unwrap()].parent == parent.parent)
                .count();
            let code = (in_province == 1).then_some(county.code).flatten();
            trial.expect(
                &format!("{place}人民政府"),
                (place, Some(Level::County), code, Kind::Government),
            );
        }
        // A town under it.
        let town = TOWNS[i % TOWNS.len()];
        let place = format!("{}{}{town}", parent.name, county.name);
        let own = if town.ends_with("街道") {
            "办事处"
        } else {
            "人民政府"
        };
        trial.expect(
            &format!("{place}{own}"),
            (place.clone(), Some(Level::Town), None, Kind::Town),
        );
        trial.expect(
            &format!("{place}财政所"),
            (place, Some(Level::Town), None, Kind::Department),
        );
        // Alone and a town.
        let place = format!("{}{town}", county.name);
        trial.expect(
            &format!("{place}{own}"),
            (place, Some(Level::Town), None, Kind::Town),
        );
    }
    // Zones the list names, after nothing, with their own administration and a department.
    for zone in divisions().iter().filter(|d| d.zone) {
        for (organ, kind) in [
            ("管理委员会", Kind::Zone),
            ("管委会", Kind::Zone),
            ("财政局", Kind::Department),
        ] {
            trial.expect(
                &format!("{}{organ}", zone.name),
                (zone.name.to_string(), Some(Level::County), zone.code, kind),
            );
        }
    }
    // The towns of prefectures without counties (东莞市虎门镇).
    for city in ["东莞市", "中山市", "儋州市", "嘉峪关市"] {
        for town in TOWNS {
            let place = format!("{city}{town}");
            trial.expect(
                &format!("{place}人民政府"),
                (place, Some(Level::Town), None, Kind::Town),
            );
        }
    }
    assert!(trial.names >= 3000, "{}", trial.names);
    trial.assert_none_wrong("the trial");
}

/// The issue's cases, through the public API.
#[test]
fn the_issues_names() {
    let at = |name: &str| {
        let r = resolve(name);
        let p = r.place.expect(name);
        (p.name, p.level, p.code, r.kind)
    };
    assert_eq!(
        at("东白县住房和城乡建设局"),
        ("东白县".into(), Some(Level::County), None, Kind::Department)
    );
    assert_eq!(
        at("东白县市场监督管理局"),
        ("东白县".into(), Some(Level::County), None, Kind::Department)
    );
    assert_eq!(at("海宁市").1, Some(Level::County));
    assert_eq!(
        at("平潭综合实验区"),
        (
            "平潭综合实验区".into(),
            Some(Level::County),
            None,
            Kind::Zone
        )
    );
    assert_eq!(
        at("北京市朝阳区人民政府"),
        (
            "北京市朝阳区".into(),
            Some(Level::County),
            Some("110105"),
            Kind::Government
        )
    );
    assert_eq!(at("广州市天河区").1, Some(Level::County));
    assert_eq!(
        at("东莞市"),
        (
            "东莞市".into(),
            Some(Level::Prefecture),
            Some("441900"),
            Kind::Government
        )
    );
}
