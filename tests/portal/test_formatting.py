"""How values read (portal/formatting.py): local times to the minute,
relative times right in both directions, 是/否 and — for booleans and
empty values, the same through the template filters."""

import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone, translation

from portal import formatting

NOW = datetime.datetime(2026, 12, 6, 16, 30, tzinfo=datetime.UTC)  # 2026-12-07 00:30 in Shanghai


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"), time_machine.travel(NOW, tick=False):
        yield


def render(source, **context):
    return Template("{% load formatting %}" + source).render(Context(context))


def test_times_read_in_the_portals_time_zone_to_the_minute():
    at = datetime.datetime(2026, 12, 6, 10, 22, 33, 123456, tzinfo=datetime.UTC)
    assert formatting.datetime_text(at) == "2026-12-06 18:22"
    assert formatting.datetime_text(NOW) == "2026-12-07 00:30", "after 16:00 UTC the local day is the next"
    assert formatting.naive_local(at) == datetime.datetime(2026, 12, 6, 18, 22, 33, 123456)
    assert render("{{ at|local_datetime }}", at=at) == "2026-12-06 18:22"
    assert render("{{ at|local_datetime }}", at=None) == "—"


def test_relative_times_read_right_in_both_directions():
    now = timezone.now()
    assert render("{{ at|relative_time }}", at=now - datetime.timedelta(hours=2, minutes=5)) == "2 小时前"
    assert render("{{ at|relative_time }}", at=now + datetime.timedelta(days=3, hours=1)) == "3 天后"
    assert render("{{ at|relative_time }}", at=now - datetime.timedelta(seconds=20)) == "刚刚"
    assert render("{{ at|due }}", at=now + datetime.timedelta(days=3, hours=1)) == "3 天后到期"
    assert render("{{ at|due }}", at=now - datetime.timedelta(days=2, hours=1)) == "已逾期 2 天"


def test_a_deadline_a_few_days_ahead_counts_down_as_time_passes():
    deadline = timezone.now() + datetime.timedelta(days=3)
    with time_machine.travel(NOW + datetime.timedelta(days=2, hours=1), tick=False):
        assert formatting.due_text(deadline) == "23 小时后到期"
    with time_machine.travel(NOW + datetime.timedelta(days=4), tick=False):
        assert formatting.due_text(deadline) == "已逾期 1 天"


def test_booleans_and_empty_values_read_in_words():
    values = {"a": True, "b": False, "c": None, "d": ""}
    assert render("{{ a|shown }} {{ b|shown }} {{ c|shown }} {{ d|shown }}", **values) == "是 否 — —"
    assert render("{{ n|shown }}", n=0) == "0", "a zero is a value, not an empty one"
    with translation.override("zh-hant"):
        assert formatting.relative_time(timezone.now() - datetime.timedelta(hours=2)) == "2 小時前"
