"""Dates for --from/--to: a year or month is a span, and a date that does not exist is an error."""
import pytest

from agent.answers.scope import parse_date
from agent.errors import JiyaoError


@pytest.mark.parametrize("value, end, expected", [
    ("2021", False, "2021-01-01"), ("2021", True, "2021-12-31"),
    ("2021-2", True, "2021-02-28"), ("2024-02", True, "2024-02-29"), ("2021-01-23", True, "2021-01-23"),
    (" 2021-3-5 ", False, "2021-03-05"),
])
def test_parse_date(value, end, expected):
    assert parse_date(value, end) == expected


@pytest.mark.parametrize("value", ["21", "2021-13", "2021-02-30", "2021/01/01", "yesterday", ""])
def test_bad_dates_are_errors(value):
    with pytest.raises(JiyaoError, match="not a date"):
        parse_date(value)
