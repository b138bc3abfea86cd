"""Programme, table-driven: the programme or product each figure belongs to (see
tests/attribution_cases.py).

Every row states the whole attribution of one figure; the rows here are chosen for
the programme: the Guangxi products and their aliases, other provinces' products
named as written, quoted projects (“博爱送万家”活动), a campaign against the product a
figure is about, and figures whose text names no programme at all.
"""
from __future__ import annotations

import pytest
from attribution_cases import check, newsletter, row, webpage

# 000_bc105862800a2212.txt, line 51
GX_PRODUCTS = newsletter(
    "据统计，截至8月31日，全区计生家庭系列保险理赔金额达1.1亿元。其中，计生家庭爱心保险发生理赔1530人次，理赔金额共660万元；"
    "计生特殊家庭综合保险2019年共有16495人参保，发生理赔4674人次，理赔金额共998万元；"
    "计生家庭关爱保险共承保286万余份，发生理赔10.24万人次，理赔金额共9385万元。")
# 000, line 107: money listed by what it is for
GX_FUNDS = newsletter(
    "柳州市加大投入，以学习促工作落实。8月申报2021年协会项目经费110.4万元，其中包括：2021年协会业务工作经费9.4万元，"
    "计生爱心保险投保经费44万，计生特殊家庭帮扶经费40万，计生基层群众自治县级示范项目点经费 17 万。")
# 000, line 151
GX_PROJECTS = newsletter(
    "藤县计生协联合妇联、妇幼保健院开展“支持幸福工程，救助贫困母亲”活动，为全县 17 个乡镇 1500 名妇女开展了健康检查。"
    "桂林市 8 月底顺利完成计划生育公益金 2020 年第二批扶救助工作。今年，市计生协已累计扶救助 193 户计生困难家庭。")
# 000, line 175, signed （南宁市计生协）
GX_CARE = newsletter(
    "**三、认真实施“生育关怀”项目。**一是开展“生育关怀·圆梦工程”活动，救助农村不孕不育计生家庭。"
    "共有 492 对农村不孕不育家庭报名参加免费筛查活动，已从中筛选出 170 对进行援助治疗。二是开展“生育关怀·医疗帮扶”活动，"
    "关怀育龄群众的生殖健康。市计生协会共投入 40 多万元，组织开展了 45 多场“生育关怀·医疗帮扶”活动，共有 1 万多名育龄群众参加体检。",
    "南宁市计生协")
# 000, line 201, signed （桂林市计生协）
GX_LECTURES = newsletter(
    "7月至9月，市计生协举办全市“优生优育健康知识进家庭”巡回公益讲座，先后在六城区及全州、阳朔、恭城、灵川四县有关乡镇街道开班。"
    "目前已成功举办10期讲座，有800余名基层计生协干部和群众受益。", "桂林市计生协")
# 001_2cd31fe16908719c.txt, line 91, signed （河池市计生协）
GX_HECHI = newsletter(
    "2022年，全市共为12796户农村计划生育家庭办理爱心保险，投入专项经费63.98万元；全市共为计生特殊家庭办理保险838份，"
    "投入专项经费41.9万元，共出险理赔235件，赔付金额53.1万元。二是以县级项目为依托深入落实“六项重点任务”。2022年，"
    "我市积极申报实施国家、自治区县级项目，共通过审核并实施青春健康“沟通之道”家长培训项目等6个国家、自治区级项目。"
    "各项目已启动实施，项目直接受益人群约2500人。", "河池市计生协", "2022年10月18日")
# 001, line 99, signed （贵港市计生协）
GX_GUIGANG = newsletter("2022年，全市计生关爱保险完成217213份，保费1083.14万元，自治区下达18万份，完成率120%。",
                        "贵港市计生协", "2022年10月18日")
# 001, line 211, signed （资源县计生协）
GX_ZIYUAN = newsletter(
    "2021年资源县组织实施自治区计生协计生基层群众自治/计生家庭权益维护项目。先后投入经费20万元打造资源镇石溪头、"
    "瓜里乡义林等2个示范村，项目覆盖250户4800人多人。", "资源县计生协", "2022年10月18日")

