"""Every register edit is versioned and traced, also through Wagtail's own
views: a save in a ``ModelViewSet`` or ``SnippetViewSet`` create or edit
view leaves one reversion ``Version`` (with its user and comment) and one
trail event."""

import pytest
from reversion.models import Version

from home.factories import DocumentNumberRuleFactory
from home.models import DocumentKind, DocumentNumberRule
from portal.access.levels import Level
from portal.accounts.factories import UserFactory
from portal.trail.models import Event
from tests.testapp.access import allow_memos
from tests.testapp.models import Memo

pytestmark = pytest.mark.django_db


def events_for(obj):
    return Event.objects.filter(target_id=str(obj.pk), target_type=obj._meta.label_lower)


def test_a_register_edit_in_the_generic_edit_view_is_one_version_and_one_event(
    department, staff, verified_client
):
    allow_memos()
    memo = Memo.objects.create(title="周例会纪要", department=department, author=staff)
    client = verified_client(staff)
    response = client.post(
        f"/admin/memos/edit/{memo.pk}/",
        {
            "title": "周例会纪要（修订）",
            "body": "补充第三项",
            "department": department.pk,
            "confidentiality": Level.INTERNAL,
            "author": staff.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    versions = Version.objects.get_for_object(memo)
    assert versions.count() == 1
    version = versions.get()
    assert version.field_dict["title"] == "周例会纪要（修订）"
    assert version.revision.user == staff and version.revision.comment == "wagtail.edit"
    saved = events_for(memo).exclude(action__in=["access.view"])
    assert [e.action for e in saved] == ["register.version"]
    assert saved.get().sources.get().source_id == str(version.pk)


def test_a_register_created_in_the_generic_create_view_is_versioned(department, staff, verified_client):
    allow_memos()
    client = verified_client(staff)
    response = client.post(
        "/admin/memos/new/",
        {"title": "安全检查记录", "department": department.pk, "confidentiality": Level.INTERNAL},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    memo = Memo.objects.get(title="安全检查记录")
    version = Version.objects.get_for_object(memo).get()
    assert version.revision.user == staff and version.revision.comment == "wagtail.create"
    assert [e.action for e in events_for(memo)] == ["register.version"]


def test_a_snippet_edit_is_one_version_and_one_event(department, verified_client):
    administrator = UserFactory(is_superuser=True, department=department)
    rule = DocumentNumberRuleFactory(department=department, kind=DocumentKind.OFFICIAL, code="行")
    made = Version.objects.get_for_object(rule).get()  # the rule is made with its first version
    client = verified_client(administrator)
    response = client.post(
        f"/admin/snippets/home/documentnumberrule/edit/{rule.pk}/",
        {
            "department": department.pk,
            "kind": DocumentKind.OFFICIAL,
            "code": "行办",
            "pattern": rule.pattern,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DocumentNumberRule.objects.get(pk=rule.pk).code == "行办"
    version = Version.objects.get_for_object(rule).exclude(pk=made.pk).get()
    assert version.revision.user == administrator
    assert [e.action for e in events_for(rule).filter(at__gte=version.revision.date_created)] == [
        "register.version"
    ]
