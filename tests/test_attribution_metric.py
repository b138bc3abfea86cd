"""Metric, table-driven: the canonical measure each figure states (see tests/attribution_cases.py).

Every row states the whole attribution of one figure; the rows here are chosen for
the metric: labels before and after the number, a label that contradicts its unit,
per-unit amounts (保费标准, 保费补助标准, 个人缴费标准) and sums insured (保险金额)
that are never totals, and money put in (投入经费), paid out (救助金额) or raised
(募集资金). Expected names are those of metrics.tsv and of the dev2 gold's settled
vocabulary (shared/eval/gold-dev2/CHANGES.md).
"""
from __future__ import annotations

import dataclasses

import pytest
import regex
from attribution_cases import check, newsletter, row, webpage

from tongxun_stats.attribute import metric
from tongxun_stats.attribute.metric import Labels, Where, resolve_metric
from tongxun_stats.patterns import load_patterns
from tongxun_stats.structure import clause_end, clause_start

# 000_bc105862800a2212.txt, line 51 (speech of the autonomous region's association)
GX_TOTALS = newsletter(
    "据统计，截至8月31日，全区计生家庭系列保险共承保有308.2万份，承保金额达1.32亿元，覆盖面接近我区600多万计生家庭的50%。"
    "获得理赔受益人数有10.86万余人，理赔金额达1.1亿元，综合理赔率达83.3%。其中，计生家庭爱心保险承保户数达19.9万余户，"
    "保障人数达61.2万余人，发生理赔1530人次，理赔金额共660万元；计生家庭关爱保险共承保286万余份，"
    "占年预期目标任务数（240万份）的119%。其中贵港市较去年增加了6.8万余份，位于今年全区增幅第一。")
# 000, line 149
GX_CITIES = newsletter(
    "柳州今年市级计生协会下拨 44 万用于计生特殊家庭购买关爱保险，完成率 117.82%，理赔案件 5857 件，"
    "理赔金额约 987.84 万元。梧州为计生特殊家庭购买综合保险 1363 份，保费金额 54.52 万元，理赔案件 556 件，"
    "理赔金额 127.61 万元，赔付率 234.06%。钦州市关爱保险共有 446427 人投保，保费金额 15624945 万元。")
# 000, line 171, signed （南宁市计生协）
GX_NANNING = newsletter(
    "**二、认真实施计生家庭系列保险项目。**截止7月底全市共办理计生家庭关爱保险40.1万份，保费合计1147.5万元，"
    "财政投入关爱保险项目经费160万元，全市共有8645户计生家庭获得理赔，赔付总金额达939万元。"
    "认真组织实施计生特殊家庭综合保险，今年我市参加保综合险3627人次，共投入保费145.08万元，共理赔187件，赔付金额41.67万元。",
    "南宁市计生协")
# 001_2cd31fe16908719c.txt, line 91, signed （河池市计生协）
GX_HECHI = newsletter(
    "截止2022年8月底，全市共完成计生关爱保险投保283753份，参保金额共14187671元，完成自治区计生协下达18万份任务的157.64%。"
    "全市投保对象出险案件已完成理赔16584例，赔付金额7644418元，赔付率为53.88%。\n\n"
    "2022年，全市共为12796户农村计划生育家庭办理爱心保险，投入专项经费63.98万元，共出险赔付68件，赔付金额共计22.32万元。",
    "河池市计生协", "2022年10月18日")
# 001, line 175, signed （钦州市浦北县计生协）: a label that contradicts its unit follows the unit
GX_PUBEI = newsletter("2022年，全县计生家庭关爱保险参保人数222674份，完成目标任务的113.4%，人口覆盖率22.8%。",
                      "钦州市浦北县计生协", "2022年10月18日")

