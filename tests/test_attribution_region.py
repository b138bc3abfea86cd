"""Region, table-driven: the place each figure is about (see tests/attribution_cases.py).

Every row states the whole attribution of one figure; the rows here are chosen for
what they say about the region: lists and their covering unit, generic words
(全市, 全区) against the home place, townships that vote for their county, national
bodies, and place names inside other words.
"""
from __future__ import annotations

import pytest
from attribution_cases import check, newsletter, row, webpage

# 000_bc105862800a2212.txt, line 51: the speech of the autonomous region's association (no signature)
GX_ASOF = newsletter(
    "据统计，截至8月31日，全区计生家庭关爱保险共承保286万余份，占年预期目标任务数（240万份）的119%。"
    "其中，全区关爱保险工作完成最好的是钦州市，参保份数达44.6万份，继续领跑全区第一。"
    "完成数占常住人口比例超过全区水平（5.61%）的市有：钦州市（13.77%）、百色市（11.52%）、北海市（7.93%）。"
    "从县级来看，投保份数超过5万份的有：浦北县（205029份）、灵山县（166915份）、西乡塘区（65951份）、"
    "海城区（57290份）、兴宾区（50717份）。")
# 000, line 149: a summary of the cities' work, published by the autonomous region
GX_CITIES = newsletter(
    "柳州今年市级计生协会下拨 44 万用于计生特殊家庭购买关爱保险，完成率 117.82%，理赔案件 5857 件，"
    "理赔金额约 987.84 万元。梧州为计生特殊家庭购买综合保险 1363 份，保费金额 54.52 万元，理赔案件 556 件，"
    "理赔金额 127.61 万元，赔付率 234.06%。钦州市关爱保险共有 446427 人投保，保费金额 15624945 万元，"
    "完成自治区任务率达 127.55%。")
# 000, line 171, in the article signed （南宁市计生协）
GX_NANNING = newsletter(
    "截止7月底全市共办理计生家庭关爱保险40.1万份，保费合计1147.5万元，财政投入关爱保险项目经费160万元，"
    "全市共有8645户计生家庭获得理赔，赔付总金额达939万元。\n\n**三、认真实施“生育关怀”项目。**二是开展“生育关怀·医疗帮扶”活动，关怀育龄群众的生殖健康。"
    "市计生协会共投入 40 多万元，组织开展了 45 多场“生育关怀·医疗帮扶”活动。", "南宁市计生协")
# 000, line 207, signed （桂林市计生协）
GX_GUILIN = newsletter(
    "截至8月25日，桂林市计生家庭关爱保险参保21.4万份，参保金额969.5万元，累计赔付1211.85万元。", "桂林市计生协")
# 001_2cd31fe16908719c.txt, line 91, signed （河池市计生协）
GX_HECHI = newsletter(
    "截止2022年8月底，全市共完成计生关爱保险投保283753份，参保金额共14187671元，完成自治区计生协下达18万份任务的157.64%。"
    "2022年，全市共为12796户农村计划生育家庭办理爱心保险，投入专项经费63.98万元。", "河池市计生协", "2022年10月18日")

# dev2/d01: only a township names the place
D01 = ("近日,孔城镇为计生家庭购买家庭意外伤害保险,共计惠及905户计生家庭。\n"
       "经摸底,该镇2016年1月1日前女方满49周岁且不超过65周岁的独生子女领证户、农村计划生育双女户共1170户。按照农户自愿原则,"
       "905户计生家庭参加家庭意外伤害保险,保费为每年每户60元,采取省级补助5元、县(市)级补助5元、镇级补助10元、村级补助10元、"
       "计生家庭自行承担30元(其中特扶户及贫困户由村镇两级代缴)的方式投保。\n")
# dev2/d05: a national body, then a province
D05 = ("中国计划生育协会成立于1980年5月29日。目前已建立各级协会102万个,发展会员8300余万名,"
              "成为中国计划生育/生殖健康领域最大的群众团体。\n\n"
              "甘肃省计划生育协会成立于1984年12月1日。截至2013年11月20日,全省共有计生协组织机构18934个,"
              "实际专兼职工作人员33661人。\n")
# dev2/d06: the county's short name (宽城县) for 宽城满族自治县
D06 = webpage("據統計,寬城縣從1998年啟動幸福工程款至今,救助資金共實施六個周期、10個輪次,救助204戶貧困母親、"
              "惠及人口達806人,100%實現了脫貧。", title="新聞動態")
