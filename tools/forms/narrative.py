"""Titles and the narrative of the six sections, in the voice of real reports.

The counts the text mentions (requests received, outcomes, review and litigation cases, fees) are
taken from the report's tables, as a careful organ would write them, so that gongkai's N rules stay
quiet on consistent reports.
"""
from __future__ import annotations

import random

SECTION_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
HEADING5_VARIANTS = ["五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况", "五、存在问题及改进情况",
                     "五、政府信息公开工作存在的主要问题及改进情况"]

TOPICS = ["优化营商环境", "乡村振兴", "财政预决算", "重大建设项目", "公共资源配置", "社会救助", "义务教育",
          "医疗卫生", "生态环境保护", "安全生产", "民生实事", "减税降费", "就业创业", "城市更新", "农村人居环境整治"]
YEAR_TOPICS = {2019: ["机构改革", "“放管服”改革"], 2020: ["疫情防控", "复工复产"], 2021: ["疫情防控", "“十四五”规划"],
               2022: ["稳经济一揽子政策", "疫情防控"], 2023: ["经济恢复", "民营经济发展"],
               2024: ["高效办成一件事", "设备更新和消费品以旧换新"], 2025: ["“十五五”规划编制", "提振消费"]}


def title(rng: random.Random, rep) -> str:
    a, y = rep.agency.name, rep.year
    return rng.choices([f"{a}{y}年政府信息公开工作年度报告", f"{a}{y}年度政府信息公开工作年度报告",
                        f"{y}年{a}政府信息公开工作年度报告"], [0.8, 0.12, 0.08])[0]


def _n(rng: random.Random, lo: int, hi: int) -> int:
    return int(round(lo * (hi / lo) ** rng.random()))


def _pick(rng: random.Random, pool: list[str], k: int) -> list[str]:
    return rng.sample(pool, min(k, len(pool)))