# dev2/d01: per-unit premium, subsidies, own share, sums insured
D01 = ("近日,孔城镇为计生家庭购买家庭意外伤害保险,共计惠及905户计生家庭。\n"
       "经摸底,该镇2016年1月1日前女方满49周岁且不超过65周岁的独生子女领证户、农村计划生育双女户共1170户。按照农户自愿原则,"
       "905户计生家庭参加家庭意外伤害保险,保费为每年每户60元,采取省级补助5元、县(市)级补助5元、镇级补助10元、村级补助10元、"
       "计生家庭自行承担30元(其中特扶户及贫困户由村镇两级代缴)的方式投保。\n"
       "这份保险在保险期内的保额为12万元/户(家庭成员均分),意外医疗保额12000元/户(家庭成员共享),"
       "农村双女户家庭人均意外医疗保额不低于4000元。\n")
# dev2/d03
D03 = ("按照《乌兰察布市生育关怀.幸福家庭创建活动实施意见》精神和《乌兰察布市计划生育特殊家庭生育关怀保险实施办法》,日前,"
       "我市又为2016年度纳入国家特别扶助制度的721位计生特殊家庭成员缴纳了生育关怀保险,为他们提供意外伤害、疾病、灾害等意外事故的保险保障服务。\n"
       "计生特殊家庭生育关怀保险采取政府投保,个人受益方式运作,所需资金由市本级生育关怀公益金负担,保险费为每个被保险人100元。"
       "本次保险生效期为2016年7月30日,保险期间为一年,由市计划生育协会统一向中国人寿乌兰察布分公司投保,保险金额共计6万元。\n")
# dev2/d06
D06 = ("近日,寬城縣舉行了國家“幸福工程-救助貧困母親行動”項目款發放儀式,來自亮甲臺鎮和鏵尖鄉的10戶貧困母親"
       "每戶獲得5萬元的幸福工程款。\n")
# dev2/d09
D09 = ("焦作市解放區上白作街道春林村的計生戶張紅霞從該區計生協工作人員手里接過5000元項目幫扶金時激動地說。"
       "解放區計生協自1999年實施“幸福工程——救助貧困母親行動”項目以來,累計發放幫扶資金47.6萬元,救助貧困母親160位。\n")
# dev2/d14
D14 = webpage("孟劼介绍,2024年,他们动员爱心企业支持40.4万元开展爱心助学,支持33.69万元开展“博爱送万家”活动,支持356万元助力乡村振兴。"
              "申报小天使基金(0~18周岁白血病患儿)、天使阳光基金(0~14周岁先天性心脏病患儿)救助262例,累计拨付救助款近500万元。\n\n"
              "咸宁市红十字会党组成员、副会长胡汉雄介绍,2021年至今,全市红十字系统募集款物总额达到5617.79万元,"
              "成立了咸宁市红十字“三献”工作志愿服务队,造血干细胞库容已完成3422份,人体器官捐献志愿登记人数达到7395人;"
              "共成立红十字基层组织1514个,注册红十字会员2.6万人。",
              "极目新闻记者 张万军 通讯员 王美惠 程蒙", "咸宁市红十字会新闻发布会")
# dev2/d15
D15 = webpage("据介绍,2005年,省红十字会共募得现金1200多万元,救灾物资价值600多万元,一年募得的现金超过建会十几年来所募现金的总和。\n\n"
              "去年在省红十字会的组织下,我省造血干细胞资料入库2000多人份,至今累计已超过1万人份,实现12人次捐献。",
              "http://www.sina.com.cn 2006年01月09日08:34 海南新闻网-海南日报", "海南省红十字会去年募捐1200多万元")
# dev2/d17
D17 = webpage("2015年,蓝山县计生协会在县委、县政府的高度重视和县人口计生部门的大力支持下,紧紧围绕全县计划生育工作总体目标,"
              "充分调动广大会员的积极性,创新工作思路,改进工作方法,大力加强基层能力建设、生育关怀行动、计划生育村(居)民自治等工作,"
              "取得了显著成效。新建立跨省流动人口计生协会3个,成功创建国家级基层群众自治示范村1个,省级示范村2个,"
              "筹集生育关怀资金240余万元,帮扶计生家庭2600多户,发放生育关怀资金134万多元。"
              "为全县3700多户农村独生子女户、两女户家庭和计生特殊困难家庭购买计生系列保险11万余元。"
              "创建省级计生“三结合”帮扶项目1个,争取项目帮扶资金6万元,创办计生家庭创业小额贴息贷款项目11个,为计生家庭解决创业贷款贴息5万多元。",
              "08.01.2016  16:04", "蓝山县计生协荣获“2015年度全省计生协模范单位”")
