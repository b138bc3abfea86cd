"""the check package: ratios, sums and outliers on hand-built figures, then on both samples."""
from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest
import regex

from tongxun_stats.check import (
    FINDING_COLUMNS,
    Finding,
    check_figures,
    figure_flags,
    flag_figures,
    load_checks,
)
from tongxun_stats.check.intervals import currencies, rate_units
from tongxun_stats.check.outliers import _HINTED
from tongxun_stats.errors import ExportError, PatternsError
from tongxun_stats.export import write_findings
from tongxun_stats.model import Document, Figure, Flag, FlagCode, flags_text
from tongxun_stats.normalise import normalise
from tongxun_stats.quantities import parse_quantity

DOC = "t.txt"


def figures(text: str, *specs, region: str = "河池市", program: str = "关爱保险") -> list[Figure]:
    """Figures for ``specs`` (raw, value, unit, metric[, extra fields]) found in order in ``text``.

    Tests may search the text: the library never does (it keeps offsets from the parser).
    """
    out, pos, document = [], 0, Document(DOC, text)
    for raw, value, unit, metric, *extra in specs:
        start = text.index(raw, pos)
        pos = start + len(raw)
        s_start = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
        ends = [i for i in (text.find("。", start), text.find("\n", start)) if i >= 0]
        s_end = min(ends) + 1 if ends else len(text)
        q = parse_quantity(normalise(raw).text)  # the precision the grammar carries, as extract sets it
        fields = dict(doc=DOC, line=text.count("\n", 0, start) + 1, raw=raw, value=Decimal(value), unit=unit,
                      metric=metric, region=region, program=program, start=start, end=pos, document=document,
                      sentence_start=s_start, sentence_end=s_end,
                      precision=q.step if q else None)
        fields.update(extra[0] if extra else {})
        out.append(Figure(**fields))
    return out


def kinds(found) -> list[tuple[str, str]]:
    return [(f.kind, f.rule) for f in found]