# dev2/d02: the product named in the first paragraph, the figure in the second
D02 = ("本網訊 (張祖惠)近期,柞水縣人口計生局、計生協與縣人壽保險公司聯合下發了《關於開展農村獨生子女家庭意外傷害保險工作的通知》。"
       "由政府“埋單”,為每戶家庭辦理一份保費為30元、保額為3.6萬元的計生家庭意外傷害保險。\n"
       "該險保險期1年,屬“一保多投”險種,被投保家庭成員發生意外傷害,均可享受理賠。目前,已有135戶獨生子女家庭自願參與投保。\n")
# dev2/d04: a quoted campaign the figures are about
D04 = ("近年來,臺江縣計劃生育協會以困難救助、計生扶助、節日關懷、關愛學生、關注弱者“五關懷”為內容,充分發揮協會優勢,整合社會資源,"
       "通過協會主導、部門參與、基層配合、社會響應等方式,溫暖數百戶農村計生家庭。\n"
       "據了解,該縣2007年開始實施“生育關懷行動”,受益農村計生家庭500余戶1600多人,扶助物資和資金折價達50多萬元,"
       "其中:民政部門落實低保、救濟糧款301戶30.2萬元;縣部門實施“三結合”、危房改造、“兩雜”糧種、落實手術幫扶等救助148戶15.47萬元。\n")
# dev2/d09: a project named as the village's
D09 = ("今年,解放區計生協將上白作街道春林村定為生育關懷項目試點村,為像張紅霞一樣的10名計生貧困母親發放項目幫扶資金5萬元,"
       "支持她們創業。\n")
# dev2/d10
D10 = webpage("2015年5月29日是中国计生协会成立35周年纪念日和第17个“会员活动日”,也是幸福工程创立20周年。按照上级要求,"
              "为了进一步加大计生国策宣传力度,扩大“幸福工程”项目的社会影响,深入推进“计生母亲助福行动”开展,无棣县卫生计生局、县计生协会"
              "及幸福工程项目办联合,以“关爱女性健康、关注家庭幸福”为主题,组织开展大型宣传服务月活动。\n"
              "5月29日,“计生母亲助福行动”宣传服务月活动启动仪式在县人民广场隆重召开,县人大、县政府、县政协分管领导及县卫生计生局副科及以上领导、"
              "有关科室负责人及技术服务人员,共30余人参加活动,向群众发放宣传材料,现场解答政策法规、优生优育、生殖保健等问题,开展免费义诊服务。\n"
              "截止目前,共发放宣传材料17000余份,接受义诊服务400多人次,提供免费健康咨询与政策服务2600多人次。",
              title="无棣县计生协宣传服务月")
# dev2/d13: a quoted plan (“五大行动计划”) is no programme of the figures
D13 = webpage("3月6日,成都市红十字会第九届理事会第三次会议召开。记者在会上获悉,2022年,市红十字会持续深入实施“五大行动计划”。\n\n"
              "去年,全市募集款物6148万元。新增22个应急救护服务阵地,服务群众超10万人次。",
              "2023-03-08", "我市红十字救护员突破30万人")
# dev2/d14
D14 = webpage("孟劼介绍,2024年,他们动员爱心企业支持40.4万元开展爱心助学,支持33.69万元开展“博爱送万家”活动,支持356万元助力乡村振兴。",
              "极目新闻记者 张万军", "咸宁市红十字会新闻发布会")
# dev2/d18: the product named first, its formal name in 《》 after
D18 = ("儿童爱心保险,实际上是指江西省德兴市人口计生委联合泰康人寿保险公司,推出的《计划生育家庭爱心保险》,"
       "每名儿童每年保险费用为30元,全部由政府埋单。\n")
# dev2/d19: a quoted project and a product in one sentence
D19 = webpage("浙江在线06月25日讯 6月22日,桐乡市“幸福家庭关爱工程”全面启动暨“相伴成长”独生子女安康保险签约仪式正式举行,"
              "此举标志着该市8.7万余名独生子女将享有由政府埋单的安全健康保障。", "2012年06月25日 09:12:53",
              "桐乡8.7万名独生子女免费享有安康保障")
# dev2/d20
D20 = webpage("去年,市计划生育协会顺利完成了全市37万名会员重新登记工作。在全市开展“百场生育关怀大讲堂”活动,"
              "共举办专家讲座和生活技能培训792场次;开展技术和咨询服务340场次,服务群众45974人次。",
              "发布:2018-04-15 06:12 | 来源:健康日报网", "台州市计生协晒出去年的成绩单")