# dev2/d08: 全区 outside Guangxi is the district the report is about
D08 = webpage("“幸福工程”以貧困母親為切入點,立足幫助整個家庭創業致富。晉安區計生協會將“幸福工程”與精準扶貧有效結合。"
              "項目開展15年來,全區先后救助了805位計生貧困母親,惠及人口2790人,累計發放救助資金860萬元,脫貧率達96.3%。"
              "(供稿:區計生協)", "2016-07-22 16:52:21 來源:晉安區人民政府辦公室 【字號 大 中 小】",
              "精準扶貧助力計生戶 “幸福工程”敲開致富門")
# dev2/d11: a list of recipients after the figure is not its subject
D11 = ("以帮扶项目为依托,做实民族团结工作。在市级第七轮帮扶项目中,市计生协结合市委关于创建全国民族团结进步示范市的要求,"
       "制定了《玉溪市计划生育协会深入开展民族团结进步示范市创建活动实施方案》。按照方案要求,通过召开专题会议安排,深入各县区了解,"
       "开展基线调查,确定全市共帮扶11个乡镇街道、18个社区村委会,帮扶计生家庭56户,共计投入帮扶项目资金82.5万元。"
       "在市级第八轮帮扶中,帮扶资金重点倾斜峨山县甸中镇、新平县平掌乡、华宁县青龙镇、通海县兴蒙乡、易门县十街彝族乡、元江县咪哩乡等,"
       "共帮扶43户农户,帮扶惠及家庭人口169人。争取省级帮扶项目及资金共60万元,支持新平县漠沙镇小坝多村、峨山县岔河乡文山村、"
       "塔甸镇瓦哨宗村、嘿腻村少数民族地方发展生产、勤劳致富。\n")
# dev2/d15: a province's body, a dateline city (海口) and a national body's meeting
D15 = webpage("本报讯 (记者张苏民 通讯员陈少君)记者从日前在海口召开的中国红十字会八届二次理事会上了解到,海南省红十字事业已进入快车道,"
              "去年募捐现金超过建会十几年总和。\n\n"
              "据介绍,2005年,省红十字会共募得现金1200多万元,救灾物资价值600多万元,一年募得的现金超过建会十几年来所募现金的总和。\n\n"
              "省红十字会去年募捐与赈济工作主要围绕三件大事开展:印度洋地震海啸灾难中,省红十字会通过总会向海啸灾区共捐款人民币650万元,"
              "与社会各界建立了更为广泛的联系;面对全省持续的大旱,省红十字会用30万元资金给特困群众“送温暖”,"
              "用35万元重点支持几个市县的打井、筑坝、购置输水设备等。",
              "http://www.sina.com.cn 2006年01月09日08:34 海南新闻网-海南日报", "省红十字会去年募捐1200多万元")
# dev2/d16: a county-level city, then the province-wide project
D16 = webpage("東北網1月17日訊(見習記者 崔昕 記者 楊帆) 16日,『2019年共青團助力脫貧攻堅——情暖童心青春暖流鄉伴童行再出發暨紀念全國希望工程實施30周年系列活動啟動儀式』"
              "在海倫市青少年活動中心舉行。200餘名大學生志願者代表集體宣誓,用榜樣的力量陪伴家鄉留守兒童成長。\n"
              "據悉,海倫市現已有320名在校大學生志願者,23名志願服務教師主動參與到此次項目志願服務中。"
              "他們將分成23個服務隊對家鄉的留守兒童進行志願服務。\n"
              "據了解,截至2018年底,關愛留守兒童『情暖童心·鄉伴童行』項目共有來自省內外30餘所高校的2181名志願者參與,"
              "公益服務地覆蓋85個鄉鎮,讓7307名孩子充分感受到公益的關愛和知識的滋養。\n"
              "活動由共青團黑龍江省委員會、黑龍江省希望工程捐助中心、黑龍江省青少年發展基金會主辦,共青團海倫市委員會承辦。",
              title="海伦市启动关爱留守儿童项目")
# dev2/d17: 和县 inside 重视和县人口计生 is not a place
D17 = webpage("2015年,蓝山县计生协会在县委、县政府的高度重视和县人口计生部门的大力支持下,紧紧围绕全县计划生育工作总体目标,"
              "充分调动广大会员的积极性,创新工作思路,改进工作方法,大力加强基层能力建设、生育关怀行动、计划生育村(居)民自治等工作,"
              "深入开展“创先争优、服务大局”活动,主动作为、勇于担当,取得了显著成效。新建立跨省流动人口计生协会3个,"
              "成功创建国家级基层群众自治示范村1个,省级示范村2个,筹集生育关怀资金240余万元,帮扶计生家庭2600多户,发放生育关怀资金134万多元。",
              "08.01.2016  16:04", "蓝山县计生协荣获“2015年度全省计生协模范单位”")