# -- ratios: (id, text, figure specs, expected (kind, rule) list, expected computed) ---------
# The tolerance is the stated figure's last digit (half of it, plus truncation: 120% may
# stand for 120.67%) widened by the rounding of the inputs as written.
RATIOS = [
    ("two decimals confirmed",  # 001:91
     "全市共完成计生关爱保险投保283753份，完成自治区计生协下达18万份任务的157.64%。",
     [("283753份", 283753, "份", "承保份数"), ("18万份", 180000, "份", "任务数"), ("157.64%", "157.64", "%", "完成率")],
     [("confirmed", "完成率")], "157.64"),
    ("integer rate, truncated not rounded",  # 001:99: 217213 / 180000 = 120.67 written 120%
     "全市计生关爱保险完成217213份，自治区下达18万份，完成率120%。",
     [("217213份", 217213, "份", "承保份数"), ("18万份", 180000, "份", "任务数"), ("120%", 120, "%", "完成率")],
     [("confirmed", "完成率")], "120.67"),
    ("exact inputs, last digit off",
     "完成283753份，任务180000份，完成率157.65%。",
     [("283753份", 283753, "份", "承保份数"), ("180000份", 180000, "份", "任务数"), ("157.65%", "157.65", "%", "完成率")],
     [("mismatch", "完成率")], "157.64"),
    ("exact inputs, one decimal",
     "完成283753份，任务180000份，完成率157.6%。",
     [("283753份", 283753, "份", "承保份数"), ("180000份", 180000, "份", "任务数"), ("157.6%", "157.6", "%", "完成率")],
     [("confirmed", "完成率")], "157.64"),
    ("exact inputs, integer rounded up",
     "完成283753份，任务180000份，完成率158%。",
     [("283753份", 283753, "份", "承保份数"), ("180000份", 180000, "份", "任务数"), ("158%", 158, "%", "完成率")],
     [("confirmed", "完成率")], "157.64"),
    ("exact inputs, integer too low",
     "完成283753份，任务180000份，完成率156%。",
     [("283753份", 283753, "份", "承保份数"), ("180000份", 180000, "份", "任务数"), ("156%", 156, "%", "完成率")],
     [("mismatch", "完成率")], "157.64"),
    ("inputs rounded to 0.01亿 allow 83.3%",  # 000:51
     "理赔金额达1.1亿元，承保金额达1.32亿元，综合理赔率达83.3%。",
     [("1.1亿元", 110000000, "元", "理赔金额"), ("1.32亿元", 132000000, "元", "保费金额"), ("83.3%", "83.3", "%", "赔付率")],
     [("confirmed", "赔付率")], "83.33"),
    ("inputs rounded to 0.01亿 do not allow 90%",
     "理赔金额达1.1亿元，承保金额达1.32亿元，综合理赔率达90%。",
     [("1.1亿元", 110000000, "元", "理赔金额"), ("1.32亿元", 132000000, "元", "保费金额"), ("90%", 90, "%", "赔付率")],
     [("mismatch", "赔付率")], "83.33"),
    ("numerator written with 余",  # 000:51: 286万余份 / 240万份 = 119.17
     "共承保286万余份，占年预期目标任务数（240万份）的119%。",
     [("286万余份", 2860000, "份", "承保份数", {"qualifier": "余", "lower": Decimal(2860000)}),
      ("240万份", 2400000, "份", "任务数"), ("119%", 119, "%", "完成率")],
     [("confirmed", "完成率")], "119.17"),
    ("stated as a floor (以上) and met",
     "完成283753份，任务180000份，完成率150%以上。",
     [("283753份", 283753, "份", "承保份数"), ("180000份", 180000, "份", "任务数"),
      ("150%", 150, "%", "完成率", {"qualifier": "以上", "lower": Decimal(150)})],
     [("confirmed", "完成率")], "157.64"),
    ("the inputs are in the previous sentence of the paragraph",  # 001:91
     "参保金额共14187671元。赔付金额7644418元，赔付率为53.88%。",
     [("14187671元", 14187671, "元", "保费金额"), ("7644418元", 7644418, "元", "理赔金额"), ("53.88%", "53.88", "%", "赔付率")],
     [("confirmed", "赔付率")], "53.88"),
    ("two numerators in the sentence, neither fits: ambiguous, no finding",
     "甲完成100份，乙完成300份，任务200份，完成率180%。",
     [("100份", 100, "份", "承保份数"), ("300份", 300, "份", "承保份数"), ("200份", 200, "份", "任务数"),
      ("180%", 180, "%", "完成率")],
     [], None),
    ("two numerators in the sentence, the farther fits: confirmed",
     "甲完成100份，乙完成300份，任务200份，完成率150%。",
     [("100份", 100, "份", "承保份数"), ("300份", 300, "份", "承保份数"), ("200份", 200, "份", "任务数"),
      ("150%", 150, "%", "完成率")],
     [("confirmed", "完成率")], "150.00"),
    ("coverage against a population stated as a figure",
     "全县总人口23万人，参保人数5.06万人，覆盖率22%。",
     [("23万人", 230000, "人", "全县总人口"), ("5.06万人", 50600, "人", "参保人数"), ("22%", 22, "%", "覆盖率")],
     [("confirmed", "覆盖率")], "22.00"),
    ("a rate without its base is not checked",  # 001:175
     "参保人数222674份，完成目标任务的113.4%，人口覆盖率22.8%。",
     [("222674份", 222674, "份", "承保份数"), ("113.4%", "113.4", "%", "完成率"), ("22.8%", "22.8", "%", "覆盖率")],
     [], None),
    ("the nearest rate claims its inputs: the later one reaches no further back",
     "甲完成100份，任务80份，完成率125%；乙完成50份，完成率130%。",
     [("100份", 100, "份", "承保份数"), ("80份", 80, "份", "任务数"), ("125%", 125, "%", "完成率"),
      ("50份", 50, "份", "承保份数"), ("130%", 130, "%", "完成率")],
     [("confirmed", "完成率")], "125.00"),
]


@pytest.mark.parametrize(("text", "specs", "expected", "computed"), [r[1:] for r in RATIOS], ids=[r[0] for r in RATIOS])
def test_ratio(text, specs, expected, computed):
    found = check_figures(figures(text, *specs), text=text)
    assert kinds(found) == expected
    if computed is not None:
        assert found[0].computed == Decimal(computed)
        assert found[0].figures[0][3] == specs[-1][0] or found[0].figures[0][4] == "完成率"