# dev2/d18
D18 = ("德兴市儿童爱心保险参保率为93%,投保金额达93万元,全市发生意外伤害、疾病医疗和死亡案件进行赔付286起,"
       "赔付率高达87.5%。\n")
# dev2/d19
D19 = webpage("桐乡市此次推行的独生子女安康保险,是“幸福家庭关爱工程”的重要组成部分。\n\n独生子女安康保险对象是依法生育、持有有效的《独生子女父母光荣证》、母亲49周岁以下的桐乡籍独生子女。保险由桐乡市人口计生局和中国人寿桐乡支公司联合实施。所需保费全部由政府承担,每年计划投入约100万元。"
              "凡是参保的独生子女,在投保期间因意外或疾病身故,将获得理赔金30000元;因意外残疾或烧伤,理赔金根据残疾或烧伤的程度按比例给付,"
              "最高赔偿20000元;患有恶性肿瘤、瘫痪、急性心肌梗塞等30种重大疾病者,可获得3000元理赔。", "2012年06月25日 09:12:53",
              "桐乡8.7万名独生子女免费享有安康保障")
# dev2/d22
D22 = webpage("晚报仙游讯 仙游县计生协会积极实施“幸福工程”,引导计生贫困家庭母亲着重发展“投资少、见效快、风险小、效益高”的“短、平、快”项目,"
              "有效保证了救助贫困母亲工作落到实处。 笔者日前从市计生协会于仙游县召开的“幸福工程”受助母亲创业典型现场会上获悉,据统计,仅去年,"
              "该县就投入“幸福工程”救助资金403万元,救助贫困母亲403户,惠及家庭人口1490人,并发放计生小额贴息帮扶1103多万元,"
              "救助计生贫困家庭334户,受惠人口2050人。", "【发布日期:2013-05-20】 【来源:】 【阅读:次】【作者:通讯员 陈国孟】",
              "“幸福工程”惠泽困难户")
# dev2/d26, line 38
D26 = webpage("保险费筹集说明:(1)保险费实收为每年每户120元/份。凡参保的城乡居民家庭均可享受中国人寿保山分公司按每份10元的标准"
              "给予保险费补助,即参保家庭户承担110元/份。(2)独生子女户、双女户家庭及脱贫户,由参保家庭承担100元,市级财政补助3元。",
              "公开目录 社会保险 发布日期 2025-02-02", "施甸县2025年计划生育家庭意外伤害保险开始投保啦!")
# dev2/d27
D27 = ("凡符合计划生育政策的独生子女及农村双女户子女家庭,每年缴纳50元保费即可参保,计生家庭保险在推广过程中将采取"
       "“政府投资为主、社会资助为辅、个人出资为补”的原则,由市、县(区)两级财政承担40元、个人缴纳10元作为保费,为计生家庭投保。\n"
       "据悉,“计生家庭综合保险”将惠及先行试点的高陵、蓝田县和雁塔区的5.8万计生家庭的10余万人,"
       "2012年“计生家庭综合保险”将在西安市全面展开。\n")
# dev2/d30
D30 = ("保險費每戶每年30元\n"
       "獨生子女家庭意外傷害保險保險費每戶30元。其中對農村和城市低保戶獨生子女家庭市級財政每戶補貼5元、縣級財政每戶補貼5元。"
       "獨生子女家庭意外傷害保險總保額為39000元。其中意外事故或意外傷殘保險金額為33000元(保險金額按人數均分)、"
       "意外傷害住院醫療保險金額6000元(保險金額家庭成員共同使用)。\n"
       "參保子女或其父母因意外傷害身故可獲保險金11000元,如因意外傷害導致殘疾,按殘疾等級給予對應的保險金,最高也為11000元。\n")
