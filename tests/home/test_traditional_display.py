"""繁體 readers read records in Traditional characters; the stored record,
its revisions and the trail keep what was written (docs/scripts.md)."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.users.models import UserProfile

from home.factories import PolicyPageFactory, policy_body
from home.models import PolicyPage
from portal.access.levels import Level
from portal.approvals import demo as approvals
from portal.approvals.setup import HEAD_THEN_LEADERSHIP
from portal.trail.models import Event

pytestmark = pytest.mark.django_db

BODY = "为规范留痕记录，制定本制度；软件信息由信息技术部门维护。"


def reading_in(language, client_factory, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return client_factory(user)


@pytest.fixture
def policy(section, department, staff):
    return PolicyPageFactory(
        parent=section,
        department=department,
        owner=staff,
        title="留痕记录门户管理制度",
        confidentiality=Level.INTERNAL,
        body=policy_body([("总则", [f"<p>{BODY}</p>"])]),
    )


def stored(page):
    page = PolicyPage.objects.get(pk=page.pk)
    revision = page.latest_revision.as_object()
    return (
        page.title,
        strip_tags(str(page.body[0].value["clauses"][0])),
        revision.title,
        strip_tags(str(revision.body[0].value["clauses"][0])),
    )


def test_a_hant_reader_reads_the_policy_in_traditional(policy, staff, verified_client):
    before = stored(policy)
    html = reading_in("zh-hant", verified_client, staff).get(policy.url).content.decode()
    assert "留痕記錄門戶管理制度" in html and "留痕记录门户管理制度" not in html
    assert "為規範留痕記錄，制定本制度；軟體資訊由資訊科技部門維護。" in html
    assert "總則" in html and "行政辦公室" in html and "行政办公室" not in html
    assert stored(policy) == before, "reading changes nothing stored"
    # The trail holds what was read as it is stored.
    assert (
        Event.objects.filter(target_id=str(policy.pk))
        .exclude(target_label="")
        .values_list("target_label", flat=True)
        .distinct()
        .get()
        == "留痕记录门户管理制度"
    )


def test_a_hans_reader_reads_it_as_written(policy, staff, verified_client):
    html = reading_in("zh-hans", verified_client, staff).get(policy.url).content.decode()
    assert "留痕记录门户管理制度" in html and BODY in html and "行政办公室" in html
    assert "留痕記錄" not in html


def test_the_variant_setting_gives_hong_kong_wording(policy, staff, verified_client):
    client = reading_in("zh-hant", verified_client, staff)
    with override_settings(LIUHEN_TRADITIONAL_VARIANT="hk"):
        html = client.get(policy.url).content.decode()
    assert "留痕記錄門户管理制度" in html and "軟件信息由信息技術部門維護" in html


def test_workflow_names_and_admin_listings_read_in_traditional(
    policy, section, staff, department_head, leader, verified_client
):
    approvals.submit(policy, staff, HEAD_THEN_LEADERSHIP)
    head = reading_in("zh-hant", verified_client, department_head)
    for url in (reverse("inbox:index"), reverse("approvals:queue"), reverse("wagtailadmin_home")):
        html = head.get(url).content.decode()
        assert "留痕記錄門戶管理制度" in html and "留痕记录门户管理制度" not in html, url
    client = reading_in("zh-hant", verified_client, leader)
    sheet = client.get(reverse("approvals:sheet", args=[policy.pk])).content.decode()
    assert "部門負責人 → 公司領導審批" in sheet and "留痕記錄門戶管理制度" in sheet
    listing = client.get(reverse("wagtailadmin_explore", args=[section.pk])).content.decode()
    assert "留痕記錄門戶管理制度" in listing


def test_a_hant_editor_sees_and_saves_the_stored_text(policy, department_head, verified_client):
    """The editor's form holds the stored Simplified text; saving it unchanged
    stores it unchanged, and the trail names the record as stored."""
    client = reading_in("zh-hant", verified_client, department_head)
    edit_url = reverse("wagtailadmin_pages:edit", args=[policy.pk])
    html = client.get(edit_url).content.decode()
    assert 'value="留痕记录门户管理制度"' in html
    assert "留痕記錄門戶管理制度" not in html

    before = stored(policy)
    data = {
        "title": policy.title,
        "slug": policy.slug,
        "number": policy.number,
        "version": policy.version,
        "category": policy.category,
        "effective_date": policy.effective_date.isoformat(),
        "summary": policy.summary,
        "department": policy.department_id,
        "confidentiality": policy.confidentiality,
        "attachments-count": 0,
        **_body_data(policy),
    }
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    policy.refresh_from_db()
    assert policy.latest_revision.user == department_head, "the save made a revision"
    assert stored(policy) == before == (policy.title, BODY, policy.title, BODY)
    event = Event.objects.filter(target_id=str(policy.pk), actor=department_head).latest("id")
    assert event.target_label == "留痕记录门户管理制度"
    assert "留痕记录门户管理制度" in event.body and "留痕記錄" not in event.body


def _body_data(policy):
    from .conftest import chapters_form_data

    return chapters_form_data(
        [
            (chapter.value["heading"], [clause.source for clause in chapter.value["clauses"]])
            for chapter in policy.body
        ]
    )


def test_the_trail_shows_events_as_sealed(policy, staff, auditor, verified_client):
    reading_in("zh-hans", verified_client, staff).get(policy.url)
    html = reading_in("zh-hant", verified_client, auditor).get(reverse("trail:index")).content.decode()
    assert "留痕记录门户管理制度" in html and "留痕記錄門戶管理制度" not in html
