"""This month's report on the phone form: the four parts with their key
figures in rows, kept as a draft then submitted with one tap, last month's
figures copied in, the chart beside the text; after submission an edit
corrects a figure (a new version, one event) but never takes one away."""

import datetime
import xml.etree.ElementTree as ET
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from registers.models import MonthlyReport
from registers.services import monthly
from tests.conftest import verify_session
from tests.trail_events import business_events

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
URL = "/reports/monthly/"
TEXTS = {"goals": "", "progress": "", "teamwork": "", "achievements": ""}


@pytest.fixture(autouse=True)
def in_simplified_chinese():
    with translation.override("zh-hans"):
        yield


def travel(day, hour=11):
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)
    return time_machine.travel(moment, tick=False)


def form_data(figures=(), total=None, **texts):
    data = {**TEXTS, **texts}
    rows = list(figures)
    data.update(
        {
            "figures-TOTAL_FORMS": str(total or len(rows)),
            "figures-INITIAL_FORMS": "0",
            "figures-MIN_NUM_FORMS": "0",
            "figures-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(rows):
        for name in ("name", "target", "actual", "unit"):
            data[f"figures-{index}-{name}"] = row.get(name, "")
    return data


ROWS = [
    {"name": "需求交付数", "target": "12", "actual": "10", "unit": "个"},
    {"name": "缺陷修复数", "target": "30", "actual": "34", "unit": "个"},
]


def test_the_month_s_report_is_kept_then_submitted_with_its_figures(client, staff):
    verify_session(client, staff)
    with travel(D(2026, 10, 28)):
        page = client.get(URL).content.decode()
        assert "本月月报" in page and "目标及完成情况" in page
        assert page.count('name="figures-') >= 8, "blank figure rows are offered"
        with business_events() as events:
            client.post(URL, form_data(ROWS, goals="完成二期接口", draft="1"))
            report = MonthlyReport.objects.get()
            assert report.state == MonthlyReport.State.DRAFT and report.figures.count() == 2
            response = client.post(URL, form_data(ROWS, goals="完成二期接口，达成率 83%", submit="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.month, report.state) == (D(2026, 10, 1), MonthlyReport.State.SUBMITTED)
    assert [(f.name, f.target, f.actual) for f in report.figures.all()] == [
        ("需求交付数", Decimal("12.00"), Decimal("10.00")),
        ("缺陷修复数", Decimal("30.00"), Decimal("34.00")),
    ]
    assert [e.action for e in events] == ["report.monthly_draft", "report.monthly_submit"]


def test_the_page_draws_the_figures_beside_the_text(client, staff):
    with travel(D(2026, 10, 28)):
        monthly.submit(staff, D(2026, 10, 1), goals="完成二期接口", figures=ROWS)
        verify_session(client, staff)
        page = client.get(URL).content.decode()
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    svg = ET.fromstring(page[start:end])  # noqa: S314 (the portal's own page)
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"需求交付数 (个)", "缺陷修复数 (个)", "12", "10", "34"} <= texts
    assert page.index("目标及完成情况") < page.index("<svg"), "the chart follows the text, beside it"


def test_a_wrong_number_is_refused_naming_its_row_and_nothing_is_saved(client, staff):
    verify_session(client, staff)
    rows = [ROWS[0], {"name": "缺陷修复数", "target": "三十", "actual": "34", "unit": "个"}]
    with travel(D(2026, 10, 28)), business_events() as events:
        page = client.post(URL, form_data(rows, goals="完成二期接口", submit="1")).content.decode()
    assert "关键数据第 2 行" in page and "三十" in page, "the error names the row; what was typed stays"
    assert not MonthlyReport.objects.exists() and not events


def test_last_month_s_figures_are_copied_for_this_month(client, staff):
    with travel(D(2026, 9, 29)):
        monthly.submit(staff, D(2026, 9, 1), goals="九月目标", figures=ROWS)
    verify_session(client, staff)
    with travel(D(2026, 10, 28)):
        page = client.post(URL, form_data([], total=1, copy_plan="1")).content.decode()
    assert 'value="需求交付数"' in page and 'value="缺陷修复数"' in page and 'value="12"' in page
    assert MonthlyReport.objects.count() == 1, "copying saves nothing"


def test_nothing_to_copy_is_said_plainly(client, staff):
    verify_session(client, staff)
    with travel(D(2026, 10, 28)):
        page = client.post(URL, form_data([], total=1, copy_plan="1")).content.decode()
    assert "上月报告没有可复制的指标" in page


def test_a_row_is_added_without_saving(client, staff):
    verify_session(client, staff)
    with travel(D(2026, 10, 28)):
        page = client.post(URL, form_data(ROWS, add_row="1")).content.decode()
    assert 'name="figures-4-name"' in page and 'value="缺陷修复数"' in page
    assert not MonthlyReport.objects.exists()


def test_an_edit_corrects_a_figure_as_a_new_version_and_one_event(client, staff):
    with travel(D(2026, 10, 28)):
        report = monthly.submit(staff, D(2026, 10, 1), goals="完成二期接口", figures=ROWS)
    verify_session(client, staff)
    corrected = [ROWS[0], {**ROWS[1], "actual": "36"}, {"name": "评审次数", "target": "4", "actual": "4"}]
    with travel(D(2026, 10, 30)), business_events() as events:
        assert "保存修改" in client.get(URL).content.decode()
        client.post(URL, form_data(corrected, goals="完成二期接口", submit="1"))
    report.refresh_from_db()
    assert [f.actual for f in report.figures.all()] == [Decimal("10.00"), Decimal("36.00"), Decimal("4.00")]
    assert report.edited_at is not None and report.state == MonthlyReport.State.SUBMITTED
    [edit] = events
    assert edit.action == "report.monthly_edit"
    assert edit.details["fields"] == ["figures"]
    assert Version.objects.get_for_object(report).count() == 2


def test_a_submitted_figure_is_not_taken_away(client, staff):
    with travel(D(2026, 10, 28)):
        report = monthly.submit(staff, D(2026, 10, 1), goals="完成二期接口", figures=ROWS)
    verify_session(client, staff)
    with travel(D(2026, 10, 30)):
        page = client.post(URL, form_data(ROWS[:1], goals="完成二期接口", submit="1")).content.decode()
    assert "已提交的指标不能删除" in page
    assert report.figures.count() == 2 and not report.__class__.objects.get().edited_at


def test_another_month_opens_by_its_parameter(client, staff):
    with travel(D(2026, 9, 29)):
        monthly.submit(staff, D(2026, 9, 1), goals="九月目标", figures=ROWS)
    verify_session(client, staff)
    with travel(D(2026, 10, 28)):
        page = client.get(URL, {"month": "2026-09-01"}).content.decode()
    assert "2026-09" in page and "九月目标" in page


def test_the_daily_form_links_to_the_weekly_and_monthly_forms(client, staff):
    verify_session(client, staff)
    with travel(D(2026, 10, 28)):
        page = client.get(reverse("registers:daily_report")).content.decode()
    assert reverse("registers:weekly_report") in page and URL in page


def test_the_draft_the_page_saves_by_itself_answers_what_the_server_now_holds(client, staff):
    verify_session(client, staff)
    with travel(D(2026, 10, 28)):
        answer = client.post(
            URL, form_data(ROWS, goals="完成二期接口", draft="1"), headers={"X-Liuhen-Draft": "1"}
        )
        assert answer.status_code == 200 and MonthlyReport.objects.get().state == MonthlyReport.State.DRAFT
        page = client.get(URL).content.decode()
        assert f'data-draft-base="{answer.json()["base"]}"' in page
        refused = client.post(
            URL, form_data([{"name": "", "target": "3"}], draft="1"), headers={"X-Liuhen-Draft": "1"}
        )
    assert refused.status_code == 400 and "请填写指标名称" in refused.json()["errors"][0]
