"""Figures compared by value, whatever their form."""
import pytest

from agent import numbers


@pytest.mark.parametrize("answer, passage", [
    ("发生事故38000起", "2020 年发生各类事故 3.8 万起"),
    ("下降百分之十四点七", "同比下降 14.7%和 7.1%"),
    ("死亡２７４００人", "死亡 2.74 万人"),
    ("38,000 accidents [1]", "事故 3.8 万起"),
    ("六千多座", "改造六千多座危桥"),
])
def test_same_value_in_another_form_is_supported(answer, passage):
    assert numbers.unsupported(answer, [passage]) == []


@pytest.mark.parametrize("answer, passage, missing", [
    ("发生事故 3.9 万起", "发生各类事故 3.8 万起", ["39000"]),
    ("下降 14.7", "下降 14.7%", ["14.7"]),  # a percentage is not a plain number
    ("死亡 262 人[2]", "发生重大事故 16 起", ["262"]),  # the marker [2] is not a figure
])
def test_figure_absent_from_passages_is_reported(answer, passage, missing):
    assert numbers.unsupported(answer, [passage]) == missing


def test_no_passages_means_every_figure_is_unsupported():
    assert numbers.unsupported("16 起", []) == ["16"]
