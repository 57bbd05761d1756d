"""Registers plug into the same search: a record is found in the admin
listing by a phrase from its content, in either script."""

import pytest

from portal.access.levels import Level
from tests.testapp.access import allow_memos
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


def test_a_register_record_is_found_by_a_phrase_from_its_content(leader, department, verified_client):
    allow_memos()
    Memo.objects.create(
        title="客户回访记录",
        body="电话沟通：客户要求下月提供验收報告。",
        department=department,
        confidentiality=Level.INTERNAL,
    )
    Memo.objects.create(
        title="供应商评估", body="交货及时。", department=department, confidentiality=Level.INTERNAL
    )
    client = verified_client(leader)
    html = client.get("/admin/memos/", {"q": "验收报告"}).content.decode()
    assert "客户回访记录" in html and "供应商评估" not in html
    html = client.get("/admin/memos/", {"q": "電話溝通"}).content.decode()
    assert "客户回访记录" in html
