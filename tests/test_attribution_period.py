"""Period, table-driven: the date or span each figure is as of (see tests/attribution_cases.py).

Every row states the whole attribution of one figure; the rows here are chosen for
the period: 截至 dates, years and spans at a paragraph's head, 以来 spans, relative
words (今年, 去年, 目前) against the document's own date (a 印发 footer, a web
page's stamp, a dateline), year-less dates written ``--MM-DD``, half-years and
quarters, and the year a report reviews against the year it is delivered.
"""
from __future__ import annotations

import pytest
from attribution_cases import check, newsletter, row, webpage

# 000_bc105862800a2212.txt, line 51 (issued 2020年10月15日)
GX_ASOF = newsletter(
    "据统计，截至8月31日，全区计生家庭系列保险共承保有308.2万份。其中，计生特殊家庭综合保险2019年共有16495人参保，"
    "发生理赔4674人次；计生家庭关爱保险共承保286万余份，占年预期目标任务数（240万份）的119%。")
# 000, line 79
GX_SINCE = newsletter("2015年以来，自治区本级财政已投入项目资金3700万元，覆盖200个县级项目点。")
# 000, line 225, signed （贵港市计生协）
GX_MEETING = newsletter("2019年11月11日，在城区召开全市2020年计生家庭系列保险工作暨业务培训会议，全市市县乡三级共200多人参会。",
                        "贵港市计生协")
# 000, line 167, signed （南宁市计生协）
GX_DAY = newsletter("7月23日，南宁市计生协会召开全市计生协重点工作布置会，全市15个县、区（开发区）专职副会长和秘书长共计30多人参加会议。",
                    "南宁市计生协")
# 000, line 259, signed （桂林市全州县计生协）
GX_NURSERY = newsletter(
    "2019年以来，新建公办托幼一体化中心3所，招收托育班7个，解决200余个家庭幼儿入园入托问题。"
    "截止今年9月，民办托幼一体化中心招收930名婴幼儿入园入托，满足了群众的需求。", "桂林市全州县计生协")
# 000, line 263
GX_CHECKS = newsletter("2019年以来，免费婚检8305人次，婚检率为100%；孕前优生检查6307人次，目标人群覆盖率为91.84%。",
                       "桂林市全州县计生协")
# 001_2cd31fe16908719c.txt (issued 2022年10月18日), lines 175 and 181, signed （钦州市浦北县计生协）
GX_PUBEI = newsletter(
    "2022年，钦州市浦北县计生协与中国人寿保险浦北支公司精诚协作。全县计生家庭关爱保险参保人数222674份，完成目标任务的113.4%。"
    "至6月30日，全县共理赔案件1986件，理赔金额约206.90万元。\n\n"
    "由于行动早，精准部署，从启动会到2月底全县参保人数214265份，仅用了4个月时间超额完成市下达目标任务20万份的任务。",
    "钦州市浦北县计生协", "2022年10月18日")
# 001, line 125, signed （桂林市七星区…）
GX_LASTYEAR = newsletter("去年以来七星区各级计生协共投入经费 6.613 万元，开展了 69 场丰富多彩的展演、服务、宣传活动。",
                         "桂林市七星区计生协", "2022年10月18日")
# 001, line 257, signed （全州县计生协）
GX_EVENT = newsletter("● 9月23日，全州县计生协联合县妇幼保健院开展“9·25”宣传服务活动，发放宣传资料2000余份，服务群众500余人次。",
                      "全州县计生协", "2022年10月18日")

# dev2/d07: a year at the head of a section's paragraph
D07 = ("  【组织建设】 2003年,市计生协会进一步加大了对村(居)级基层协会的组织整建工作力度。一是建立和完善了协会各项工作制度,"
       "重新印制了《协会工作手册》及计生协会会员申请登记表。全市共有协会组织 1 519个,其中县级协会11个,乡(镇)街道协会122个,"
       "村(居)协会1 294个,流动人口协会 5个,企(事)业单位协会86个。\n"
       "  【抗击非典】 按照市委、市政府的有关部署,市计生协会下发了《关于落实非典防治工作的紧急通知》。"
       "桦南县计生协会积极配合卫生部门做好非典疫情监控和宣传防治知识。同江市计生协把预防非典知识与宣传计生知识相结合。\n")