def sections(rng: random.Random, rep) -> list:
    """[(heading, [("h2"|"p", text), ...]), ...] for the six sections, plus a preamble (heading "")."""
    ag, y, c = rep.agency, rep.year, rep.cells
    g = lambda k: c.get(k) or 0
    me = ag.short
    site = f"{ag.region}人民政府门户网站"
    topics = _pick(rng, TOPICS + YEAR_TOPICS[y], 3)
    inline = rng.random() < 0.5      # （一）主动公开情况。 at the start of a paragraph, or a line of its own

    def sub(head: str, paras: list[str]) -> list:
        if inline:
            return [("p", head + "。" + paras[0])] + [("p", p) for p in paras[1:]]
        return [("h2", head)] + [("p", p) for p in paras]

    pre = [("p", f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
                 f"关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔{'2021〕30' if rep.template == '2021' else '2019〕60'}号）"
                 f"要求，由{ag.name}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
                 f"政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自"
                 f"{y}年1月1日起至{y}年12月31日止。本报告电子版可在“{site}”（{ag.site}）查阅或下载。如对本报告有疑问，"
                 f"请与{ag.name}联系（地址：{ag.region}{rng.choice(['人民路', '府前街', '行政中心', '中山路', '解放大道'])}"
                 f"{rng.randint(1, 399)}号；邮编：{rng.randint(100000, 860000)}；电话：0{rng.randint(510, 899)}-"
                 f"{rng.randint(2000000, 8999999)}）。")] if rng.random() < 0.6 else []

    # 一、总体情况
    published = _n(rng, 40, 3000)
    share = lambda lo, hi: max(1, int(published * rng.uniform(lo, hi)))
    active = [
        f"{y}年，{me}坚持以公开为常态、不公开为例外，通过{site}、政务新媒体等渠道主动公开政府信息{published}条，"
        f"其中政策文件{share(0.03, 0.15)}条、工作动态{share(0.3, 0.6)}条、人事信息{share(0.01, 0.06)}条。",
        f"围绕{topics[0]}、{topics[1]}等重点领域，及时发布相关政策文件和解读材料，发布政策解读{_n(rng, 2, 80)}篇，"
        f"其中图片、视频等多元化解读{_n(rng, 1, 30)}篇，政策解读率达到100%。",
        f"全年召开新闻发布会{_n(rng, 1, 40)}场，开展在线访谈{_n(rng, 1, 12)}期，回应社会关切{_n(rng, 3, 200)}次。",
    ]
    if c.get("t2.normative.in_force") is not None and c.get("t2.normative.issued") is not None:
        active.append(f"持续做好行政规范性文件公开，本年制发行政规范性文件{g('t2.normative.issued')}件，现行有效"
                      f"{g('t2.normative.in_force')}件，均已在规范性文件专栏集中公开。")
    elif rep.template == "2019":
        active.append(f"持续做好规范性文件公开，本年新制作规范性文件{g('t2.normative.made')}件，均在规定时限内公开。")
    n_new, n_co = g("t3.new.total"), g("t3.carried_over.total")
    asked = [f"{y}年，{me}共收到政府信息公开申请{n_new}件" + (f"，上年结转{n_co}件" if n_co else "") + "。"]
    if n_new:
        org = n_new - g("t3.new.natural")
        asked[0] += f"其中自然人申请{g('t3.new.natural')}件" + (f"，法人或其他组织申请{org}件" if org else "") + "。"
        withheld = sum(v or 0 for k, v in c.items() if k.startswith("t3.withheld.") and k.endswith(".total"))
        unav = sum(v or 0 for k, v in c.items() if k.startswith("t3.unavailable.") and k.endswith(".total"))
        npro = sum(v or 0 for k, v in c.items() if k.startswith("t3.not_processed.") and k.endswith(".total"))
        asked.append(f"从办理结果看，予以公开{g('t3.granted.total')}件，部分公开{g('t3.partial.total')}件，"
                     f"不予公开{withheld}件，无法提供{unav}件，不予处理{npro}件。"
                     + (f"结转下年度继续办理{g('t3.carried_forward.total')}件。" if g("t3.carried_forward.total")
                        else "所有申请均在法定期限内答复完毕。"))
    review = g("t4.review.total")
    suits = g("t4.litigation_direct.total") + g("t4.litigation_after_review.total")
    if review or suits:
        asked.append(f"全年发生政府信息公开行政复议{review}件、行政诉讼{suits}件，详见本报告第四部分。")
    else:
        asked.append("全年未发生因政府信息公开引起的行政复议、行政诉讼案件。")
    manage = _pick(rng, [
        "严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，全年未发生泄密事件。",
        "按照“谁制作、谁公开，谁发布、谁负责”的原则，落实信息发布“三审三校”制度，确保发布信息准确规范。",
        f"开展行政规范性文件清理工作，对{_n(rng, 10, 300)}件文件进行评估，及时公布清理结果。",
        "动态更新政府信息公开指南和公开目录，规范依申请公开受理、登记、办理、答复等环节。",
        "加强政务舆情监测和研判，对涉及本单位的舆情做到早发现、早研判、早处置。",
    ], rng.randint(2, 4))
    platform = _pick(rng, [
        f"持续优化政府信息公开专栏，全年调整、新增栏目{_n(rng, 1, 15)}个，实现政府信息集中统一发布。",
        f"加强政务新媒体管理，全年通过政务微信公众号发布信息{_n(rng, 30, 1500)}条，关停整合僵尸账号{_n(rng, 1, 8)}个。",
        "完成门户网站适老化和无障碍改造，提升网站的易用性和可及性。",
        f"在政务服务中心、档案馆设立政府信息公开查阅点{_n(rng, 1, 6)}个，方便群众现场查阅。",
        f"按期编发政府公报{_n(rng, 4, 24)}期，免费赠阅至各级公共服务场所。",
    ], rng.randint(2, 3))
    guard = _pick(rng, [
        "调整充实政务公开工作领导小组，明确分管领导和专职工作人员，形成主要领导亲自抓、分管领导具体抓的工作格局。",
        f"组织开展政务公开业务培训{_n(rng, 1, 10)}次，培训人员{_n(rng, 20, 600)}人次。",
        "将政务公开工作纳入年度绩效考核，定期通报检查情况，督促整改问题。",
        "通过网站意见征集、社会评议等方式广泛听取公众意见，全年未发生政务公开责任追究情况。",
    ], rng.randint(2, 3))
    sec1 = (sub("（一）主动公开", active) + sub("（二）依申请公开", asked) + sub("（三）政府信息管理", manage)
            + sub("（四）平台建设", platform) + sub("（五）监督保障", guard))

    problems = _pick(rng, [
        "政务公开工作人员多为兼职，专业能力有待提升", "政策解读形式较为单一，图文、视频解读比例不高",
        "部分栏目信息更新不够及时", "依申请公开答复的规范性有待加强", "基层政务公开标准化规范化建设仍需深化",
        "主动公开的深度和广度还需进一步拓展",
    ], 3)
    fixes = _pick(rng, [
        "加强业务培训，提升工作人员的政策水平和业务能力", "丰富政策解读形式，提高解读的针对性和可读性",
        "建立栏目内容定期检查机制，确保信息更新及时", "严格落实依申请公开办理流程，规范答复文书",
        "持续推进基层政务公开标准化规范化建设", "围绕群众关切加大重点领域信息公开力度",
    ], 3)
    heading5 = rng.choice(HEADING5_VARIANTS)
    sec5 = [("p", f"{y}年，{me}政府信息公开工作取得了一定成效，但仍存在一些不足：一是{problems[0]}；二是{problems[1]}；"
                  f"三是{problems[2]}。"),
            ("p", f"{y + 1}年，{me}将采取以下措施加以改进：一是{fixes[0]}；二是{fixes[1]}；三是{fixes[2]}。")]
    fee_notice = g("t3.other.overdue_fee")
    if rng.random() < 0.8:
        fee = f"根据《政府信息公开信息处理费管理办法》，{y}年{me}未收取信息处理费。"
    else:
        fee = f"{y}年{me}共发出收费通知{max(1, fee_notice)}件，收取信息处理费{rng.choice([100, 200, 300, 650])}元。"
    sec6 = [("p", fee)]
    if rng.random() < 0.5:
        sec6.append(("p", f"{y}年，{me}共承办人大代表建议{_n(rng, 1, 80)}件、政协委员提案{_n(rng, 1, 90)}件，"
                          "均已按期办结，办理结果已按规定公开。"))
    if rng.random() < 0.5:
        sec6.append(("p", f"认真落实{y}年政务公开工作要点，围绕{topics[2]}等领域推进决策、执行、管理、服务、结果公开，"
                          "各项任务均已完成。"))
    heads = list(SECTION_HEADINGS)
    heads[4] = heading5
    out = [("", pre)] if pre else []
    out += [(heads[0], sec1), (heads[1], []), (heads[2], []), (heads[3], []), (heads[4], sec5), (heads[5], sec6)]
    return out