def test_ratio_needs_the_same_region_and_programme():
    text = "完成283753份，任务18万份，完成率100%。"
    figs = figures(text, ("283753份", 283753, "份", "承保份数"), ("18万份", 180000, "份", "任务数"),
                   ("100%", 100, "%", "完成率"))
    other_region = [figs[0], figs[1].__class__(**{**figs[1].as_dict(), "region": "贵港市"}), figs[2]]
    other_programme = [figs[0], figs[1].__class__(**{**figs[1].as_dict(), "program": "爱心保险"}), figs[2]]
    assert check_figures(figs, text=text)[0].kind == "mismatch"
    assert check_figures(other_region, text=text) == []
    assert check_figures(other_programme, text=text) == []


def test_figures_far_apart_do_not_pair():
    text = "完成283753份。" + "文" * 400 + "任务180000份，完成率99%。"
    figs = figures(text, ("283753份", 283753, "份", "承保份数"), ("180000份", 180000, "份", "任务数"),
                   ("99%", 99, "%", "完成率"))
    assert check_figures(figs, text=text) == []


def test_finding_points_at_its_figures():
    text = RATIOS[0][1]
    figs = figures(text, *RATIOS[0][2])
    (x,) = check_figures(figs, text=text)
    assert x.doc == DOC and x.stated == Decimal("157.64")
    assert [f[3] for f in x.figures] == ["157.64%", "283753份", "18万份"]
    assert all(text[start:end] == raw for _line, start, end, raw, _m in x.figures)
    assert "157.64%" in x.message and "283753份" in x.message


# -- sums: a total and the parts after 其中 ---------------------------------------------
SUMS = [
    ("parts add up",  # 001:175
     "全县共理赔案件1986件，理赔金额约206.90万元，其中：医疗理赔1174件，理赔金额约103.24万元；身故理赔812件，理赔金额约103.66万元。",
     [("1986件", 1986, "件", "理赔件数"), ("206.90万元", 2069000, "元", "理赔金额", {"qualifier": "约"}),
      ("1174件", 1174, "件", "理赔件数"), ("103.24万元", 1032400, "元", "理赔金额", {"qualifier": "约"}),
      ("812件", 812, "件", "理赔件数"), ("103.66万元", 1036600, "元", "理赔金额", {"qualifier": "约"})],
     [("confirmed", "分项之和"), ("confirmed", "分项之和")]),
    ("parts in the next sentence, total rounded",  # 000:51
     "理赔金额达1.1亿元。其中，爱心保险理赔金额共660万元；综合保险理赔金额共998万元；关爱保险理赔金额共9385万元。",
     [("1.1亿元", 110000000, "元", "理赔金额"), ("660万元", 6600000, "元", "理赔金额"),
      ("998万元", 9980000, "元", "理赔金额"), ("9385万元", 93850000, "元", "理赔金额")],
     [("confirmed", "分项之和")]),
    ("parts add up to more than the total",
     "全县共理赔案件1986件，其中：医疗理赔1174件，身故理赔912件。",
     [("1986件", 1986, "件", "理赔件数"), ("1174件", 1174, "件", "理赔件数"), ("912件", 912, "件", "理赔件数")],
     [("mismatch", "分项之和")]),
    ("parts short of the total: the list may be partial, no finding",
     "全县共理赔案件1986件，其中：医疗理赔1174件，身故理赔700件。",
     [("1986件", 1986, "件", "理赔件数"), ("1174件", 1174, "件", "理赔件数"), ("700件", 700, "件", "理赔件数")],
     []),
    ("the parts end with the sentence",
     "全县共理赔案件1986件，其中：医疗理赔1174件，身故理赔812件。去年同期理赔案件900件。",
     [("1986件", 1986, "件", "理赔件数"), ("1174件", 1174, "件", "理赔件数"), ("812件", 812, "件", "理赔件数"),
      ("900件", 900, "件", "理赔件数")],
     [("confirmed", "分项之和")]),
    ("one part is not a breakdown",  # 000:51
     "共承保286万余份。其中，钦州市参保份数达44.6万份。",
     [("286万余份", 2860000, "份", "承保份数", {"qualifier": "余"}), ("44.6万份", 446000, "份", "承保份数")],
     []),
]