# dev2/d21
D21 = webpage("11日上午,2022年福州市生育关怀行动领导小组成员单位工作(扩大)会议召开。会议总结福州2021年生育关怀行动工作并部署2022年工作。\n"
              "2021年,市生育关怀行动领导小组成员单位以及各级计生组织在重视计生家庭发展、维护计生家庭权益、提升计生家庭素养等方面开展了一系列活动。"
              "市计生协建立志愿者服务队156支,共同出资725.3万元,走访慰问计生困难家庭5959户;各县(市)区幸福工程项目帮扶318户计生母亲发展生产;"
              "各级计生协联合司法部门,协调维护计生家庭合法权益824件,累计挽回经济损失412万元;市妇联“春蕾计划”助学关爱工程募集170余万元,"
              "资助贫困学子1146名。", title="福州召开2022年生育关怀行动领导小组成员单位工作(扩大)会议")
# dev2/d22
D22 = webpage("晚报仙游讯 仙游县计生协会积极实施“幸福工程”,有效保证了救助贫困母亲工作落到实处。 笔者日前从市计生协会于仙游县召开的"
              "“幸福工程”受助母亲创业典型现场会上获悉,据统计,仅去年,该县就投入“幸福工程”救助资金403万元,救助贫困母亲403户,"
              "惠及家庭人口1490人,并发放计生小额贴息帮扶1103多万元,救助计生贫困家庭334户,受惠人口2050人。",
              "【发布日期:2013-05-20】 【来源:】 【阅读:次】【作者:通讯员 陈国孟】", "“幸福工程”惠泽困难户")
# dev2/d24: a quoted name that joins the product and the local project
D24 = webpage("本网讯(通讯员 胡慧敏)为切实加大对计生“两户”的帮扶力度,11月6日,息烽县计生协在西山镇西山村举办“幸福工程——西山白茶种植项目”启动仪式。 "
              "据悉,西山镇西山村100亩白茶种植产业发展基地首批涉及36户计生“两户”,其中独生子女户31户、两女户4户、计生特困户1户,每户种植一亩白茶。"
              "由息烽县计生协会申报“人口福利·生育关怀基金”,经省人口福利基金批准后实施,每亩扶持314株茶苗,折合资金8000元,项目资金总计28.8万元。",
              "07.11.2014  14:43", "息烽县计生协幸福工程西山白茶种植项目启动")
# dev2/d28
D28 = webpage("今年起,符合條件的深圳戶籍家庭可享受獨生子女家庭意外傷害保險,保費由各區政府買單。\n\n在保險期間內,符合條件的被保險人享有意外身故/意外殘疾保障。其中,意外傷害醫療保障每個家庭共享保額13200元。",
              "來源:香港商報    2020-04-27 13:33", "深戶籍獨生子女家庭可享受意外傷害保險")
# dev2/d29: a commemorative day's event is no programme
D29 = webpage("上周,护国街道办事处、计生协会开展了“世界人口日”宣传活动。共发放避孕药具150余盒、宣传资料500余份。",
              "作者:五华区 发布时间:2013-08-14 15:02:50 点击率:42", "五华区护国街道办事处开展 “世界人口日”宣传活动")
# dev2/d31
D31 = webpage("今年上半年,全市累计救助支出1392.87万元。市本级救助支出427.97万元(其中抗震救灾95.73万元),救助5.19万人次。",
              "发布时间:2013-07-24 08:09", "镇江市慈善总会上半年救助6万多人次")

CARE_CAMPAIGN = "programme: programmes.tsv names the campaign 生育关怀 (the alias matches inside 生育关怀行动); the dev2 gold names it 生育关怀行动 as written"
QUOTE_TAIL = ("programme: PROJECT adds the words between the closing quote and the generic word (up to 6) to the name; "
              "the gold names the project by its quoted name alone")
SENTENCE_CARRY = ("programme: programme_for falls back to a programme named in an earlier clause of the sentence; a clause with its own "
                  "verb and object (支持X开展A，支持Y助力B) is another activity, and the earlier clause's project does not carry")