# dev2/d27: the covering unit of a list (高陵、蓝田县和雁塔区 -> 西安市)
D27 = ("据悉,“计生家庭综合保险”将惠及先行试点的高陵、蓝田县和雁塔区的5.8万计生家庭的10余万人,"
       "2012年“计生家庭综合保险”将在西安市全面展开。\n")
# dev2/d30: 我市 with no place anywhere: the region is not known
D30 = ("從明年1月起,我市將在各縣(市)區范圍內普遍推廣獨生子女家庭意外傷害保險。\n"
       "獨生子女家庭意外傷害保險總保額為39000元。\n")
# dev2/d31: 金山网 is a website, not 金山区; 丹阳市 is one member of the city
D31 = webpage("金山网讯 昨天,镇江市慈善总会举行年中大会,回顾了上半年工作。\n\n"
              "今年上半年,市慈善总会相继开展了助医、助学、助残等行动,全市累计救助支出1392.87万元,救助6.0181万人次。\n\n"
              "辖市、区慈善认捐工作取得较大进展,全市新增合同认捐2.1亿元,其中丹阳市上半年新增合同认捐1.7亿元。",
              "发布时间:2013-07-24 08:09  金山网 www.jsw.com.cn", "【慈善】市慈善总会上半年救助6万多人次")
# dev2/d32: 北京、天津等17个省 are the helpers, 拉萨市 the meeting's place: the figures are Tibet's
D32 = webpage("這是記者從衛生部28日在西藏自治區拉薩市召開的第五次全國衛生援藏工作座談會上獲悉的。\n\n"
              "衛生援藏工作領導小組組長、衛生部黨組書記張茅介紹說,“十一五”期間,國家加大對西藏的扶持力度,共安排中央專項投資25.6億元,"
              "支持西藏衛生事業發展。\n\n"
              "按照中央統一部署,自2006年以來,北京、天津等17個省(市)和中國醫學科學院、中國疾病預防控制中心等7個部局屬(管)單位承擔對口援藏任務,"
              "深入到西藏7個地市和74個縣(市、區)的醫療衛生機構工作,提供了優良的醫療服務。",
              "時間:2010-10-13 16:14   來源:人民網", "十一五中央安排專項投資25.6億元 衛生援藏促西藏新跨越")

