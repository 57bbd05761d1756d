"""The site search finds a circulation by its instruction, for its readers only."""

import pytest

from tests.home.test_search_records import SEARCH, hits

pytestmark = pytest.mark.django_db


def test_a_circulation_is_found_by_its_readers_only(
    circulate, record, department_head, staff, outsider, verified_client
):
    circulate([staff], instruction="请于周五前反馈整改计划")
    found = hits(verified_client(staff).get(SEARCH, {"q": "整改计划"}))
    assert list(found) == [f"传阅：{record.title}"]
    assert "/admin/" in found[f"传阅：{record.title}"]["href"]
    assert hits(verified_client(department_head).get(SEARCH, {"q": "整改计划"}))
    assert hits(verified_client(outsider).get(SEARCH, {"q": "整改计划"})) == {}


def test_a_circulation_is_found_by_its_recipients_names_for_its_readers_only(
    circulate, record, department_head, staff, colleague, outsider, verified_client
):
    circulate([staff, colleague])
    title = f"传阅：{record.title}"
    for reader in (department_head, staff):
        assert list(hits(verified_client(reader).get(SEARCH, {"q": "李娜"}))) == [title]
    # Its sender; the section circulated, which the sender wrote, comes after it.
    assert list(hits(verified_client(staff).get(SEARCH, {"q": "赵敏"}))) == [title, record.title]
    assert hits(verified_client(outsider).get(SEARCH, {"q": "李娜"})) == {}