# dev2/d31
D31 = webpage("金山网讯 昨天,镇江市慈善总会举行年中大会,回顾了上半年工作。\n\n"
              "今年上半年,市慈善总会相继开展了助医、助学、助残等行动,全市累计救助支出1392.87万元,救助6.0181万人次。\n\n"
              "今年四五月份,我市连续第八年在市区开展了“慈善一日捐”活动,市区共募集资金1739.59万元,其中市本级募集资金539.59万元,达到了预期要求。",
              "发布时间:2013-07-24 08:09", "【慈善】市慈善总会上半年救助6万多人次")

D01_PROGRAMME = ("programme: the text names the product 家庭意外伤害保险 (in a sentence on 计生家庭) and the * regex names it as written; "
                 "the gold canonicalises it to 计生家庭意外伤害保险 (an alias row in programmes.tsv would do it)")
CARE_CAMPAIGN = "programme: programmes.tsv names the campaign 生育关怀 (生育关怀资金 matches it); the dev2 gold names it 生育关怀行动"
MEMBERS = "metric: 会员 alone is no alias of 会员人数 (only 会员人数, 注册会员, 发展会员), so a fallback label ending in 会员 is cut"

CARE_FUND = ("programme: the nearest earlier mention in the sentence is the listed 生育关怀 inside 生育关怀公益金 (the fund that pays), "
             "not the product the sentence is about (计生特殊家庭生育关怀保险); a listed name inside a longer noun (…公益金) is no mention")
ARTICLE_CARRY = ("programme: Carry.programme holds the last-named programme (“博爱送万家”活动) for the rest of the article, across sentences "
                 "and paragraphs about other things")