CASES = [
    row(GX_ASOF, "286万余份", "承保份数", "广西壮族自治区", "关爱保险", "2020-08-31", id="gx-quanqu-footer"),
    row(GX_ASOF, "44.6万份", "承保份数", "钦州市", "关爱保险", "2020-08-31", id="gx-named-city"),
    row(GX_ASOF, "5.61%", "覆盖率", "广西壮族自治区", "关爱保险", "2020-08-31", id="gx-quanqu-level"),
    row(GX_ASOF, "13.77%", "覆盖率", "钦州市", "关爱保险", "2020-08-31", id="gx-list-first"),
    row(GX_ASOF, "7.93%", "覆盖率", "北海市", "关爱保险", "2020-08-31", id="gx-list-last"),
    row(GX_ASOF, "205029份", "承保份数", "浦北县", "关爱保险", "2020-08-31", id="gx-county-list"),
    row(GX_ASOF, "65951份", "承保份数", "南宁市西乡塘区", "关爱保险", "2020-08-31", id="gx-district-short"),
    row(GX_ASOF, "57290份", "承保份数", "北海市海城区", "关爱保险", "2020-08-31", id="gx-district-haicheng"),
    row(GX_ASOF, "50717份", "承保份数", "来宾市兴宾区", "关爱保险", "2020-08-31", id="gx-district-xingbin"),
    row(GX_CITIES, "117.82%", "完成率", "柳州市", "关爱保险", "2020", id="gx-city-short-liuzhou"),
    row(GX_CITIES, "987.84 万元", "理赔金额", "柳州市", "关爱保险", "2020", id="gx-carry-liuzhou"),
    row(GX_CITIES, "54.52 万元", "保费金额", "梧州市", "计生特殊家庭综合保险", "2020", id="gx-city-short-wuzhou"),
    row(GX_CITIES, "15624945 万元", "保费金额", "钦州市", "关爱保险", "2020", id="gx-qinzhou"),
    row(GX_CITIES, "127.55%", "完成率", "钦州市", "关爱保险", "2020", id="gx-zizhiqu-in-label"),
    # 截止7月底 is the month's last day, as the 001 gold writes 截止2022年8月底 (2022-08-31)
    row(GX_NANNING, "40.1万份", "承保份数", "南宁市", "关爱保险", "2020-07-31", id="gx-quanshi-signature"),
    row(GX_NANNING, "8645户", "理赔户数", "南宁市", "关爱保险", "2020-07-31", id="gx-quanshi-carry"),
    row(GX_NANNING, "40 多万元", "投入经费", "南宁市", "生育关怀·医疗帮扶", "2020", id="gx-shi-association",
        xfail="period: the as-of date 截止7月底 of section 二、 carries across the next level-1 heading (三、认真实施…项目); a new 一、-level section should end the as-of carry, leaving the issue year"),
    row(GX_GUILIN, "969.5万元", "保费金额", "桂林市", "关爱保险", "2020-08-25", id="gx-guilin"),
    row(GX_HECHI, "283753份", "承保份数", "河池市", "关爱保险", "2022-08-31", id="gx-hechi-issuer-zizhiqu"),
    row(GX_HECHI, "12796户", "承保户数", "河池市", "爱心保险", "2022", id="gx-hechi-aixin"),
    row(D01, "905户", "承保户数", "桐城市", "计生家庭意外伤害保险", "2016", id="dev2-d01-township-votes",
        xfail="metric: 惠及 (受益人数 alias) wins over the insurance purchase the clause is about: 为…购买…保险,共计惠及905户 counts insured households (承保户数); programme: 家庭意外伤害保险 in a 计生家庭 sentence is the gold's 计生家庭意外伤害保险, the * regex names it as written"),
    row(D05, "102万个", "计生协组织数", "中华人民共和国", "", "", id="dev2-d05-national-body",
        xfail="metric: 各级协会…个 has no alias; the gold vocabulary's 计生协组织数 (各级协会, 计生协组织机构, 协会组织) is missing from metrics.tsv, so the fallback label 目前已建立各级协会 is cut from the clause; period: split_structure takes the prose's 截至2013年11月20日 (甘肃省's as-of date) for the issue date, so 目前 resolves to 2013; a 截至 date in the body dates figures, not the document, and 目前 in an undated text is ''"),
    row(D05, "18934个", "计生协组织数", "甘肃省", "", "2013-11-20", id="dev2-d05-province"),
    row(D06, "204戶", "受益人数", "宽城满族自治县", "幸福工程", "", id="dev2-d06-autonomous-county-short",
        xfail="period: 從1998年啟動…至今 in an undated text gives '1998' (a since-span with no end year); a span whose end is unknown dates nothing: ''"),
    row(D08, "860萬元", "救助金额", "福州市晋安区", "幸福工程", "2016", id="dev2-d08-quanqu-district"),
    row(D11, "82.5万元", "投入经费", "玉溪市", "市级第七轮帮扶项目", "", id="dev2-d11-home-city"),
    row(D11, "60万元", "投入经费", "玉溪市", "省级帮扶项目", "", id="dev2-d11-recipients-after",
        xfail="region: the carried topic of the previous sentence is its first list member 峨山县, because a list whose first member is a chain (峨山县甸中镇、新平县平掌乡…) is not seen from the chain's head in sentence_topic, so the covering unit (玉溪市) is lost; metric: 帮扶 (受益人数 -> 元 family 救助金额) beats 争取 at the clause head, and 争取…资金 is 投入经费; programme: unquoted 省级帮扶项目 not read"),
    row(D15, "1200多万元", "募集资金", "海南省", "", "2005", id="dev2-d15-sheng-red-cross"),
    row(D15, "30万元", "投入经费", "海南省", "", "2005", id="dev2-d15-quansheng-drought"),
    row(D16, "7307名", "受益人数", "黑龙江省", "情暖童心·乡伴童行", "2018-12-31", id="dev2-d16-province-project",
        xfail="region: 省内外30餘所高校…7307名孩子 in a paragraph on the province's project (『情暖童心·鄉伴童行』項目, organised by 黑龍江省) keeps the article's home 海伦市; "
        "metric: no alias names the children who benefit (讓7307名孩子…感受到…關愛: 受益人数), and the fallback label is the bare verb 让"),
    row(D17, "240余万元", "募集资金", "蓝山县", "生育关怀行动", "2015", id="dev2-d17-hexian-in-word",
        xfail="programme: patterns name the campaign 生育关怀 (programmes.tsv); the gold names it 生育关怀行动 as the text does"),
    row(D27, "10余万人", "参保人数", "西安市", "计生家庭综合保险", "", id="dev2-d27-covering-unit",
        xfail="metric: 惠及…10余万人 in a sentence about an insurance product counts the insured (参保人数), not beneficiaries; period: an undated text takes the first year of its lead paragraph (2012, a plan named after the figure) as its default period; nothing dates this figure: ''"),
    row(D30, "39000元", "保险金额", "", "独生子女家庭意外伤害保险", "", id="dev2-d30-woshi-unknown"),
    row(D31, "1392.87万元", "救助金额", "镇江市", "", "2013-H1", id="dev2-d31-jinshan-website"),
    row(D32, "25.6億元", "投入经费", "西藏自治区", "", "2006/2010", id="dev2-d32-helpers-list"),
    # hard cases written to the contract
    row(webpage("新华社北京3月5日电 中国红十字会总会去年共募集资金12亿元,救助困难群众300万人次。",
                "发布时间:2019-03-06 09:00"), "12亿元", "募集资金", "中华人民共和国", "", "2018",
        id="hard-national-body-dateline-city"),
    row(webpage("全国共有计生协会员8300余万名,各级协会102万个。", "发布时间:2015-05-29 10:00"),
        "8300余万名", "会员人数", "中华人民共和国", "", "2015", id="hard-quanguo"),
    row(webpage("今年,内蒙古自治区计划生育协会深入开展帮扶工作。全区共筹集资金320万元,惠及计生困难家庭1200户。",
                "发布时间:2018-12-20 10:00"), "1200户", "受益人数", "内蒙古自治区", "", "2018",
        id="hard-quanqu-autonomous-region"),
    row(webpage("今年,海拉尔区计生协积极开展走访慰问活动。全区共惠及计生特殊家庭86户,发放慰问金4.3万元。",
                "发布时间:2019-01-28 10:00"), "86户", "受益人数", "呼伦贝尔市海拉尔区", "", "2019",
        id="hard-quanqu-district-elsewhere"),
    row(webpage("金山网讯 昨天,市慈善总会举行年中大会。今年上半年,全市累计救助支出320万元。",
                "发布时间:2013-07-24 08:09  金山网"), "320万元", "救助金额", "", "", "2013-H1",
        id="hard-website-only"),
    row(webpage("今年,江永县计生协在县委、县政府的高度重视和县卫生健康部门的大力支持下,帮扶计生家庭300户。",
                "发布时间:2016-01-08 16:04"), "300户", "受益人数", "江永县", "", "2016", id="hard-hexian-in-word"),
    row(webpage("今年,省红十字会通过四川省红十字会向地震灾区群众发放救助金200万元。", "发布时间:2008-12-30 10:00",
                "海南省红十字会工作综述"), "200万元", "救助金额", "海南省", "", "2008", id="hard-transfer-recipient"),
    row(webpage("今年,峨山县、新平县、华宁县共帮扶计生困难家庭43户。", "发布时间:2022-12-01 10:00",
                "玉溪市计生协帮扶工作"), "43户", "受益人数", "玉溪市", "", "2022", id="hard-list-covering"),
    row(webpage("今年,县计生协在孔城镇、范岗镇开展走访帮扶,全县共帮扶计生家庭120户。", "发布时间:2016-12-20 10:00",
                "县计生协开展帮扶"), "120户", "受益人数", "桐城市", "", "2016", id="hard-townships-vote-for-county"),
    row(webpage("今年,中国人寿灵山县支公司共为全县计生家庭理赔案件150件。", "发布时间:2021-12-20 10:00", "关爱保险理赔情况"),
        "150件", "理赔件数", "灵山县", "关爱保险", "2021", id="hard-insurer-branch-names-home"),
    row(webpage("据山东商报报道,全市共发放救助金120万元。", "发布时间:2021-12-20 10:00 来源:山东商报"),
        "120万元", "救助金额", "", "", "2021", id="hard-newspaper-name-only"),
    row(webpage("新华社海口1月9日电 海南省红十字会去年共募集资金1200万元。", "发布时间:2006-01-09 10:00"),
        "1200万元", "募集资金", "海南省", "", "2005", id="hard-dateline-city-province-body"),
    row(newsletter("自治区下达我市2022年计生关爱保险任务18万份。", "河池市计生协", "2022年10月18日"),
        "18万份", "任务数", "河池市", "关爱保险", "2022", id="hard-issuer-not-subject"),
    row(webpage("今年,全县共为1200户计生家庭办理意外伤害保险。\n\n（供稿:灵川县计生协）", "发布时间:2021-06-01 10:00"),
        "1200户", "承保户数", "灵川县", "意外伤害保险", "2021", id="hard-quanxian-byline"),
]


@pytest.mark.parametrize(("text", "raw", "nth", "expected"), CASES)
def test_region(text, raw, nth, expected):
    check(text, raw, nth, expected)
