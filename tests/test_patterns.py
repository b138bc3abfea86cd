"""patterns/: the bundled files load clean; a broken folder yields exactly its problems."""
from __future__ import annotations

import zipfile

import pytest

from tongxun_stats.errors import PatternsError
from tongxun_stats.patterns import bundled_dir, check_patterns, load_patterns


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
        "units.tsv:2: unknown kind 'measure' (one of age, area, counter, duration, length, money, multiple, noun, "
        "percent, points, temperature, volume, weight)",
        "metrics.tsv:4: metric 乙 uses unknown unit '斗' (add it to units.tsv)",
    ]
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


def test_domain_tokenizer_never_splits_a_domain_word():
    tok = load_patterns().tokenizer()
    assert tok.cut("累计投入青春健康教育项目") == ["累", "计", "投入", "青春健康", "教", "育", "项", "目"]
    assert "计生家庭关爱保险" in tok.cut("全市计生家庭关爱保险参保人数")
    assert "参保人数" in tok.cut("全市计生家庭关爱保险参保人数")