CASES = [
    row(GX_PRODUCTS, "1.1亿元", "理赔金额", "广西壮族自治区", "计生家庭系列保险", "2020-08-31", id="gx-xilie-baoxian"),
    row(GX_PRODUCTS, "660万元", "理赔金额", "广西壮族自治区", "爱心保险", "2020-08-31", id="gx-aixin-long-name"),
    row(GX_PRODUCTS, "16495人", "参保人数", "广西壮族自治区", "计生特殊家庭综合保险", "2019", id="gx-zonghe"),
    row(GX_PRODUCTS, "998万元", "理赔金额", "广西壮族自治区", "计生特殊家庭综合保险", "2019", id="gx-zonghe-carry-clause"),
    row(GX_PRODUCTS, "9385万元", "理赔金额", "广西壮族自治区", "关爱保险", "2020-08-31", id="gx-guanai-long-name"),
    row(GX_FUNDS, "110.4万元", "投入经费", "柳州市", "", "2021", id="gx-funds-total-no-programme"),
    row(GX_FUNDS, "9.4万元", "投入经费", "柳州市", "", "2021", id="gx-funds-office-no-programme"),
    row(GX_FUNDS, "44万", "投入经费", "柳州市", "爱心保险", "2021", id="gx-funds-aixin"),
    row(GX_FUNDS, "40万", "投入经费", "柳州市", "计生特殊家庭帮扶", "2021", id="gx-funds-bangfu"),
    row(GX_FUNDS, "17 万", "投入经费", "柳州市", "计生基层群众自治县级示范项目", "2021", id="gx-funds-unquoted-project",
        xfail="programme: the listed project 计生基层群众自治 matches, but the name the text gives runs on to the generic word (计生基层群众自治县级示范项目); a listed name followed by …示范项目 should take it, like a quoted project's tail"),
    row(GX_PROJECTS, "1500 名", "服务人次", "藤县", "幸福工程", "2020", id="gx-quoted-slogan-names-product",
        xfail="metric: 救助 inside the quoted slogan (“支持幸福工程，救助贫困母亲”活动) is taken as the label of 1500 名 (受益人数); the verb that governs it is 开展了健康检查 (a service: 服务人次); a word inside quotes names no later number"),
    row(GX_PROJECTS, "193 户", "受益人数", "桂林市", "计划生育公益金扶救助", "2020", id="gx-unquoted-work",
        xfail="programme: the listed 计划生育公益金 is kept; the work named in the text is 计划生育公益金…扶救助工作 (gold 计划生育公益金扶救助)"),
    row(GX_CARE, "492 对", "参与人数", "南宁市", "生育关怀·圆梦工程", "2020", id="gx-quoted-campaign-1",
        xfail="metric: the counter 对 (couples) is not among 参与人数's units (人;人次;名), so the label after the number (报名参加) does not fit and a fallback phrase is cut (不育家庭报名参加)"),
    row(GX_CARE, "40 多万元", "投入经费", "南宁市", "生育关怀·医疗帮扶", "2020", id="gx-quoted-campaign-2"),
    row(GX_CARE, "45 多场", "活动场次", "南宁市", "生育关怀·医疗帮扶", "2020", id="gx-quoted-after-number"),
    row(GX_LECTURES, "10期", "活动场次", "桂林市", "优生优育健康知识进家庭", "2020-07/2020-09", id="gx-quoted-lectures",
        xfail="programme: a quoted name followed by 巡回公益讲座 is no PROJECT (the generic words are 项目|活动|行动|工程|基金|品牌; 讲座 is missing); "
        "period: 目前 in the next sentence replaces the paragraph's leading span 7月至9月 with the issue year; 目前 after a stated span keeps that span"),
    row(GX_HECHI, "12796户", "承保户数", "河池市", "爱心保险", "2022", id="gx-hechi-aixin"),
    row(GX_HECHI, "838份", "承保份数", "河池市", "计生特殊家庭综合保险", "2022", id="gx-special-family-insurance"),
    row(GX_HECHI, "53.1万元", "理赔金额", "河池市", "计生特殊家庭综合保险", "2022", id="gx-special-family-carry"),
    row(GX_HECHI, "2500人", "受益人数", "河池市", "", "2022", id="gx-example-project-not-figures",
        xfail="programme: a project named as one example of a list (实施青春健康“沟通之道”家长培训项目等6个…项目) is carried to the next sentence's figure about all of them; a member named before 等N个 is not the programme of the whole"),
    row(GX_GUIGANG, "217213份", "承保份数", "贵港市", "关爱保险", "2022", id="gx-guanai-short"),
    row(GX_GUIGANG, "18万份", "任务数", "贵港市", "关爱保险", "2022", id="gx-task-issuer"),
    row(GX_ZIYUAN, "20万元", "投入经费", "资源县", "计生家庭权益维护项目", "2021", id="gx-slash-project",
        xfail="programme: programmes.tsv names it 计生家庭权益维护; the gold writes 计生家庭权益维护项目 (also in the 七星区 article of 001) - one of the two should change"),
    row(D02, "135戶", "承保户数", "柞水县", "计生家庭意外伤害保险", "", id="dev2-d02-carried-product"),
    row(D04, "30.2萬元", "救助金额", "台江县", "生育关怀行动", "", id="dev2-d04-quoted-campaign",
        xfail="metric: in 救济粮款301户30.2万元 no alias fits 元 and the fallback phrase starts after the previous number (301户), so the metric is empty; "
        "the label before the pair (救济粮款: aid paid) should serve both (gold 救助金额); "
        "programme: a quoted name that itself ends in a generic word (“生育关怀行动”) is no PROJECT (the generic word must follow the quote), so the listed 生育关怀 inside it wins"),
    row(D09, "5萬元", "救助金额", "焦作市解放区", "生育关怀项目", "", id="dev2-d09-unquoted-project",
        xfail="programme: the listed 生育关怀 matches inside 生育关怀项目试点村; the gold keeps the project the village is a pilot of (生育关怀项目)"),
    row(D10, "30余人", "参与人数", "无棣县", "计生母亲助福行动", "2015-05-29", id="dev2-d10-quoted-action",
        xfail=QUOTE_TAIL + ' (计生母亲助福行动 + 宣传服务月 before 活动); a quoted name that already ends in a generic word (行动) takes no tail'),
    row(D10, "17000余份", "发放数量", "无棣县", "计生母亲助福行动", "2015", id="dev2-d10-carried-action",
        xfail=QUOTE_TAIL + ' (计生母亲助福行动宣传服务月, carried from the paragraph before)'),
    row(D13, "6148万元", "募集款物金额", "成都市", "", "2022", id="dev2-d13-plan-not-programme"),
    row(D14, "33.69万元", "投入经费", "咸宁市", "博爱送万家", "2024", id="dev2-d14-boai-songwanjia"),
    row(D14, "356万元", "投入经费", "咸宁市", "", "2024", id="dev2-d14-rural-revival-no-programme",
        xfail=SENTENCE_CARRY),
    row(D18, "30元", "保费标准", "德兴市", "儿童爱心保险", "", id="dev2-d18-product-before-formal-name",
        xfail="programme: the sentence's subject 儿童爱心保险 and its formal name 《计划生育家庭爱心保险》 are one product; the code takes the nearest name, the gold the name the document uses (its subject)"),
    row(D19, "8.7万余名", "参保人数", "桐乡市", "独生子女安康保险", "2012", id="dev2-d19-anakang-as-written",
        xfail="metric: 8.7万余名独生子女将享有…保障 in a sentence on an insurance product counts the insured (参保人数), but no alias names it and the fallback is the broken 此举标志着该市; "
        "period: the sentence's leading event date (6月22日,…签约仪式正式举行) dates a figure about the scheme's coverage; the gold keeps the year 2012"),
    row(D20, "792场次", "活动场次", "台州市", "百场生育关怀大讲堂", "2017", id="dev2-d20-quoted-lectures"),
    row(D20, "340场次", "活动场次", "台州市", "", "2017", id="dev2-d20-next-clause-free",
        xfail="programme: Carry.programme takes the previous sentence's quoted project (开展“百场生育关怀大讲堂”活动…792场次, split off at ;) into the next, "
        "which names another activity of its own (开展技术和咨询服务340场次)"),
    row(D21, "318户", "受益人数", "福州市", "幸福工程", "2021", id="dev2-d21-xingfu-gongcheng"),
    row(D21, "170余万元", "募集资金", "福州市", "春蕾计划", "2021", id="dev2-d21-chunlei",
        xfail=QUOTE_TAIL + ' (“春蕾计划”助学关爱工程 -> 春蕾计划助学关爱)'),
    row(D22, "334户", "受益人数", "仙游县", "计生小额贴息帮扶", "2012", id="dev2-d22-unquoted-loans",
        xfail="programme: the unquoted programme named before the number in its clause (发放计生小额贴息帮扶1103多万元,救助…334户) is in no pattern, so the earlier quoted “幸福工程” is carried"),
    row(D24, "28.8万元", "投入经费", "息烽县", "幸福工程", "2014", id="dev2-d24-product-in-quoted-project"),
    row(D28, "13200元", "保险金额", "深圳市", "独生子女家庭意外伤害保险", "2020", id="dev2-d28-title-product"),
    row(D29, "150余盒", "发放数量", "昆明市五华区", "", "2013", id="dev2-d29-world-population-day"),
    row(D31, "95.73万元", "救助金额", "镇江市", "抗震救灾", "2013-H1", id="dev2-d31-bracketed-purpose",
        xfail="programme: the purpose in brackets after a total (其中抗震救灾95.73万元) is no programme mention; the gold takes the aid's purpose 抗震救灾 as its programme"),
    row(D31, "427.97万元", "救助金额", "镇江市", "", "2013-H1", id="dev2-d31-no-programme"),
    # hard cases written to the contract
    row(webpage("今年,全县共办理计生家庭意外险1.2万份。", "发布时间:2021-06-01 10:00", "道县计生协"),
        "1.2万份", "承保份数", "道县", "计生家庭意外险", "2021", id="hard-yiwaixian-as-written"),
    row(webpage("在生育关怀行动中,县计生协为计生特殊家庭购买关爱保险3000份。", "发布时间:2021-06-01 10:00", "道县计生协"),
        "3000份", "承保份数", "道县", "关爱保险", "2021", id="hard-product-over-campaign"),
    row(webpage("今年,县计生协深入开展生育关怀行动,共帮扶计生困难家庭200户。", "发布时间:2021-06-01 10:00", "道县计生协"),
        "200户", "受益人数", "道县", "生育关怀行动", "2021", id="hard-campaign-the-figure-is-about",
        xfail=CARE_CAMPAIGN),
    row(webpage("今年,县妇联实施“春蕾计划”助学项目,资助贫困女童120名。", "发布时间:2021-06-01 10:00", "道县妇联"),
        "120名", "受益人数", "道县", "春蕾计划", "2021", id="hard-quoted-project-with-tail",
        xfail=QUOTE_TAIL + ' (“春蕾计划”助学项目 -> 春蕾计划助学)'),
    row(webpage("今年,全县计生关爱保险参保12万份。\n\n县计生协联合县妇幼保健院开展义诊活动,服务群众800人次。",
                "发布时间:2021-06-01 10:00", "道县计生协"), "800人次", "服务人次", "道县", "", "2021",
        id="hard-no-carry-into-unrelated-paragraph"),
    # dev2/d19 line 5, its paragraph alone
    row(webpage("独生子女安康保险对象是依法生育、持有有效的《独生子女父母光荣证》、母亲49周岁以下的桐乡籍独生子女。"
                "所需保费全部由政府承担,每年计划投入约100万元。", "2012年06月25日 09:12:53", "桐乡8.7万名独生子女免费享有安康保障"),
        "100万元", "投入经费", "桐乡市", "独生子女安康保险", "2012", id="hard-product-before-duixiang",
        xfail="programme: the * regex rejects a name followed by 对象 (meant for 保险对象, the insured), so 独生子女安康保险对象是… loses the "
              "product the paragraph is about; after a full product name, 对象 is that product's insured"),
    row(webpage("今年,中国人寿保险公司道县支公司共为全县计生家庭理赔案件150件。", "发布时间:2021-06-01 10:00", "道县计生协"),
        "150件", "理赔件数", "道县", "", "2021", id="hard-insurer-is-no-product"),
]


@pytest.mark.parametrize(("text", "raw", "nth", "expected"), CASES)
def test_programme(text, raw, nth, expected):
    check(text, raw, nth, expected)
