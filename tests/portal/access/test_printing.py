"""The marking a printout carries (portal/access/printing.py): 密级★保密期限
for secret and confidential records, the portal's own 内部 for internal
ones, nothing for public ones; and the print of a record page carries it on
top, as the paper forms do."""

import pytest
from django.utils import translation

from home.factories import DocumentPageFactory
from portal.access.levels import Level
from portal.access.printing import Marking, marking

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("level", "term", "expected"),
    [
        (Level.CONFIDENTIAL, "10年", "机密★10年"),
        (Level.SECRET, "1年", "秘密★1年"),
        (Level.SECRET, "", "秘密"),
        (Level.INTERNAL, "1年", "内部"),
        (Level.PUBLIC, "", ""),
    ],
)
def test_classification(level, term, expected):
    with translation.override("zh-hans"):
        assert Marking(level=level, term=term).classification == expected


def test_a_page_gives_its_number_department_and_term(home_page, department):
    notice = DocumentPageFactory(
        parent=home_page,
        department=department,
        confidentiality=Level.SECRET,
        confidentiality_term="5年",
        document_number="行政〔2026〕3号",
    )
    found = marking(notice)
    assert (found.term, found.number, found.issuer) == ("5年", "行政〔2026〕3号", "行政办公室")
    assert found.issued_on is not None  # published: the imprint's date of issue
    assert marking(home_page) is None  # a page outside the access rule carries none


def test_the_print_of_a_record_page_carries_the_marking_on_top(
    home_page, department, leader, verified_client
):
    notice = DocumentPageFactory(
        parent=home_page,
        title="关于调整薪酬结构的通知",
        department=department,
        confidentiality=Level.SECRET,
        confidentiality_term="1年",
        document_number="行政〔2026〕3号",
    )
    html = verified_client(leader).get(notice.url + "?print=1").content.decode()
    marking_at = html.index('<div class="page-marking" hidden>')
    assert (
        marking_at
        < html.index(">秘密★1年<")
        < html.index(">行政〔2026〕3号<")
        < html.index("<h1>关于调整薪酬结构的通知")
    )
    # The print version loads the paper styles on screen too, so the marking shows there as on paper.
    assert 'portal/css/print.css" media="all"' in html


def test_copy_number_above_and_urgency_below_the_classification_where_a_record_has_them():
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    record = SimpleNamespace(
        confidentiality=Level.CONFIDENTIAL,
        confidentiality_term="10年",
        copy_number="000012",
        urgency="urgent",
        get_urgency_display=lambda: "特急",
        department=None,
        document_number="",
    )
    with translation.override("zh-hans"):
        html = render_to_string("print/includes/official_header.html", {"marking": marking(record)})
    assert html.index(">000012<") < html.index(">机密★10年<") < html.index(">特急<")
    assert "official__rule" not in html  # no issuing department, no number: no red line under them
