"""Fallback labels, table-driven: the clause before a number and what follows it, in;
the label, whole, out. Clauses are from the newsletters and dev2."""
from __future__ import annotations

import pytest

from tongxun_stats.attribute.label import noun_phrase
from tongxun_stats.patterns import load_patterns

PATTERNS = load_patterns()

CASES = [
    # before the number, after it (its unit already read), label
    ("注册红十字会员", "", "注册红十字会员"),  # a verb opening the clause may modify the noun
    ("共成立红十字基层组织", "", ""),  # 组织 is a verb to the dictionary: no label rather than a wrong one
    ("实际专兼职工作人员", "", "工作人员"),  # 兼职 is a verb to the dictionary
    ("团体会员", "个，个人会员", "团体会员"),
    ("全市红十字救护员", "", "红十字救护员"),  # 全市 is a place word, not a label
    ("贫困母亲每户获得", "的幸福工程款", "幸福工程款"),  # a verb before: the noun after 的
    ("建成", "造血干细胞捐献基层服务点", "造血干细胞捐献基层服务点"),  # a verb before: the noun after
    ("他们已设立了一个面积", "的物资储备库", "面积"),
    ("在全县", "中学开展青春健康教育讲座", "中学"),
    ("其中县级协会", "，乡(镇)街道协会", "县级协会"),
    ("市计生协建立志愿者服务队", "，共同出资", "志愿者服务队"),
    ("今已建成一栋两楼一底", "的水泥板新房", "水泥板新房"),
    ("确定全市共帮扶", "乡镇街道、18个社区村委会", "乡镇街道"),
    ("来自亮甲台镇和铧尖乡的", "贫困母亲每户获得", "贫困母亲"),  # places before are never a label
    ("钦州市", "", ""),  # a place right before the number is its region
    ("全年成功培训", "卫生救护志愿者", "卫生救护志愿者"),
    ("鸡鸭猪苗在猪瘟高峰期成活率仍", "以上", "猪瘟高峰期成活率"),
    ("家庭总收入", "，人均纯收入", "家庭总收入"),
    ("让", "孩子充分感受到公益的关爱", "孩子"),
    ("脱贫率", "", "脱贫率"),
    ("为", "", ""),
]


@pytest.mark.parametrize(("before", "after", "label"), CASES, ids=[c[0] or c[1] for c in CASES])
def test_fallback_label(before, after, label):
    assert noun_phrase(PATTERNS.label_tagger, before, after, predicates=PATTERNS.vocabulary.predicate_verbs,
                       reject=PATTERNS.label_rejects) == label