CASES = [
    row(GX_TOTALS, "308.2万份", "承保份数", "广西壮族自治区", "计生家庭系列保险", "2020-08-31", id="gx-chengbao-verb"),
    row(GX_TOTALS, "1.32亿元", "保费金额", "广西壮族自治区", "计生家庭系列保险", "2020-08-31", id="gx-chengbao-jine"),
    row(GX_TOTALS, "50%", "覆盖率", "广西壮族自治区", "计生家庭系列保险", "2020-08-31", id="gx-fugaimian"),
    row(GX_TOTALS, "10.86万余人", "理赔人次", "广西壮族自治区", "计生家庭系列保险", "2020-08-31", id="gx-lipei-shouyi"),
    row(GX_TOTALS, "83.3%", "赔付率", "广西壮族自治区", "计生家庭系列保险", "2020-08-31", id="gx-zonghe-lipeilv"),
    row(GX_TOTALS, "19.9万余户", "承保户数", "广西壮族自治区", "爱心保险", "2020-08-31", id="gx-chengbao-hushu"),
    row(GX_TOTALS, "61.2万余人", "参保人数", "广西壮族自治区", "爱心保险", "2020-08-31", id="gx-baozhang-renshu"),
    row(GX_TOTALS, "1530人次", "理赔人次", "广西壮族自治区", "爱心保险", "2020-08-31", id="gx-fasheng-lipei"),
    row(GX_TOTALS, "240万份", "任务数", "广西壮族自治区", "关爱保险", "2020", id="gx-renwushu-in-brackets"),
    row(GX_TOTALS, "119%", "完成率", "广西壮族自治区", "关爱保险", "2020-08-31", id="gx-share-of-target"),
    row(GX_TOTALS, "6.8万余份", "增长量", "贵港市", "关爱保险", "2020-08-31", id="gx-jiao-qunian-zengjia"),
    row(GX_CITIES, "44 万", "投入经费", "柳州市", "关爱保险", "2020", id="gx-xiabo-yongyu"),
    row(GX_CITIES, "5857 件", "理赔件数", "柳州市", "关爱保险", "2020", id="gx-lipei-anjian"),
    row(GX_CITIES, "556 件", "理赔件数", "梧州市", "计生特殊家庭综合保险", "2020", id="gx-lipei-anjian-wuzhou"),
    row(GX_CITIES, "1363 份", "承保份数", "梧州市", "计生特殊家庭综合保险", "2020", id="gx-goumai-fen"),
    row(GX_CITIES, "234.06%", "赔付率", "梧州市", "计生特殊家庭综合保险", "2020", id="gx-peifulv"),
    row(GX_CITIES, "446427 人", "参保人数", "钦州市", "关爱保险", "2020", id="gx-label-after-ren-toubao"),
    row(GX_NANNING, "1147.5万元", "保费金额", "南宁市", "关爱保险", "2020-07-31", id="gx-baofei-heji"),
    row(GX_NANNING, "160万元", "投入经费", "南宁市", "关爱保险", "2020-07-31", id="gx-caizheng-touru"),
    row(GX_NANNING, "8645户", "理赔户数", "南宁市", "关爱保险", "2020-07-31", id="gx-hu-huode-lipei"),
    row(GX_NANNING, "939万元", "理赔金额", "南宁市", "关爱保险", "2020-07-31", id="gx-peifu-zongjine"),
    row(GX_NANNING, "145.08万元", "保费金额", "南宁市", "计生特殊家庭综合保险", "2020", id="gx-touru-baofei"),
    row(GX_NANNING, "187件", "理赔件数", "南宁市", "计生特殊家庭综合保险", "2020", id="gx-gong-lipei-jian"),
    row(GX_HECHI, "14187671元", "保费金额", "河池市", "关爱保险", "2022-08-31", id="gx-canbao-jine"),
    # ANNOTATION.md: a target is of the year planned; the gold (001:91) dates this one
    # 2022-08-31 but 000:51's target 2020 — the contract decides
    row(GX_HECHI, "18万份", "任务数", "河池市", "关爱保险", "2022", id="gx-xiada-renwu"),
    row(GX_HECHI, "16584例", "理赔件数", "河池市", "关爱保险", "2022-08-31", id="gx-chuxian-anjian-li"),
    row(GX_HECHI, "63.98万元", "投入经费", "河池市", "爱心保险", "2022", id="gx-zhuanxiang-jingfei"),
    row(GX_HECHI, "68件", "理赔件数", "河池市", "爱心保险", "2022", id="gx-chuxian-peifu"),
    row(GX_PUBEI, "222674份", "承保份数", "浦北县", "关爱保险", "2022", id="gx-label-contradicts-unit"),
    row(GX_PUBEI, "22.8%", "覆盖率", "浦北县", "关爱保险", "2022", id="gx-renkou-fugailv"),
    row(D01, "60元", "保费标准", "桐城市", "计生家庭意外伤害保险", "2016", id="dev2-d01-per-household-premium",
        xfail=D01_PROGRAMME),
    row(D01, "5元", "保费补助标准", "桐城市", "计生家庭意外伤害保险", "2016", id="dev2-d01-subsidy",
        xfail=D01_PROGRAMME),
    row(D01, "30元", "个人缴费标准", "桐城市", "计生家庭意外伤害保险", "2016", id="dev2-d01-own-share",
        xfail=D01_PROGRAMME),
    row(D01, "12万元", "保险金额", "桐城市", "计生家庭意外伤害保险", "2016", id="dev2-d01-baoe",
        xfail=D01_PROGRAMME),
    row(D01, "12000元", "保险金额", "桐城市", "计生家庭意外伤害保险", "2016", id="dev2-d01-yiliao-baoe",
        xfail=D01_PROGRAMME),
    row(D03, "721位", "参保人数", "乌兰察布市", "计生特殊家庭生育关怀保险", "2016", id="dev2-d03-jiaona-baoxian",
        xfail="metric: 扶助 inside 国家特别扶助制度 (a 受益人数 alias) is taken as the label of 721位 although the clause is about paying for insurance (为…721位…成员缴纳了…保险: 参保人数); "
        "programme: the short name 生育关怀保险 matches the listed project 生育关怀; the * regex wants two name tokens, and the full name 计生特殊家庭生育关怀保险 follows in the next paragraph"),
    row(D03, "100元", "保费标准", "乌兰察布市", "计生特殊家庭生育关怀保险", "2016", id="dev2-d03-per-insured",
        xfail=CARE_FUND),
    row(D03, "6万元", "保险金额", "乌兰察布市", "计生特殊家庭生育关怀保险", "2016", id="dev2-d03-baoxian-jine-gongji",
        xfail=CARE_FUND + "; period: the policy's start date (本次保险生效期为2016年7月30日) is an attribute stated with 为, not the as-of date of the sums insured after it (gold 2016)"),
    row(D06, "5萬元", "每户救助金额", "宽城满族自治县", "幸福工程", "", id="dev2-d06-aid-per-household",
        xfail="metric: 每户获得5万元的幸福工程款 is aid per household; no alias names it (获得…款) and the gold vocabulary's 每户救助金额 is missing from metrics.tsv, so a phrase with the subject (贫困母亲每户获得) is the label"),
    row(D09, "47.6萬元", "救助金额", "焦作市解放区", "幸福工程", "", id="dev2-d09-fafang-bangfu-zijin",
        xfail="programme: the quoted “幸福工程——救助贫困母亲行动”项目 beats the listed 幸福工程 inside it; the gold keeps the canonical product 幸福工程; "
        "period: 自1999年实施…以来 in an undated text gives '1999' (a since-span whose end is unknown); it dates nothing: ''"),
    row(D14, "40.4万元", "投入经费", "咸宁市", "爱心助学", "2024", id="dev2-d14-dongyuan-zhichi",
        xfail="programme: a purpose named after the number (支持40.4万元开展爱心助学) is no programme mention: 爱心助学 is unquoted and in no pattern"),
    row(D14, "500万元", "救助金额", "咸宁市", "小天使基金、天使阳光基金", "", id="dev2-d14-bofu-jiuzhukuan",
        xfail="programme: named funds (申报小天使基金、天使阳光基金救助262例) are not programme mentions (the gold joins both with 、); " + ARTICLE_CARRY + "; "
        "period: 累计拨付 (cumulative over the funds' lifetime) takes the paragraph's 2024年; the gold leaves it undated"),
    row(D14, "3422份", "造血干细胞资料累计入库数", "咸宁市", "", "", id="dev2-d14-stem-cell-not-policies",
        xfail="metric: 造血干细胞库容 has no alias (gold vocabulary 造血干细胞资料累计入库数, missing from metrics.tsv); " + ARTICLE_CARRY + "; "
        "period: 2021年至今 in a text whose own date is unknown (5月7日, no year; 2024年 is a year it reviews) gives 2021/2024; the gold leaves it undated"),
    row(D15, "1200多万元", "募集资金", "海南省", "", "2005", id="dev2-d15-mude"),
    row(D15, "2000多人份", "造血干细胞资料入库数", "海南省", "", "2005", id="dev2-d15-ruku"),
    row(D17, "240余万元", "募集资金", "蓝山县", "生育关怀行动", "2015", id="dev2-d17-chouji",
        xfail=CARE_CAMPAIGN),
    row(D17, "134万多元", "救助金额", "蓝山县", "生育关怀行动", "2015", id="dev2-d17-fafang-zijin",
        xfail=CARE_CAMPAIGN),
    row(D17, "11万余元", "保费金额", "蓝山县", "计生系列保险", "2015", id="dev2-d17-goumai-baoxian-yuan"),
    row(D17, "6万元", "投入经费", "蓝山县", "计生三结合帮扶", "2015", id="dev2-d17-zhengqu-zijin"),
    row(D18, "93%", "覆盖率", "德兴市", "儿童爱心保险", "", id="dev2-d18-canbaolv"),
    row(D18, "93万元", "保费金额", "德兴市", "儿童爱心保险", "", id="dev2-d18-toubao-jine"),
    row(D18, "286起", "理赔件数", "德兴市", "儿童爱心保险", "", id="dev2-d18-peifu-qi"),
    row(D19, "100万元", "投入经费", "桐乡市", "独生子女安康保险", "2012", id="dev2-d19-jihua-touru"),
    row(D19, "30000元", "保险金额", "桐乡市", "独生子女安康保险", "2012", id="dev2-d19-jiang-huode-lipeijin"),
    row(D19, "20000元", "保险金额", "桐乡市", "独生子女安康保险", "2012", id="dev2-d19-zuigao-peichang"),
    row(D22, "403万元", "投入经费", "仙游县", "幸福工程", "2012", id="dev2-d22-touru-jiuzhu-zijin"),
    row(D22, "1103多万元", "救助金额", "仙游县", "计生小额贴息帮扶", "2012", id="dev2-d22-fafang-bangfu",
        xfail="programme: the unquoted programme named before the number in its clause (发放计生小额贴息帮扶1103多万元) is in no pattern, so the earlier quoted “幸福工程” is carried"),
    row(D26, "120元", "保费标准", "施甸县", "计划生育家庭意外伤害保险", "2025", id="dev2-d26-per-policy"),
    row(D26, "10元", "保费补助标准", "施甸县", "计划生育家庭意外伤害保险", "2025", id="dev2-d26-insurer-subsidy",
        xfail="metric: the label before the number is 参保 (in 凡参保的城乡居民家庭; its 元 family member is the premium) and 每份 makes it 保费标准; "
        "what the amount is comes after it (按每份10元的标准给予保险费补助: 保费补助标准), and an alias inside the subject phrase (参保的…家庭) names no number"),
    row(D26, "110元", "个人缴费标准", "施甸县", "计划生育家庭意外伤害保险", "2025", id="dev2-d26-family-share"),
    row(D27, "50元", "保费标准", "西安市", "计生家庭综合保险", "", id="dev2-d27-meinian-jiaona",
        xfail="metric: a premium each family pays (凡…家庭,每年缴纳50元保费即可参保) is per unit, but PER_UNIT knows only 每户/每人…, so 保费 after the number gives the total 保费金额; "
        "programme: 计生家庭保险 is named only after the number's clause and “计生家庭综合保险” in the next sentence; neither reaches back"),
    row(D27, "40元", "保费补助标准", "西安市", "计生家庭综合保险", "", id="dev2-d27-caizheng-chengdan",
        xfail="metric: ins:承担 (个人缴费标准) matches 两级财政承担40元; who pays decides: 财政/政府承担 is 保费补助标准, 个人/家庭承担 is 个人缴费标准; "
        "programme: the short name 计生家庭保险 named earlier in the sentence is taken as written; the gold names the document's product 计生家庭综合保险 (next sentence)"),
    row(D27, "10元", "个人缴费标准", "西安市", "计生家庭综合保险", "", id="dev2-d27-geren-jiaona",
        xfail="programme: the short name 计生家庭保险 named earlier in the sentence is taken as written; the gold names the document's product 计生家庭综合保险 (next sentence)"),
    row(D30, "30元", "保费标准", "", "独生子女家庭意外伤害保险", "", id="dev2-d30-meihu-baoxianfei"),
    row(D30, "5元", "保费补助标准", "", "独生子女家庭意外伤害保险", "", id="dev2-d30-meihu-butie"),
    row(D30, "11000元", "保险金额", "", "独生子女家庭意外伤害保险", "", id="dev2-d30-ke-huo-baoxianjin"),
    row(D31, "6.0181万人次", "受益人数", "镇江市", "", "2013-H1", id="dev2-d31-jiuzhu-renci"),
    row(D31, "1739.59万元", "募集资金", "镇江市", "慈善一日捐", "2013-04/2013-05", id="dev2-d31-mouji-zijin"),
    # hard cases written to the contract
    row(webpage("今年,全县计生家庭意外伤害保险保险费标准为每户每年150元。", "发布时间:2021-03-01 10:00", "江华县计生协"),
        "150元", "保费标准", "江华瑶族自治县", "计生家庭意外伤害保险", "2021", id="hard-meihu-meinian"),
    row(webpage("今年,全县计生家庭意外伤害保险每人保额2万元。", "发布时间:2021-03-01 10:00", "江华县计生协"),
        "2万元", "保险金额", "江华瑶族自治县", "计生家庭意外伤害保险", "2021", id="hard-meiren-baoe"),
    row(webpage("今年,县慈善总会为困难群众发放救助金12万元。", "发布时间:2021-03-01 10:00", "江华县慈善总会"),
        "12万元", "救助金额", "江华瑶族自治县", "", "2021", id="hard-fafang-jiuzhujin"),
    row(webpage("今年,县慈善总会共筹集善款35万元。", "发布时间:2021-03-01 10:00", "江华县慈善总会"),
        "35万元", "募集资金", "江华瑶族自治县", "", "2021", id="hard-chouji-shankuan"),
    row(webpage("今年,县计生协投入资金80万元用于计生特殊家庭帮扶。", "发布时间:2021-03-01 10:00", "江华县计生协"),
        "80万元", "投入经费", "江华瑶族自治县", "计生特殊家庭帮扶", "2021", id="hard-touru-zijin"),
    row(webpage("今年,全县计生协会员达12万人。", "发布时间:2021-03-01 10:00", "江华县计生协"),
        "12万人", "会员人数", "江华瑶族自治县", "", "2021", id="hard-huiyuan-da"),
]