@pytest.mark.parametrize(("text", "specs", "expected"), [r[1:] for r in SUMS], ids=[r[0] for r in SUMS])
def test_sum(text, specs, expected):
    assert kinds(check_figures(figures(text, *specs), text=text)) == expected


def test_sum_needs_the_text():
    text, specs, _ = SUMS[0][1:]
    assert check_figures(figures(text, *specs)) == []


# -- outliers: a per-unit amount far from the document's others ------------------------------
PREMIUMS = "".join(f"{city}参保{n}份，保费金额{p}万元。\n" for city, n, p in (
    ("南宁市", "40.1万", "1147.5"), ("桂林市", "21.4万", "969.5"), ("贵港市", "217213", "1083.14"), ("河池市", "283753", "1418.77")))
PREMIUM_SPECS = [("40.1万份", 401000, "份", "承保份数"), ("1147.5万元", 11475000, "元", "保费金额"),
                 ("21.4万份", 214000, "份", "承保份数"), ("969.5万元", 9695000, "元", "保费金额"),
                 ("217213份", 217213, "份", "承保份数"), ("1083.14万元", 10831400, "元", "保费金额"),
                 ("283753份", 283753, "份", "承保份数"), ("1418.77万元", 14187700, "元", "保费金额")]


def test_outlier_names_the_figure_with_a_stray_magnitude():  # 000:149
    text = PREMIUMS + "钦州市共有 446427 人投保，保费金额 15624945 万元。\n"
    figs = figures(text, *PREMIUM_SPECS, ("446427 人", 446427, "人", "参保人数"),
                   ("15624945 万元", 156249450000, "元", "保费金额"))
    (x,) = check_figures(figs, text=text)
    assert (x.kind, x.rule) == ("outlier", "每份保费")
    assert x.figures[0][3] == "15624945 万元" and x.figures[1][3] == "446427 人"
    # stated and computed measure the same thing: this pair's 元 per person, and the median of the
    # four others' 元 per policy (28.62 45.30 49.87 50.00) it is compared with
    assert (x.stated, x.computed) == (Decimal("350000.00"), Decimal("47.58"))
    assert "= 350000 元/人" in x.message and "the median 47.58 元 of the other 4 pairs" in x.message
    assert "万" in x.message and "15624945 万元" in x.message


def test_the_outlier_hint_names_the_magnitude_that_explains_the_ratio():
    assert _HINTED == (("亿", 8), ("百万", 6), ("万", 4), ("千", 3))  # the grammar's powers, in the hint's order


def test_outlier_can_be_the_denominator():
    text = PREMIUMS + "钦州市共有 446427万 人投保，保费金额 1562.49 万元。\n"
    figs = figures(text, *PREMIUM_SPECS, ("446427万 人", 4464270000, "人", "参保人数"),
                   ("1562.49 万元", 15624900, "元", "保费金额"))
    (x,) = check_figures(figs, text=text)
    assert x.kind == "outlier" and x.figures[0][3] == "446427万 人"


def test_no_outlier_within_thirty_times():
    text = PREMIUMS + "梧州市综合保险1363份，保费金额54.52万元。\n"  # 400 元 a policy, 9× the median
    figs = figures(text, *PREMIUM_SPECS, ("1363份", 1363, "份", "承保份数"), ("54.52万元", 545200, "元", "保费金额"))
    assert check_figures(figs, text=text) == []


@pytest.mark.parametrize(("premium", "expected"), [("5600万元", ["outlier"]), ("28万元", [])], ids=["out of range", "in range"])
def test_too_few_peers_use_the_sane_range(premium, expected):
    text = f"共有5600人投保，保费金额{premium}。"
    value = 56000000 if premium == "5600万元" else 280000  # 10000 or 50 元 a person
    figs = figures(text, ("5600人", 5600, "人", "参保人数"), (premium, value, "元", "保费金额"))
    found = check_figures(figs, text=text)
    assert [x.kind for x in found] == expected
    if found:  # the pair's 10000 元/人 against the top of the sane range
        assert (found[0].stated, found[0].computed) == (Decimal(10000), Decimal(5000))
        assert "the sane range" in found[0].message


