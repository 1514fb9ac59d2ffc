"""Deadlines as said in a meeting ("周五前", "下下周三", "12月18号之前", "月底", "年底之前",
"下次组会", "明天上午十点之前"),
and the date each means once the meeting's date is known (周五前 said on a Tuesday: that Friday).

No maintained library reads spoken Chinese relative dates offline without a large model or
dictionary (jionlp bundles megabytes of data for this one job), so the few forms meetings use are
read here."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Optional

_DAYS = "一二三四五六日天"
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUM = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
_WHEN = (
    rf"(?:(?P<month>{_NUM})月(?:份)?)?(?P<day>{_NUM})[号日]"
    rf"|(?P<week>下下|下个?|这个?|本)?(?:周|星期|礼拜)(?P<weekday>[{_DAYS}])"
    r"|(?P<rel>(?:今天|今晚)(?=之前|之内|以内|内|下班|晚上|[前下])|今晚|明天|后天|大后天)"
    r"|(?P<monthend>这个月底|月底|月末|本月底|下个?月初|下个?月底)"
    r"|(?P<weekend>这周|本周|下周|下个?星期)(?=内|之内|以内|结束|前|把|之|再|就|[，,])"
    r"|(?P<yearend>今年年底|年底|年前|年内|今年内)"
    r"|(?P<event>下次(?:组会|例会|周会|开会|会上|会))"
    rf"|(?P<span>{_NUM}|半)(?:个)?(?P<unit>天|周|星期|礼拜|个月)(?:半)?(?=之内|以内|内)"
)
# A deadline: a day, then maybe a time of it and "before".
DEADLINE = re.compile(
    rf"(?:{_WHEN})(?:上午|下午|晚上|中午|早上|下班)?(?:(?:{_NUM})点(?:半)?)?"
    r"(?:之前|以前|前|之内|以内|内|结束前|下班前)?")


def number(said: str) -> Optional[int]:
    if said.isdigit():
        return int(said)
    if said == "十":
        return 10
    if said.startswith("十"):
        return 10 + _CN.get(said[1:], 0)
    if "十" in said:
        tens, _, ones = said.partition("十")
        return _CN.get(tens, 0) * 10 + (_CN.get(ones, 0) if ones else 0)
    return _CN.get(said)


# What a bare "N号" numbers when it is no day: 2号塔吊, 3号线, 5号楼, 1号机, 8号门.
_NUMBERED = re.compile(r"[个人线楼机塔门位床库仓口桌窗柜厅房院车道厂馆台箱坑井桩炉罐泵窑池]")
_BY = ("之前", "以前", "前", "之内", "以内", "内")  # the words that make a day a deadline


def find(text: str, last: bool = False) -> Optional[re.Match]:
    """The first deadline said in text (the last when last: "十五号太晚了，提前到十二号"), or None
    ("八千人", "2号塔吊" and "第三" are not days). A day said with "before" is the deadline over
    a day merely mentioned ("开题是下下周二…下周五之前必须交给我" → 下周五之前)."""
    found = [m for m in DEADLINE.finditer(text)
             if not (m.group("day") and not m.group("month") and _NUMBERED.match(text, m.end()))]
    if not found:
        return None
    by = [m for m in found if m.group(0).endswith(_BY)]
    pool = by or found
    return pool[-1] if last else pool[0]


def resolve(match: re.Match, meeting: Optional[str]) -> Optional[str]:
    """The ISO date a deadline means, said at a meeting on `meeting` (ISO), or None."""
    if not meeting:
        return None
    try:
        today = dt.date.fromisoformat(meeting)
    except ValueError:
        return None
    g = match.groupdict()
    try:
        day = _resolved(g, today)
    except ValueError:  # 2月30号
        return None
    return day.isoformat() if day else None


def _resolved(g: dict, today: dt.date) -> Optional[dt.date]:
    if g["day"]:
        day = number(g["day"])
        month = number(g["month"]) if g["month"] else today.month
        if not day or not month:
            return None
        found = dt.date(today.year, month, day)
        if found < today and not g["month"]:  # "18号" said on the 20th: next month's
            found = dt.date(today.year + today.month // 12, today.month % 12 + 1, day)
        elif found < today - dt.timedelta(days=60):  # "1月9号" said in December
            found = dt.date(today.year + 1, month, day)
        return found
    if g["weekday"]:
        target = "一二三四五六日".find(g["weekday"]) if g["weekday"] != "天" else 6
        weeks = {"下下": 2, "下": 1, "下个": 1}.get(g["week"] or "", 0)
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks)
        found = monday + dt.timedelta(days=target)
        return found if found >= today or weeks else found + dt.timedelta(weeks=1)
    if g["rel"]:
        return today + dt.timedelta(days={"今天": 0, "今晚": 0, "明天": 1, "后天": 2, "大后天": 3}[g["rel"]])
    if g["monthend"]:
        month, year = today.month, today.year
        if g["monthend"].startswith("下"):
            month, year = month % 12 + 1, year + month // 12
        if g["monthend"].endswith("初"):
            return dt.date(year, month, 1)
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if g["weekend"]:
        weeks = 1 if g["weekend"].startswith("下") else 0
        return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks, days=6)
    if g["yearend"]:
        return dt.date(today.year, 12, 31)
    if g["span"]:
        n = 0.5 if g["span"] == "半" else number(g["span"]) or 0
        days = {"天": 1, "周": 7, "星期": 7, "礼拜": 7, "个月": 30}[g["unit"]]
        return today + dt.timedelta(days=round(n * days))
    return None