@pytest.mark.parametrize(("text", "raw", "nth", "expected"), CASES)
def test_metric(text, raw, nth, expected):
    check(text, raw, nth, expected)



def test_a_clause_the_caller_found_is_the_clause_resolve_metric_would_find():
    """``Where.clause`` spares resolve_metric finding the number's clause again: given or
    found, the metric is the same (a label after, before, in a list's introduction, none)."""
    text = ("钦州市关爱保险共有 446427 人投保，保费金额 15624945 元。全区关爱保险承保份数：钦州市 25010 份，"
            "浦北县 30 份；全年成功培训 120 人卫生救护志愿者，理赔案件 556 件。")
    labels = Labels(load_patterns(), text)
    units = ("人", "元", "份", "份", "人", "件")
    sentence_end = text.index("。") + 1
    metrics = []
    for m, unit in zip(regex.finditer(r"\d+", text), units, strict=True):
        s_start, s_end = (0, sentence_end) if m.start() < sentence_end else (sentence_end, len(text))
        found = Where(s_start, s_end, s_start)
        given = found._replace(clause=(clause_start(text, m.start(), s_start), clause_end(text, m.end(), s_end)))
        metric = resolve_metric(labels, m.start(), m.end(), unit, given)
        assert metric == resolve_metric(labels, m.start(), m.end(), unit, found)
        metrics.append(metric.metric)
    assert metrics == ["参保人数", "保费金额", "承保份数", "", "", "理赔件数"]


def test_the_regex_aliases_screened_at_once_find_what_each_finds_on_its_own():
    """One alternation of the ``re:`` aliases rejects a window none of them matches; a
    window one matches gets every alias's own matches, as without the screen."""
    patterns = load_patterns()
    assert metric._regex_screen(patterns) is not None
    windows = ("参加计生关爱保险", "完成年度任务率", "占全县常住人口", "比预期增加", "年度目标的", "全区关爱保险承保份数")
    for window in windows + tuple(w + "，" for w in windows):
        each = tuple((m.start(), m.end(), name) for rx, name in patterns.metric_regexes for m in rx.finditer(window))
        assert metric._regex_labels.__wrapped__(patterns, window) == each


@pytest.mark.parametrize("pattern", [r"(甲)\1", r"(?P<x>甲)", r"(?i)a", r"(?<x>甲)乙"])
def test_a_regex_alias_that_means_otherwise_in_an_alternation_is_not_screened(pattern):
    patterns = load_patterns()
    mixed = dataclasses.replace(patterns, metric_regexes=(*patterns.metric_regexes, (regex.compile(pattern), "完成率")))
    assert metric._regex_screen(mixed) is None
