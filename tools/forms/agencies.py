"""Random but realistic issuing organs: governments, their offices, departments, streets, zones."""
from __future__ import annotations

import dataclasses
import random

# Real city -> county pairs (so that long names read naturally), with their provinces.
CITIES = {
    "嘉兴市": ("浙江省", "jiaxing", ["南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市"]),
    "湖州市": ("浙江省", "huzhou", ["吴兴区", "南浔区", "德清县", "长兴县", "安吉县"]),
    "温州市": ("浙江省", "wenzhou", ["鹿城区", "龙湾区", "瓯海区", "洞头区", "永嘉县", "平阳县", "苍南县",
                                  "文成县", "泰顺县", "瑞安市", "乐清市"]),
    "台州市": ("浙江省", "taizhou", ["椒江区", "黄岩区", "路桥区", "三门县", "天台县", "仙居县", "温岭市", "临海市"]),
    "泉州市": ("福建省", "quanzhou", ["鲤城区", "丰泽区", "洛江区", "泉港区", "惠安县", "安溪县", "永春县",
                                   "德化县", "石狮市", "晋江市", "南安市"]),
    "南平市": ("福建省", "np", ["延平区", "建阳区", "顺昌县", "浦城县", "光泽县", "松溪县", "政和县", "邵武市",
                             "武夷山市", "建瓯市"]),
    "淮安市": ("江苏省", "huaian", ["清江浦区", "淮安区", "淮阴区", "洪泽区", "涟水县", "盱眙县", "金湖县"]),
    "宿迁市": ("江苏省", "suqian", ["宿城区", "宿豫区", "沭阳县", "泗阳县", "泗洪县"]),
    "信阳市": ("河南省", "xinyang", ["浉河区", "平桥区", "罗山县", "光山县", "新县", "商城县", "固始县", "潢川县",
                                  "淮滨县", "息县"]),
    "成都市": ("四川省", "chengdu", ["锦江区", "青羊区", "金牛区", "武侯区", "成华区", "龙泉驿区", "新都区",
                                  "温江区", "双流区", "郫都区", "金堂县", "大邑县", "蒲江县", "都江堰市",
                                  "彭州市", "邛崃市", "崇州市", "简阳市"]),
    "襄阳市": ("湖北省", "xiangyang", ["襄城区", "樊城区", "襄州区", "南漳县", "谷城县", "保康县", "老河口市",
                                    "枣阳市", "宜城市"]),
    "赣州市": ("江西省", "ganzhou", ["章贡区", "南康区", "赣县区", "信丰县", "大余县", "上犹县", "崇义县",
                                  "安远县", "定南县", "全南县", "宁都县", "于都县", "兴国县", "瑞金市", "龙南市"]),
    "潍坊市": ("山东省", "weifang", ["潍城区", "寒亭区", "坊子区", "奎文区", "临朐县", "昌乐县", "青州市",
                                  "诸城市", "寿光市", "安丘市", "高密市", "昌邑市"]),
    "遵义市": ("贵州省", "zunyi", ["红花岗区", "汇川区", "播州区", "桐梓县", "绥阳县", "正安县",
                                "道真仡佬族苗族自治县", "务川仡佬族苗族自治县", "凤冈县", "湄潭县", "余庆县",
                                "习水县", "赤水市", "仁怀市"]),
    "红河哈尼族彝族自治州": ("云南省", "hh", ["个旧市", "开远市", "蒙自市", "弥勒市", "屏边苗族自治县", "建水县",
                                         "石屏县", "泸西县", "元阳县", "红河县", "金平苗族瑶族傣族自治县",
                                         "绿春县", "河口瑶族自治县"]),
}

# Departments: (name, scale bias, licensing heavy, enforcement heavy)
DEPARTMENTS = [
    ("发展和改革局", "small", False, False), ("教育局", "small", False, False),
    ("科学技术局", "small", False, False), ("经济和信息化局", "small", False, False),
    ("公安局", "medium", True, True), ("民政局", "small", False, False), ("司法局", "small", False, False),
    ("财政局", "small", False, False), ("人力资源和社会保障局", "medium", True, True),
    ("自然资源和规划局", "large", True, True), ("生态环境局", "medium", True, True),
    ("住房和城乡建设局", "large", True, True), ("交通运输局", "medium", True, True),
    ("水利局", "small", True, True), ("农业农村局", "small", True, True), ("商务局", "small", False, False),
    ("文化广电旅游局", "small", True, True), ("卫生健康局", "medium", True, True),
    ("退役军人事务局", "small", False, False), ("应急管理局", "small", True, True), ("审计局", "small", False, False),
    ("市场监督管理局", "medium", True, True), ("统计局", "tiny", False, True), ("医疗保障局", "small", False, True),
    ("林业局", "small", True, True), ("综合行政执法局", "medium", False, True), ("行政审批局", "medium", True, False),
    ("数据资源管理局", "tiny", False, False), ("信访局", "small", False, False), ("民族宗教事务局", "tiny", False, False),
    ("发展和改革委员会", "small", True, False), ("卫生健康委员会", "medium", True, True),
    ("住房和城乡建设委员会", "large", True, True), ("民族宗教事务委员会", "tiny", False, False),
    ("城市管理委员会", "medium", False, True), ("国有资产监督管理委员会", "tiny", False, False),
]