def test_payout_per_claim_uses_claims():
    text = "理赔案件556件，理赔金额127.61万元。"
    figs = figures(text, ("556件", 556, "件", "理赔件数"), ("127.61万元", 1276100, "元", "理赔金额"))
    assert check_figures(figs, text=text) == []  # 2295 元 a claim: in the sane range


# -- flags ------------------------------------------------------------------------------------


def test_figure_flags_and_merge():
    text = PREMIUMS + "钦州市共有 446427 人投保，保费金额 15624945 万元。\n确保有2—3名专职人员，下拨 44 万用于购买。"
    figs = figures(text, *PREMIUM_SPECS, ("446427 人", 446427, "人", "参保人数"),
                   ("15624945 万元", 156249450000, "元", "保费金额"),
                   ("3名", 3, "名", "专职人员"),
                   ("44 万", 440000, "元", "投入经费", {"flags": (Flag(FlagCode.UNIT_INFERRED),), "region": ""}))
    flags = figure_flags(figs, text=text)
    assert flags == {
        9: [Flag(FlagCode.CHECK, "outlier: 每份保费")],
        10: [Flag(FlagCode.RANGE_HALF_PARSED)],
        11: [Flag(FlagCode.UNIT_INFERRED), Flag(FlagCode.NO_REGION)],
    }
    merged = flag_figures(figs, text=text)
    assert flags_text(merged[11].flags) == "unit inferred; no region"  # the words only at export
    assert flags_text(merged[9].flags) == "check outlier: 每份保费"
    assert merged[0] == figs[0]


def test_a_whole_range_is_not_half_parsed():
    text = "确保有2—3名专职人员。"
    figs = figures(text, ("2—3名", 2, "名", "专职人员", {"lower": Decimal(2), "upper": Decimal(3), "flags": (Flag(FlagCode.RANGE),)}))
    assert figure_flags(figs, [], text=text) == {}


@pytest.mark.parametrize("text, raw", [
    ("3—5名专职人员", "5名"),  # the sign within 4 characters of the text's start
    ("2到 3名专职人员", "3名"),
    ("共有3名至5", "3名"),  # the range's other end the last character of the text
    ("共有3名 ～6", "3名"),
    ("共有3名至", "3名"),
    ("有3名，至少", "3名"),  # a sign further than the patterns reach: no flag
    ("共2－3名", "2－3名"),  # a fullwidth dash: a range in the raw once normalised
    ("共有3名专职人员", "3名"),
])
def test_a_range_sign_next_to_a_figure_is_found_wherever_it_stands(text, raw):
    figs = figures(text, (raw, 3, "名", "专职人员"))
    found = figure_flags(figs, [], text=text)
    assert (Flag(FlagCode.RANGE_HALF_PARSED) in found.get(0, [])) is _half_range(figs[0], text)


def _half_range(f: Figure, text: str) -> bool:
    """The test one figure at a time: a range sign in the raw, or right before or after it."""
    import unicodedata

    sign = r"(?:[—–\-~～]+|至|到)"
    if regex.search(rf"\d\s*{sign}\s*\d", unicodedata.normalize("NFKC", f.raw)):
        return f.lower is None or f.upper is None
    return bool(regex.search(rf"\d\s*{sign}\s*$", text[max(0, f.start - 4) : f.start])
                or regex.match(rf"^\s*{sign}\s*\d", text[f.end : f.end + 4]))


# -- records and files ----------------------------------------------------------------------


