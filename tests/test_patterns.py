"""patterns/: the bundled files load clean; a broken folder yields exactly its problems."""
from __future__ import annotations

import zipfile

import pytest

from tongxun_stats.errors import PatternsError
from tongxun_stats.patterns import bundled_dir, load_patterns
from tongxun_stats.validate import check_patterns, is_problem


def test_bundled_patterns_load_without_problems():
    p = load_patterns()
    assert "承保份数" in p.metrics and p.metrics["承保份数"].core
    assert p.metric_aliases["理赔案件"] == "理赔件数"
    assert p.units["万元"].base == "元" if "万元" in p.units else p.units["元"].base == "元"
    assert p.programmes["综合险"] == "计生特殊家庭综合保险"


def test_family_member_follows_the_unit():
    p = load_patterns()
    assert p.family_member("参保人数", "份") == "承保份数"
    assert p.family_member("理赔件数", "元") == "理赔金额"
    assert p.family_member("任务数", "%") == "完成率"
    assert p.family_member("知晓率", "元") is None


def test_user_folder_extends(tmp_path):
    (tmp_path / "metrics.tsv").write_text(
        "metric\tcore\tunits\taliases\tmeaning\tfamily\n救助金额\tno\t元\t救助款;扶救助款\tmoney paid as relief\t\n",
        encoding="utf-8")
    p = load_patterns([tmp_path])
    assert p.metric_aliases["扶救助款"] == "救助金额"
    assert "承保份数" in p.metrics  # bundled ones stay


def test_broken_folder_lists_every_problem(tmp_path):
    (tmp_path / "metrics.tsv").write_text(
        "# comment\nmetric\tcore\tunits\taliases\tmeaning\tfamily\n"
        "甲\tno\t元\t重复词;re:([\tfirst\t\n"
        "乙\tno\t斗\t重复词\tsecond\t\n",
        encoding="utf-8")
    (tmp_path / "units.tsv").write_text("written\tbase\tkind\tchinese\n丈\t丈\tmeasure\tno\n", encoding="utf-8")
    problems = check_patterns(tmp_path)
    assert problems == [
        "metrics.tsv:3: bad regex '([': unterminated character set at position 2",
        "metrics.tsv:4: alias 重复词 already maps to 甲",
        "metrics.tsv:4: metric 乙 uses unknown unit '斗' (add it to units.tsv)",
        "units.tsv:2: unknown kind 'measure' (one of age, area, counter, duration, length, money, multiple, noun, "
        "percent, points, temperature, volume, weight)",
    ]  # sorted by file and line
    with pytest.raises(PatternsError):
        load_patterns([tmp_path])


def test_check_warns_when_a_user_alias_or_unit_takes_over_a_builtin_one(tmp_path):
    (tmp_path / "metrics.tsv").write_text(
        "metric\tcore\tunits\taliases\tmeaning\tfamily\n救助金额\tno\t元\t赔付金额;救助款\trelief\t\n", encoding="utf-8")
    (tmp_path / "units.tsv").write_text(
        "written\tbase\tkind\tchinese\n户\t户\tnoun\tyes\n元\t元\tmoney\tyes\n", encoding="utf-8")
    assert check_patterns(tmp_path) == [
        "metrics.tsv:2: warning: alias 赔付金额 now means 救助金额, not the built-in 理赔金额",
        "units.tsv:2: warning: unit 户 now means 户 (noun), not the built-in 户 (counter)",
    ]  # 救助款 is new and 元 unchanged: no warning
    assert not any(map(is_problem, check_patterns(tmp_path)))


def test_a_user_currency_written_before_the_number_lets_the_qualifier_govern(tmp_path):
    from tongxun_stats.quantities import find_quantities

    text = "约合日元70万元"
    assert find_quantities(text, load_patterns())[0].qualifier == ""  # 日元 is no `before` currency
    (tmp_path / "units.tsv").write_text("written\tbase\tkind\tchinese\tbefore\n日元\t日元\tmoney\tyes\tyes\n",
                                        encoding="utf-8")
    q = find_quantities(text, load_patterns([tmp_path]))[0]
    assert (q.value, q.unit, q.qualifier) == (700000, "日元", "约")


def test_before_is_only_for_money(tmp_path):
    (tmp_path / "units.tsv").write_text(
        "written\tbase\tkind\tchinese\tbefore\n丈\t丈\tcounter\tno\tyes\n尺\t尺\tcounter\tno\tmaybe\n", encoding="utf-8")
    message = "before must be yes (money only: a currency written before the number), no or empty"
    assert check_patterns(tmp_path) == [f"units.tsv:2: {message}", f"units.tsv:3: {message}"]


def test_check_rejects_duplicate_rows(tmp_path):
    (tmp_path / "units.tsv").write_text(
        "written\tbase\tkind\tchinese\n丈\t丈\tcounter\tno\n尺\t尺\tcounter\tno\n丈\t丈\tcounter\tno\n", encoding="utf-8")
    assert check_patterns(tmp_path) == ["units.tsv:4: 丈 is already defined on line 2"]