STREETS = ["城关镇", "城东街道", "城西街道", "城南街道", "城北街道", "新华街道", "人民路街道", "东湖街道",
           "长安镇", "石门镇", "梅林镇", "青山镇", "龙泉镇", "白沙镇", "高桥镇", "太平镇", "和平乡", "双桥乡",
           "新塘街道", "解放路街道", "南门街道", "北苑街道", "文昌街道", "凤凰街道"]

ZONES = ["经济技术开发区", "高新技术产业开发区", "综合保税区", "现代农业产业园区", "临港经济开发区"]


@dataclasses.dataclass
class Agency:
    name: str
    level: str          # province | city | county | town
    kind: str           # gov | office | dept | street | zone
    scale: str          # tiny | small | medium | large
    region: str         # the place whose site publishes it (中国嘉兴 ...)
    site: str           # https://www.jiaxing.gov.cn
    short: str          # how the text calls itself: 我局 / 本机关 / 区政府办 ...
    licensing_heavy: bool = False
    enforcement_heavy: bool = False


def _shift(scale: str, d: int) -> str:
    order = ["tiny", "small", "medium", "large"]
    return order[max(0, min(3, order.index(scale) + d))]


def random_agency(rng: random.Random) -> Agency:
    city = rng.choice(list(CITIES))
    prov, pinyin, counties = CITIES[city]
    county = rng.choice(counties)
    csite = f"https://www.{pinyin}.gov.cn"
    shape = rng.choices(
        ["city_gov", "city_office", "county_gov", "county_office", "city_dept", "county_dept",
         "long_dept", "street", "town", "zone", "branch"],
        [0.05, 0.07, 0.12, 0.12, 0.16, 0.18, 0.08, 0.07, 0.05, 0.05, 0.05])[0]
    dept, dscale, lic, enf = rng.choice(DEPARTMENTS)
    if shape == "city_gov":
        return Agency(f"{city}人民政府", "city", "gov", "large", city, csite, "市政府", True, True)
    if shape == "city_office":
        return Agency(f"{city}人民政府办公室", "city", "office", "medium", city, csite, "市政府办公室")
    county_site = csite.replace("www.", "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(rng.randint(2, 3))) + ".")
    lvl_word = county[-1]          # 区 / 县 / 市
    if shape == "county_gov":
        name = rng.choice([f"{county}人民政府", f"{city}{county}人民政府"])
        return Agency(name, "county", "gov", rng.choice(["medium", "large"]), county, county_site,
                      f"{lvl_word}政府", True, True)
    if shape == "county_office":
        name = rng.choice([f"{county}人民政府办公室", f"{city}{county}人民政府办公室"])
        return Agency(name, "county", "office", rng.choice(["small", "medium"]), county, county_site,
                      f"{lvl_word}政府办公室")
    short = "我委" if dept.endswith("委员会") else "我局"
    if shape == "city_dept":
        return Agency(f"{city}{dept}", "city", "dept", _shift(dscale, 1), city, csite, short, lic, enf)
    if shape == "county_dept":
        return Agency(f"{county}{dept}", "county", "dept", dscale, county, county_site, short, lic, enf)
    if shape == "long_dept":
        return Agency(f"{prov}{city}{county}{dept}", "county", "dept", dscale, county, county_site, short, lic, enf)
    if shape == "street":
        st = rng.choice([s for s in STREETS if s.endswith("街道")])
        return Agency(f"{county}{st}办事处", "town", "street", "tiny", county, county_site, "本街道")
    if shape == "town":
        st = rng.choice([s for s in STREETS if not s.endswith("街道")])
        return Agency(f"{county}{st}人民政府", "town", "gov", "tiny", county, county_site, "我" + st[-1])
    if shape == "zone":
        z = rng.choice(ZONES)
        return Agency(f"{city.replace('市', '')}{z}管理委员会", "city", "zone", "small", city, csite, "管委会",
                      rng.random() < 0.5, False)
    branch = rng.choice(["公安局", "自然资源和规划局", "生态环境局"])
    place = county[:-1] if 2 < len(county) <= 4 else county
    return Agency(f"{city}{branch}{place}分局", "county",
                  "dept", "small", county, county_site, "我分局", True, True)