# dev2/d12: no year anywhere: --MM-DD
D12 = ("5月25日至5月29日,全县各基层计生协会通过宣传标语、版面展示、健康义诊、文艺演出、走访慰问活动等形式,广泛宣传计划生育基本国策、"
       "法律法规,传播晚婚晚育、少生优生知识,开展预防艾滋病和生殖健康教育,演出文艺节目12场,观众达2万余人。\n"
       "县计生协结合“四群”工作,组织计生服务站医务人员于5月27至28日在对口联系的耿家营保功、羊桥村委会开展育龄妇女健康培训,"
       "600余人参加了培训,520人接受免费健康检查。29日联合匡远街道办事处计生协在县城文化广场开展协会宣传活动,展出宣传展板11块,"
       "发放计划生育宣传资料3000份,避孕套1800支,为群众义诊160人次。\n(宜良县计生协会供稿)\n")
# dev2/d13: 去年 in a text on a 2023 meeting that cites the 2022 report; 今年 plans
D13 = webpage("会议审议通过的《成都市红十字会2022年度工作报告》显示,全市红十字系统成绩亮眼。去年,全市募集款物6148万元。\n\n"
              "根据计划,市红十字会今年将开展应急救护培训“五进”活动1000场次,新增持证红十字救护员2.5万名。",
              "3月6日,成都市红十字会第九届理事会第三次会议召开。", "我市红十字救护员突破30万人")
# dev2/d14: 截至目前 on the day of a press conference whose year the text gives elsewhere
D14 = webpage("2024年动员2.4万人参与无偿献血,设立了1200平方米的物资储备库,组建由市红十字会直接管理的应急救援志愿服务队……5月7日,"
              "咸宁市政府新闻办举行新闻发布会,介绍了咸宁市红十字事业发展以及“红十字博爱周”的有关情况。\n\n"
              "孟劼表示,全市已动员爱心企业100余家、社会爱心人士3万余人参与红十字人道救助工作。为了保证公开公正,市红十字会依法接受使用募捐款物,"
              "及时在官网上公示公开,接受全社会监督。截至目前,募集款物价值3.2亿元(含疫情期间募集款物2.47亿元)。",
              "极目新闻记者 张万军 通讯员 王美惠 程蒙")
# dev2/d15: 去年 against the stamp 2006年01月09日
D15 = webpage("本报讯 (记者张苏民 通讯员陈少君)记者从日前在海口召开的中国红十字会八届二次理事会上了解到,海南省红十字事业已进入快车道,"
              "去年募捐现金超过建会十几年总和。\n\n"
              "省红十字会去年募捐与赈济工作主要围绕三件大事开展:印度洋地震海啸灾难中,省红十字会通过总会向海啸灾区共捐款人民币650万元,"
              "与社会各界建立了更为广泛的联系;面对全省持续的大旱,省红十字会用30万元资金给特困群众“送温暖”,"
              "用35万元重点支持几个市县的打井、筑坝、购置输水设备等。",
              "http://www.sina.com.cn 2006年01月09日08:34 海南新闻网-海南日报", "省红十字会去年募捐1200多万元")
# dev2/d16: a day after a dateline without year; a year-end as-of
D16 = webpage("東北網1月17日訊(見習記者 崔昕 記者 楊帆) 16日,『2019年共青團助力脫貧攻堅——情暖童心青春暖流鄉伴童行再出發』在海倫市青少年活動中心舉行。200餘名大學生志願者代表集體宣誓。\n\n"
              "據了解,截至2018年底,關愛留守兒童『情暖童心·鄉伴童行』項目讓7307名孩子充分感受到公益的關愛。",
              title="海伦市启动关爱留守儿童项目")
# dev2/d20: 目前 and 去年 against the stamp 2018-04-15
D20 = webpage("中国台州网3月16日讯 15日,市计划生育协会四届二次理事会召开。记者从会上获悉,目前,全市共建成乡级以上教育基地66个。\n\n"
              "会上,市计划生育协会晒出了去年的“成绩单”。去年,市计划生育协会顺利完成了全市37万名会员重新登记工作。",
              "发布:2018-04-15 06:12 | 来源:健康日报网", "台州市青少年生殖健康援助中心有望上半年成立")