def test_check_rejects_a_folder_without_patterns_files(tmp_path):
    (tmp_path / "notes.txt").write_text("not a patterns file", encoding="utf-8")
    assert check_patterns(tmp_path) == [
        f"{tmp_path}: no patterns file here (expected any of metrics.tsv, units.tsv, programmes.tsv, "
        "exclusions.tsv, qualifiers.tsv, words.tsv, checks.tsv)"]
    with pytest.raises(PatternsError):
        load_patterns([tmp_path])


def test_every_patterns_file_has_a_comment_header():
    for f in bundled_dir().glob("*.tsv"):
        assert f.read_text(encoding="utf-8").startswith("#"), f.name


@pytest.mark.slow
def test_wheel_contains_patterns(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(root)], check=True)
    wheel = next(tmp_path.glob("tongxun_stats-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tongxun_stats/patterns/metrics.tsv" in names
    assert "tongxun_stats/patterns/places/divisions.tsv" in names


def test_the_label_tagger_never_splits_a_domain_word():
    tag = load_patterns().label_tagger.tag
    assert tag("累计投入青春健康教育项目")[2] == ("青春健康", "x_domain")
    words = [w for w, _t in tag("全市计生家庭关爱保险参保人数")]
    assert words[-2:] == ["计生家庭关爱保险", "参保人数"]
    assert tag("合浦县增加") == [("合浦县", "ns"), ("增加", "v")]  # a place is a place, whole
    assert tag("承保份数") == [("承保份数", "x_domain")]  # a domain word the dictionary lacks


def test_word_lists_are_validated(tmp_path):
    (tmp_path / "words.tsv").write_text("list\twords\tmeaning\nmedia_wordz\t晨报\ttypo\nmedia_words\t\tempty\n",
                                        encoding="utf-8")
    problems = check_patterns(tmp_path)
    assert any("words.tsv:2: unknown word list 'media_wordz'" in p for p in problems), problems
    assert any("words.tsv:3: word list media_words has no words" in p for p in problems), problems


def test_a_users_word_list_extends_the_bundled_one(tmp_path):
    """A newspaper the bundled list lacks (某某晨报) stops being read as a place once a
    user adds its word; the bundled words still hold."""
    from tongxun_stats.places import place_index

    (tmp_path / "words.tsv").write_text("list\twords\tmeaning\nmedia_words\t晨报\tmorning papers\n", encoding="utf-8")
    text = "据钦州晨报报道，钦州市新增参保，金山网讯"
    index = place_index()
    before = [m.text for m in index.mentions(text, "450000", load_patterns().vocabulary)]
    after = [m.text for m in index.mentions(text, "450000", load_patterns([tmp_path]).vocabulary)]
    assert "钦州" in before and "钦州" not in after and "钦州市" in after
    assert "金山" not in after


def test_a_users_place_aliases_are_read_and_checked(tmp_path):
    """--patterns honours places/aliases.tsv: another name for a place is read as that
    place, and `patterns check` says which rows name no place or several."""
    from tongxun_stats.api import extract_text

    places = tmp_path / "places"
    places.mkdir()
    (places / "aliases.tsv").write_text(
        "# other names of places\nalias\tplace\tnote\n钦城\t钦州市\told name\n某某城\t不存在市\ttypo\n朝阳\t朝阳区\tseveral\n",
        encoding="utf-8")
    problems = check_patterns(tmp_path)
    assert any(p.startswith("places/aliases.tsv:4: no place '不存在市'") for p in problems), problems
    assert any(p.startswith("places/aliases.tsv:5: '朝阳区' is several places") for p in problems), problems
    assert not any(":3:" in p for p in problems), problems
    text = "全区工作情况\n\n钦城关爱保险新增参保1.2万份。\n\n广西壮族自治区计划生育协会 2021年3月1日印发\n"
    mine = load_patterns([tmp_path])
    assert [f.region for f in extract_text(text, patterns=mine)] == ["钦州市"]
    assert [f.region for f in extract_text(text)] == ["广西壮族自治区"]  # without the alias: the publisher's


def test_the_bundled_patterns_are_loaded_once_however_they_are_asked_for():
    """The CLI asks with its folders (``()``), the checks with none: one load, not two."""
    from tongxun_stats.patterns import default_patterns

    assert default_patterns() is default_patterns(()) is default_patterns([])


def test_warm_up_builds_what_a_first_document_would():
    """A parent that warms up before it forks workers leaves them nothing to build: the
    tagger's table is read and the grammar compiled (in a fresh process: nothing else
    in it has built them)."""
    import subprocess
    import sys

    probe = ("from tongxun_stats.patterns import default_patterns; from tongxun_stats.quantities import grammar_for; "
             "{warm}p = default_patterns(); print(p.label_tagger._tags is not None, grammar_for.cache_info().currsize)")
    run = [subprocess.run([sys.executable, "-c", probe.format(warm=w)], capture_output=True, text=True, check=True).stdout
           for w in ("", "from tongxun_stats.api import warm_up; warm_up(); ")]
    assert run == ["False 0\n", "True 1\n"]