def test_write_findings(tmp_path):
    text = RATIOS[0][1]
    found = check_figures(figures(text, *RATIOS[0][2]), text=text)
    rec = found[0].as_record()
    assert tuple(rec) == FINDING_COLUMNS
    assert rec["stated"] == 157.64 and rec["line"] == 1 and "283753份 承保份数" in rec["figures"]
    assert write_findings(found, "csv", tmp_path / "f.csv") == 1
    with open(tmp_path / "f.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["kind"] == "confirmed" and rows[0]["computed"] == "157.64"
    assert write_findings(found, "jsonl", tmp_path / "f.jsonl") == 1
    assert json.loads((tmp_path / "f.jsonl").read_text(encoding="utf-8"))["rule"] == "完成率"
    with pytest.raises(ExportError):
        write_findings(found, "yaml", tmp_path / "f.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv", "f.jsonl"]  # no temp files left


def test_bundled_checks_load():
    checks = load_checks()
    assert {r.kind for r in checks.rules} == {"ratio", "sum", "outlier"}
    assert checks.bounds["余"] == ("lower", True) and checks.bounds["约"][0] == "approx"


def test_the_rates_are_the_percent_and_points_units_of_the_patterns():
    assert rate_units() == {"%", "‰", "百分点", "千分点"}
    assert {"元", "美元", "港元"} <= currencies() and not currencies() & rate_units()


@pytest.mark.parametrize("kind, fail_on, fails", [
    ("mismatch", ["mismatch"], True), ("ocr-mismatch", ["mismatch"], True), ("ocr-outlier", ["mismatch"], False),
    ("ocr-outlier", ["outlier"], True), ("outlier", ["mismatch", "outlier"], True), ("confirmed", ["mismatch"], False),
    ("ocr-mismatch", ["ocr-mismatch"], True), ("mismatch", [], False),
])
def test_fail_on_counts_a_finding_read_by_ocr_as_its_kind(kind, fail_on, fails):
    x = Finding(DOC, kind, "完成率", None, None, (), "")
    assert x.is_a(fail_on) is fails


def test_broken_checks_folder_lists_every_problem(tmp_path):
    (tmp_path / "checks.tsv").write_text(
        "# comment\nkind\trule\tstated\tnumerator\tdenominator\tscale\tlow\thigh\tfactor\twords\n"
        "ratio\t坏比率\t完成率\t不存在的指标\t任务数\t100\t\t\t\t\n"
        "average\t平均\t\t\t\t\t\t\t\t\n"
        "outlier\t每份\t\t保费金额\t承保份数\t1\t10\t5\t30\t\n"
        "sum\t无词\t*\t\t\t\t\t\t\t\n",
        encoding="utf-8")
    with pytest.raises(PatternsError) as e:
        load_checks([tmp_path])
    assert e.value.problems == [
        "checks.tsv:4: kind must be one of ratio, sum, outlier and rule must be named",
        "checks.tsv:5: scale must be > 0, factor > 1 and low < high",
        "checks.tsv:6: a sum rule needs words",
        "checks.tsv:3: unknown metric 不存在的指标 (not in metrics.tsv)",
    ]


# -- the samples --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_findings(sample_figures):
    return {name: check_figures(figs, text=text) for name, (text, figs) in sample_figures.items()}


def _find(found, kind, rule, stated):
    hits = [x for x in found if x.kind == kind and x.rule == rule and x.stated == Decimal(stated)]
    assert len(hits) == 1, [x.message for x in found]
    return hits[0]


def test_samples_confirm_the_stated_rates(sample_findings):
    hechi = _find(sample_findings["001_2cd31fe16908719c.txt"], "confirmed", "完成率", "157.64")
    assert hechi.computed == Decimal("157.64") and {"283753份", "18万份"} <= {f[3] for f in hechi.figures}
    payout = _find(sample_findings["001_2cd31fe16908719c.txt"], "confirmed", "赔付率", "53.88")
    assert payout.computed == Decimal("53.88") and {"7644418元", "14187671元"} <= {f[3] for f in payout.figures}
    wuzhou = _find(sample_findings["000_bc105862800a2212.txt"], "confirmed", "赔付率", "234.06")
    assert wuzhou.computed == Decimal("234.06") and {"127.61 万元", "54.52 万元"} <= {f[3] for f in wuzhou.figures}


def test_samples_report_the_qinzhou_premium_as_an_outlier(sample_findings):
    outliers = [x for x in sample_findings["000_bc105862800a2212.txt"] if x.kind == "outlier"]
    assert [(x.figures[0][0], x.figures[0][3]) for x in outliers] == [(149, "15624945 万元")]
    assert "钦州市" in outliers[0].message


def test_samples_have_no_mismatch(sample_findings):
    for name, found in sample_findings.items():
        assert [x.message for x in found if x.kind == "mismatch"] == [], name
        assert [x.kind for x in found if x.kind == "outlier"] == (["outlier"] if name.startswith("000") else [])


def test_sample_findings_point_into_the_text(sample_figures, sample_findings):
    for name, found in sample_findings.items():
        text = sample_figures[name][0]
        for x in found:
            assert all(text[start:end] == raw for _line, start, end, raw, _m in x.figures), x.message


# -- the command ----------------------------------------------------------------------------------


def test_cli_check_equals_the_library(tmp_path, sample_paths, sample_findings):
    from typer.testing import CliRunner

    from tongxun_stats.cli import app

    out = tmp_path / "findings.jsonl"
    res = CliRunner().invoke(app, ["check", *map(str, sample_paths), "-o", str(out), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = [json.loads(json.dumps(x.as_record(), ensure_ascii=False))
                for p in sample_paths for x in sample_findings[p.name]]
    assert rows == expected
    res = CliRunner().invoke(app, ["check", *map(str, sample_paths), "-k", "outlier", "-f", "jsonl", "--jobs", "1"])
    assert [json.loads(line)["kind"] for line in res.stdout.splitlines()] == ["outlier"]


def test_cli_check_exit_codes(tmp_path, sample_paths):
    from typer.testing import CliRunner

    from tongxun_stats.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["check", str(tmp_path / "nope.txt")]).exit_code == 2
    assert runner.invoke(app, ["check", str(sample_paths[0]), "-k", "maybe"]).exit_code == 2
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    res = runner.invoke(app, ["check", str(tmp_path / "empty.txt"), "-f", "jsonl"])
    assert res.exit_code == 0 and res.stdout == ""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.txt").write_text(sample_paths[1].read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 200)
    res = runner.invoke(app, ["check", str(folder), "-o", str(tmp_path / "f.csv"), "--jobs", "1"])
    assert res.exit_code == 1 and "broken.txt" in res.output
    assert "a.txt" in (tmp_path / "f.csv").read_text(encoding="utf-8-sig").splitlines()[1]


@pytest.mark.parametrize(("paid", "premium"), [("1.1亿美元", "1.32亿元"), ("1.1亿美元", "1.32亿港元")])
def test_ratio_never_mixes_currencies(paid, premium):
    text = f"理赔金额{paid}，保费金额{premium}，赔付率90%。"
    units = [u[-2:] if u.endswith(("美元", "港元")) else "元" for u in (paid, premium)]
    figs = figures(text, (paid, 110000000, units[0], "理赔金额"), (premium, 132000000, units[1], "保费金额"),
                   ("90%", 90, "%", "赔付率"))
    assert check_figures(figs, text=text) == []


def test_sum_never_mixes_currencies():
    text = "共投入资金300万美元，其中美方资金100万美元，港澳资金200万港元。"
    figs = figures(text, ("300万美元", 3000000, "美元", "投入经费"), ("100万美元", 1000000, "美元", "投入经费"),
                   ("200万港元", 2000000, "港元", "投入经费"))
    assert check_figures(figs, text=text) == []


def test_the_cli_fails_on_an_ocr_finding_of_the_kind_asked_in_either_path():
    """``check --fail-on mismatch`` meets an ocr-mismatch whether the parent renders the
    findings (json, xlsx …) or the workers do (csv, tsv, jsonl)."""
    from types import SimpleNamespace

    from tongxun_stats import cli
    from tongxun_stats.api import Rendered
    from tongxun_stats.check import Finding

    def run(results):
        return SimpleNamespace(results=lambda: iter(results), counts={"findings": 0})

    ocr = Finding(doc="a.png", kind="ocr-mismatch", rule="赔付率", stated=None, computed=None, message="", figures=())
    for fail_on, expected in ((["mismatch"], {"ocr-mismatch"}), (["outlier"], set())):
        parent: set[str] = set()
        list(cli._kept_findings(run([[ocr]]), None, fail_on, parent))
        workers: set[str] = set()
        list(cli._rendered_findings(run([[Rendered("x\n", 1, 1, frozenset({"ocr-mismatch", "confirmed"}))]]),
                                    fail_on, workers))
        assert parent == workers == expected
