"""The rule itself: for every kind of person, level and action, on a page, a
register record and a file, the single-record answer is the README's table,
and the queryset filter keeps exactly the records the single-record answer
allows."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page

from home.models import SectionPage
from portal.access import rules
from portal.access.levels import Level
from portal.access.models import AccessRequest, RecordDocument
from portal.access.rules import Action
from portal.access.subjects import forget
from tests.testapp.models import Memo

from .conftest import EDITS, LEVELS, READS, SUBJECTS, expected

pytestmark = pytest.mark.django_db

READ_ACTIONS = [a for a in Action if a not in (Action.EDIT, Action.EXPORT)]


def allowed_by_filter(user, action, record):
    model = type(record)
    return model.objects.filter(rules.filter_for(user, action, model), pk=record.pk).exists()


@pytest.mark.parametrize("subject", SUBJECTS)
def test_each_person_reads_and_edits_what_the_table_says(world, subject):
    user = world.people[subject]
    for records in (world.pages, world.memos, world.documents):
        for level in LEVELS:
            record = records[level]
            for action in READ_ACTIONS:
                assert rules.can(user, action, record) is expected(READS, subject, level), (action, level)
                assert allowed_by_filter(user, action, record) is expected(READS, subject, level)
            assert rules.can(user, Action.EDIT, record) is expected(EDITS, subject, level), level
            assert allowed_by_filter(user, Action.EDIT, record) is expected(EDITS, subject, level)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_page_filter_agrees_for_pages_of_any_type(world, subject):
    user = world.people[subject]
    readable = set(Page.objects.filter(rules.page_filter(user, Action.LIST)).values_list("pk", flat=True))
    for level, page in world.pages.items():
        assert (page.pk in readable) is expected(READS, subject, level), level
    assert world.section.pk in readable, "a public section is open to everyone signed in"
    home = Page.objects.get(depth=2)
    assert home.pk in readable, "the home page is outside the rule"


@pytest.mark.parametrize("subject", SUBJECTS)
def test_exports_follow_reading_except_for_visitors_without_leave(world, subject):
    user = world.people[subject]
    for level, memo in world.memos.items():
        may = expected(READS, subject, level) and subject != "visitor"
        assert rules.can(user, Action.EXPORT, memo) is may
        assert allowed_by_filter(user, Action.EXPORT, memo) is may
    assert rules.may_export(user) is (subject != "visitor")


def test_a_grant_works_until_its_period_ends_and_the_periodic_job_closes_it(world):
    from django.core.management import call_command

    user = world.people["grantee"]
    secret = [world.pages[Level.SECRET], world.memos[Level.SECRET], world.documents[Level.SECRET]]
    assert all(rules.can(user, Action.VIEW, record) for record in secret)

    # Time passes: the period is over. The rule refuses at once…
    AccessRequest.objects.filter(requester=user).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    forget(user)
    assert not any(rules.can(user, Action.VIEW, record) for record in secret)
    assert not Memo.objects.filter(rules.filter_for(user, Action.LIST, Memo), confidentiality=Level.SECRET)
    # …and run_periodic closes the grants, once.
    call_command("run_periodic", verbosity=0)
    call_command("run_periodic", verbosity=0)
    expired = AccessRequest.objects.filter(requester=user, status=AccessRequest.Status.EXPIRED)
    assert expired.count() == len(world.records())
    from portal.trail.models import Event

    assert Event.objects.filter(action="access.grant.expire").count() == len(world.records())
    forget(user)
    assert not any(rules.can(user, Action.VIEW, record) for record in secret)


def test_anonymous_and_inactive_people_read_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    inactive = world.people["leader"]
    inactive.is_active = False
    forget(inactive)
    for user in (AnonymousUser(), inactive):
        assert not rules.can(user, Action.VIEW, world.pages[Level.PUBLIC])
        assert not Page.objects.filter(rules.page_filter(user)).exists()


def test_superusers_are_not_exempt(world):
    boss = world.people["it"]
    boss.is_superuser = True
    boss.save()
    assert not rules.can(boss, Action.VIEW, world.pages[Level.INTERNAL])
    assert not rules.can(boss, Action.EDIT, world.memos[Level.PUBLIC])


def test_external_auditor_scope_can_be_limited_to_record_types(world):
    from django.contrib.contenttypes.models import ContentType

    from .conftest import open_visit

    people = world.people
    auditor = people["visitor"].__class__.objects.create(username="visitor2")
    auditor.groups.add(*people["visitor"].groups.all())
    open_visit(
        auditor,
        people["leader"],
        people["archivist"],
        [world.department],
        Level.SECRET,
        record_types=[ContentType.objects.get_for_model(Memo)],
    )
    assert rules.can(auditor, Action.VIEW, world.memos[Level.SECRET])
    assert not rules.can(auditor, Action.VIEW, world.pages[Level.PUBLIC])
    assert not rules.can(auditor, Action.VIEW, world.documents[Level.INTERNAL])
    assert not SectionPage.objects.filter(rules.filter_for(auditor, Action.LIST, SectionPage)).exists()
    assert set(Memo.objects.filter(rules.filter_for(auditor, Action.LIST, Memo))) == {
        world.memos[level] for level in (Level.PUBLIC, Level.INTERNAL, Level.SECRET)
    }


@override_settings(
    ACCESS_READERS={
        "public": ["everyone"],
        "internal": ["department", "leadership"],
        "secret": ["leadership"],
        "confidential": ["leadership"],
    }
)
def test_the_policy_is_configurable(world):
    people = world.people
    internal = world.memos[Level.INTERNAL]
    assert rules.can(people["staff_same"], Action.VIEW, internal)
    assert not rules.can(people["archivist"], Action.VIEW, internal)
    assert not rules.can(people["head_same"], Action.VIEW, world.memos[Level.SECRET])
    assert not RecordDocument.objects.filter(
        rules.filter_for(people["archivist"], Action.LIST, RecordDocument), confidentiality=Level.INTERNAL
    ).exists()


def test_named_only_levels_are_those_no_department_reads(settings):
    """A record read only within the people it names (a meeting material's
    scope) takes a level at which no one reads for its department."""
    from portal.access import policy

    assert policy.named_only_levels() == [Level.CONFIDENTIAL]
    settings.ACCESS_READERS = {
        "public": ["everyone"],
        "internal": ["department"],
        "secret": ["author", "participants", "leadership"],
        "confidential": ["heads", "author", "participants"],
    }
    assert policy.named_only_levels() == [Level.SECRET]


def test_a_head_reads_the_records_of_the_departments_below(world):
    """The head of A reads secret records of A's sub-unit (and of its sub-unit
    in turn); the head of B does not."""
    from portal.accounts.factories import DepartmentFactory

    archive_room = DepartmentFactory(code="行档", name="行政档案室", parent=world.department)
    shelf = DepartmentFactory(code="行档柜", name="密件柜", parent=archive_room)
    memos = [
        Memo.objects.create(title=f"密件{n}", department=unit, confidentiality=Level.SECRET)
        for n, unit in enumerate((archive_room, shelf))
    ]
    head, other_head = world.people["head_same"], world.people["head_other"]
    forget(head, other_head)  # as on their next request
    assert all(rules.can(head, Action.VIEW, memo) for memo in memos)
    assert set(
        Memo.objects.filter(rules.filter_for(head, Action.LIST, Memo), pk__in=[m.pk for m in memos])
    ) == set(memos)
    assert not any(rules.can(other_head, Action.VIEW, memo) for memo in memos)