# dev2/d24: a stamp written DD.MM.YYYY
D24 = webpage("本网讯(通讯员 胡慧敏)为切实加大对计生“两户”的帮扶力度,11月6日,息烽县计生协在西山镇西山村举办“幸福工程——西山白茶种植项目”启动仪式。 "
              "据悉,西山镇西山村100亩白茶种植产业发展基地首批涉及36户计生“两户”,其中独生子女户31户、两女户4户、计生特困户1户,每户种植一亩白茶。"
              "由息烽县计生协会申报“人口福利·生育关怀基金”,经省人口福利基金批准后实施,每亩扶持314株茶苗,折合资金8000元,项目资金总计28.8万元。",
              "07.11.2014  14:43", "息烽县计生协幸福工程西山白茶种植项目启动")
# dev2/d25: a stamp without year (07-13 14:38), a two-day span, 活动当天
D25 = webpage("永州新闻网7月13日讯(通讯员 唐建衡)7月10日至11日,东安县组织县计生委、计生协会、紫溪市镇和妇幼保健院联系联合开展丰富多彩的"
              "“7.11”世界人口日宣传服务活动,取得了较好的舆论宣传效果。\n\n"
              "7月11日,东安县人口计生委、计生协会联合县妇幼保健院在县城人口密集地——生智广场设立宣传服务咨询台,向过往群众发放宣传资料、避孕药具,"
              "开展出生缺陷防控咨询、义诊等宣传服务活动。活动同时,制作成25块展板在广场展出,广泛宣传队出生缺陷防控知识、全县计生工作成果。\n\n"
              "同时各乡镇场也广泛开展了“7.11”世界人口日宣传服务活动。据不完全统计,全县共开展宣传服务活动12场次,发放宣传资料12000余份,"
              "发放药具5000余盒,接受咨询800余人次,义诊300余人次,走访慰问计生家庭共32户,发放慰问金2.8万元,取得了较好的活动效果。",
              "07-13 14:38", "东安组织开展“7.11”世界人口日宣传活动")
# dev2/d31: 上半年, 四五月份, 截至6月底, 今年…计划
D31 = webpage("今年上半年,市慈善总会相继开展了助医、助学、助残等行动,全市累计救助支出1392.87万元。\n\n"
              "今年四五月份,我市连续第八年在市区开展了“慈善一日捐”活动,市区共募集资金1739.59万元。\n\n"
              "据统计,截至6月底,全市(含辖市区)慈善资金总规模(含认捐)已达95949.47万元。\n\n"
              "今年市本级计划实施十三类大的救助项目,总支出超过1400万元。",
              "发布时间:2013-07-24 08:09", "镇江市慈善总会上半年救助6万多人次")
# dev2/d32: a five-year plan, years inside a sentence, 自2006年以来
D32 = webpage("衛生援藏工作領導小組組長、衛生部黨組書記張茅介紹說,“十一五”期間,國家加大對西藏的扶持力度,共安排中央專項投資25.6億元,"
              "支持西藏衛生事業發展。通過資金、項目的落實,西藏衛生事業已跨上一個新的臺階。\n\n"
              "按照中央統一部署,自2006年以來,北京、天津等17個省(市)和中國醫學科學院等7個部局屬(管)單位承擔對口援藏任務。\n\n"
              "在基礎設施建設方面,投入12.55億元,支持815個縣級醫院基礎設施建設和基本設備購置。",
              "時間:2010-10-13 16:14   來源:人民網", "十一五中央安排專項投資25.6億元 衛生援藏促西藏新跨越")

TARGET_YEAR = ("period: a target (年预期目标任务数, 市下达目标任务) is of the year planned, but it takes the as-of date of its sentence "
               "or paragraph (ANNOTATION: targets to the year planned)")
EXHIBITS = "metric: 展板 has no alias; the gold vocabulary's 宣传展板数 is missing from metrics.tsv, so a fallback phrase is cut"
RAISED_GOODS = "metric: 募集款物 (money and goods) is the gold vocabulary's 募集款物金额; 募集 alone maps to 募集资金"

CASES = [
    row(GX_ASOF, "308.2万份", "承保份数", "广西壮族自治区", "计生家庭系列保险", "2020-08-31", id="gx-jiezhi-footer-year"),
    row(GX_ASOF, "16495人", "参保人数", "广西壮族自治区", "计生特殊家庭综合保险", "2019", id="gx-year-in-clause"),
    row(GX_ASOF, "286万余份", "承保份数", "广西壮族自治区", "关爱保险", "2020-08-31", id="gx-asof-after-year-clause"),
    row(GX_ASOF, "240万份", "任务数", "广西壮族自治区", "关爱保险", "2020", id="gx-annual-target"),
    row(GX_SINCE, "3700万元", "投入经费", "广西壮族自治区", "", "2015/2020", id="gx-since-year"),
    row(GX_MEETING, "200多人", "参与人数", "贵港市", "计生家庭系列保险", "2019-11-11", id="gx-meeting-day"),
    row(GX_DAY, "30多人", "参与人数", "南宁市", "", "2020-07-23", id="gx-day-footer-year"),
    row(GX_NURSERY, "200余个", "受益人数", "全州县", "", "2019/2020", id="gx-since-span",
        xfail="metric: 解决200余个家庭…问题 (households helped: 受益人数) has no alias and 个 is no unit of 受益人数; the fallback label is the bare verb 解决, not a noun phrase"),
    row(GX_CHECKS, "8305人次", "服务人次", "全州县", "", "2019/2020", id="gx-since-holds-for-sentence",
        xfail="metric: 婚检 (a check-up given) has no alias of 服务人次 (体检, 义诊, 咨询服务…), so the fallback 免费婚检 is the label"),
    row(GX_CHECKS, "6307人次", "服务人次", "全州县", "", "2019/2020", id="gx-since-past-semicolon"),
    row(GX_PUBEI, "222674份", "承保份数", "浦北县", "关爱保险", "2022", id="gx-year-heads-paragraph"),
    row(GX_PUBEI, "1986件", "理赔件数", "浦北县", "关爱保险", "2022-06-30", id="gx-zhi-date"),
    row(GX_PUBEI, "214265份", "承保份数", "浦北县", "关爱保险", "2022-02-28", id="gx-dao-month-end"),
    row(GX_PUBEI, "20万份", "任务数", "浦北县", "关爱保险", "2022", id="gx-target-of-year"),
    row(GX_LASTYEAR, "6.613 万元", "投入经费", "桂林市七星区", "", "2021/2022", id="gx-qunian-yilai"),
    row(GX_EVENT, "500余人次", "服务人次", "全州县", "", "2022-09-23", id="gx-bullet-event-day"),
    row(D07, "1 519个", "计生协组织数", "佳木斯市", "", "2003", id="dev2-d07-year-after-section-tag"),
    row(D12, "12场", "活动场次", "宜良县", "", "--05-29", id="dev2-d12-yearless-span-end",
        xfail="period: a paragraph's leading day span (5月25日至5月29日) dates its figures as the span --05-25/--05-29, while article_default keeps the end day of the same span; "
        "the gold writes the end day (as for d25 7月10日至11日 -> --07-11); the scorer accepts both spellings"),
    row(D12, "600余人", "参与人数", "宜良县", "", "--05-28", id="dev2-d12-yearless-two-days",
        xfail="quantities: a number right after an ASCII comma (…健康培训,600余人参加了培训) is not extracted, while 培训，600余人 (fullwidth) or 培训,共600余人 is; dev2's web texts write ASCII commas"),
    row(D12, "3000份", "发放数量", "宜良县", "", "--05-29", id="dev2-d12-day-only"),
    row(D13, "6148万元", "募集款物金额", "成都市", "", "2022", id="dev2-d13-qunian-cited-report"),
    row(D13, "1000场次", "活动场次", "成都市", "", "2023", id="dev2-d13-jinnian-plan",
        xfail="programme: the quoted training slogan 应急救护培训“五进”活动 is taken as a project; the gold gives none (as for “世界人口日”宣传活动), but does for “博爱送万家”活动 - PROJECT cannot tell a slogan from a named project"),
    row(D14, "3.2亿元", "募集款物金额", "咸宁市", "", "--05-07", id="dev2-d14-jiezhi-muqian-yearless",
        xfail=RAISED_GOODS + "; period: 截至目前 resolves to 2024, the year the lead names (2024年动员…, a year the text reviews); the text's own date is the press conference day "
        "5月7日, whose year it does not give: --05-07"),
    row(D15, "35万元", "投入经费", "海南省", "", "2005", id="dev2-d15-qunian-stamp",
        xfail="period: 去年 inside the first clause (省红十字会去年募捐与赈济工作…:) frames the whole colon list, but sentences split at ；/; and a relative year that does not lead its sentence "
        "is not carried, so the figures after ; fall back to the issue year 2006 instead of 2005"),
    row(D16, "200餘名", "参与人数", "海伦市", "情暖童心·乡伴童行", "2019-01-16", id="dev2-d16-day-of-dateline-month",
        xfail="period: a day without its month (16日, after the dateline 1月17日訊 of a 2019 event) is read by no PERIOD alternative, so only the year 2019 is left; "
        "a bare day takes the month of the dateline (or of the date before it): 2019-01-16; "
        "metric: no alias for people who take part in a ceremony (200余名…代表集体宣誓: 参与人数), the fallback is the verb phrase; "
        "programme: the event title 『…情暖童心青春暖流鄉伴童行再出發』 is no project; the gold names the project 情暖童心·乡伴童行 (named in the next paragraph)"),
    row(D20, "37万名", "会员人数", "台州市", "", "2017", id="dev2-d20-qunian-stamp"),
    row(D24, "36户", "受益人数", "息烽县", "幸福工程", "2014", id="dev2-d24-dotted-stamp",
        xfail="metric: 涉及36户 (the households a project covers: 受益人数) has no alias, and the fallback runs back to the clause head (产业发展基地首批涉及), a verb phrase"),
    row(D25, "25块", "宣传展板数", "东安县", "", "--07-11", id="dev2-d25-yearless-day"),
    row(D25, "12场次", "活动场次", "东安县", "", "--07-11", id="dev2-d25-yearless-span"),
    row(D25, "2.8万元", "救助金额", "东安县", "", "--07-11", id="dev2-d25-weiwenjin"),
    row(D31, "1392.87万元", "救助金额", "镇江市", "", "2013-H1", id="dev2-d31-shangbannian"),
    row(D31, "1739.59万元", "募集资金", "镇江市", "慈善一日捐", "2013-04/2013-05", id="dev2-d31-siwu-yuefen"),
    row(D32, "25.6億元", "投入经费", "西藏自治区", "", "2006/2010", id="dev2-d32-five-year-plan"),
    row(D32, "12.55億元", "投入经费", "西藏自治区", "", "2006/2010", id="dev2-d32-since-stamp-year"),
    # hard cases written to the contract
    row(newsletter("截止今年9月，全县共承保关爱保险1.2万份。", "桂林市全州县计生协"), "1.2万份", "承保份数", "全州县", "关爱保险",
        "2020-09", id="hard-jiezhi-jinnian-month"),
    row(webpage("据统计,截至6月底,全市共募集资金300万元。", "发布时间:2013-07-24 08:09", "镇江市慈善总会"), "300万元", "募集资金",
        "镇江市", "", "2013-06-30", id="hard-jiezhi-month-end-stamp"),
    row("截至7月31日,全县共承保计生家庭意外伤害保险1.2万份。\n\n（道县计生协）\n", "1.2万份", "承保份数", "道县",
        "计生家庭意外伤害保险", "--07-31", id="hard-yearless-asof"),
    row(webpage("今年第二季度,全县共承保计生家庭意外伤害保险1.2万份。", "发布时间:2021-07-05 10:00", "道县计生协"),
        "1.2万份", "承保份数", "道县", "计生家庭意外伤害保险", "2021-Q2", id="hard-second-quarter"),
    row(webpage("今年前三季度,全县共承保计生家庭意外伤害保险1.2万份。", "发布时间:2021-10-08 10:00", "道县计生协"),
        "1.2万份", "承保份数", "道县", "计生家庭意外伤害保险", "2021-01/2021-09", id="hard-first-three-quarters"),
    row(webpage("去年,全县共承保计生家庭意外伤害保险1.2万份。", "发布时间:2019-01-10 10:00", "道县计生协"),
        "1.2万份", "承保份数", "道县", "计生家庭意外伤害保险", "2018", id="hard-qunian-stamp"),
    row("道县计生协2018年工作总结\n\n今年以来,全县共承保计生家庭意外伤害保险1.2万份。\n\n道县计划生育协会\n2019年1月8日\n",
        "1.2万份", "承保份数", "道县", "计生家庭意外伤害保险", "2018", id="hard-year-end-report"),
    row(webpage("过去一年,全县共承保计生家庭意外伤害保险1.2万份。", "发布时间:2019-02-20 10:00", "道县政府工作报告"),
        "1.2万份", "承保份数", "道县", "计生家庭意外伤害保险", "2018", id="hard-guoqu-yinian"),
    row(webpage("2019年,全县计生协工作稳步推进。全年共帮扶计生困难家庭200户。", "发布时间:2020-03-01 10:00", "道县计生协"),
        "200户", "受益人数", "道县", "", "2019", id="hard-year-holds-for-paragraph"),
    row(webpage("2016年至2018年,全县累计投入资金100万元。今年,全县投入资金30万元。", "发布时间:2019-06-01 10:00", "道县计生协"),
        "30万元", "投入经费", "道县", "", "2019", id="hard-span-stays-in-sentence"),
    row(webpage("2016年至2018年,全县累计投入资金100万元。", "发布时间:2019-06-01 10:00", "道县计生协"),
        "100万元", "投入经费", "道县", "", "2016/2018", id="hard-year-span"),
    row(webpage("截至2018年底,全县共承保计生家庭意外伤害保险1.2万份。", "发布时间:2019-06-01 10:00", "道县计生协"),
        "1.2万份", "承保份数", "道县", "计生家庭意外伤害保险", "2018-12-31", id="hard-year-end-asof"),
    row(webpage("1-6月,全县共承保计生家庭意外伤害保险1.2万份。", "发布时间:2019-07-10 10:00", "道县计生协"),
        "1.2万份", "承保份数", "道县", "计生家庭意外伤害保险", "2019-01/2019-06", id="hard-month-span-stamp-year"),
    row("目前,道县共承保计生家庭意外伤害保险1.2万份。\n", "1.2万份", "承保份数", "道县", "计生家庭意外伤害保险", "",
        id="hard-muqian-undated-never-today"),
    row(webpage("明年,全县计划承保计生家庭意外伤害保险1.5万份。", "发布时间:2019-12-20 10:00", "道县计生协"),
        "1.5万份", "承保份数", "道县", "计生家庭意外伤害保险", "2020", id="hard-mingnian-target"),
]


@pytest.mark.parametrize(("text", "raw", "nth", "expected"), CASES)
def test_period(text, raw, nth, expected):
    check(text, raw, nth, expected)


def _matches(found) -> list:
    return [(m.span(), m.lastgroup, m.groupdict()) for m in found]


def test_every_period_word_holds_a_period_character():
    # the clauses without one are skipped: a word without one would never be found
    from tongxun_stats.attribute.period import _NOW, _REL_YEARS, PERIOD_CHARS

    assert [w for w in [*_REL_YEARS, *_NOW] if not set(w) & set(PERIOD_CHARS)] == []


@pytest.mark.parametrize("seed", range(4))
def test_the_dated_clauses_give_the_matches_of_the_whole_text(seed):
    import random

    from tongxun_stats.attribute.period import PERIOD, _period_matches

    pieces = ["2019", "12", "3", " ", "\n", "年", "月", "日", "号", "底", "至", "到", "—", "截至", "自", "以来", "至今",
              "今年", "去年", "上半年", "第二季度", "十四五", "期间", "目前", "现在", "一二", "，", "。", "；", ",", "份",
              "全区", "保险", "度", "的"]
    rng = random.Random(seed)
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert _matches(_period_matches(text)) == _matches(PERIOD.finditer(text)), text
