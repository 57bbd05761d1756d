"""Roles, department and administrator status change only with two people:
IT proposes and leadership approves, or the reverse; nobody approves their
own proposal or a change to their own account. Every account change is one
trail event."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.accounts.factories import UserFactory
from portal.accounts.models import AccountChange
from portal.accounts.roles import Role
from portal.accounts.services import changes
from portal.inbox import pending_items
from portal.trail.models import Event

pytestmark = pytest.mark.django_db

Status = AccountChange.Status


def group(role):
    return Group.objects.get(name=role.group_name)


def edit_url(user):
    return reverse("wagtailusers_users:edit", args=[user.pk])


def form_data(user, **changes_):
    """What the user edit form posts for ``user`` as stored, with ``changes_``."""
    data = {
        "username": user.username,
        "email": user.email,
        "display_name": user.display_name,
        "employee_number": user.employee_number or "",
        "title": user.title,
        "phone": user.phone,
        "department": user.department_id or "",
        "is_active": "on" if user.is_active else "",
        "groups": [g.pk for g in user.groups.all()],
        "headed_departments": [d.pk for d in user.headed_departments.all()],
        "password1": "",
        "password2": "",
        "reason": "",
    }
    data.update(changes_)
    if data.get("is_superuser") is False:
        del data["is_superuser"]
    return {k: v for k, v in data.items() if v != "" or k in ("password1", "password2", "reason")}


def account_events(user, *actions):
    return list(Event.objects.filter(action__in=actions, target_id=str(user.pk)).order_by("id"))


def roles_of(user):
    return set(user.groups.values_list("name", flat=True))


@pytest.fixture
def second_leader(department):
    return UserFactory(roles=[Role.LEADERSHIP], department=department, display_name="李华")


@pytest.fixture
def second_it(department):
    return UserFactory(roles=[Role.IT], department=department, display_name="周杰")


def test_it_cannot_make_itself_leadership_alone(it_user, leader, verified_client):
    client = verified_client(it_user)
    data = form_data(it_user, groups=[group(Role.IT).pk, group(Role.LEADERSHIP).pk], reason="兼任公司领导")
    response = client.post(edit_url(it_user), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    it_user.refresh_from_db()
    assert roles_of(it_user) == {Role.IT.group_name}, "nothing changes before approval"
    change = AccountChange.objects.get(account=it_user)
    assert change.status == Status.PENDING and change.proposed_by == it_user
    assert change.after["groups"] == sorted([Role.IT.group_name, Role.LEADERSHIP.group_name])
    assert [e.action for e in account_events(it_user, "account.change.propose", "wagtail.edit")] == [
        "account.change.propose"
    ]

    # The proposer cannot approve it, by the service or the admin.
    assert not changes.may_decide(it_user, change)
    decide = reverse("account_changes:decide", args=[change.pk])
    client.post(decide, {"decision": "approve", "opinion": "同意"})
    change.refresh_from_db()
    assert change.status == Status.PENDING

    # Leadership approves: applied now.
    response = verified_client(leader).post(decide, {"decision": "approve", "opinion": "同意"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == Status.APPROVED and change.decided_by == leader
    it_user.refresh_from_db()
    assert roles_of(it_user) == {Role.IT.group_name, Role.LEADERSHIP.group_name}
    [event] = account_events(it_user, "account.change.approve")
    assert event.actor_id == leader.pk and event.details["after"] == change.after


def test_a_proposal_from_it_is_not_approved_by_it(it_user, second_it, staff):
    change = changes.propose(
        staff, it_user, after={**changes.snapshot(staff), "is_superuser": True}, reason="系统维护"
    )
    assert not changes.may_decide(second_it, change)
    with pytest.raises(PermissionDenied):
        changes.decide(change, second_it, approve=True, opinion="同意")
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_leadership_proposes_and_it_approves(leader, it_user, staff, verified_client):
    client = verified_client(leader)
    url = reverse("account_changes:propose")
    assert client.get(f"{url}?account={staff.pk}").status_code == 200
    response = client.post(
        url,
        {
            "account": staff.pk,
            "department": staff.department_id,
            "groups": [group(Role.STAFF).pk, group(Role.DEPARTMENT_HEAD).pk],
            "reason": "任命为部门负责人",
        },
    )
    assert response.status_code == 302
    change = AccountChange.objects.get(account=staff)
    assert change.proposed_as == Role.LEADERSHIP
    assert not changes.may_decide(leader, change)

    # The change waits in IT's pending items, not in the proposer's.
    inspect = reverse("account_changes:inspect", args=[change.pk])
    [item] = [i for i in pending_items(it_user) if i.url == inspect]
    assert staff.display_name in str(item.title)
    assert not [i for i in pending_items(leader) if i.url == inspect]

    response = verified_client(it_user).post(
        reverse("account_changes:decide", args=[change.pk]),
        {"decision": "approve", "opinion": "已核对任命文件"},
    )
    assert response.status_code == 302
    assert roles_of(staff) == {Role.STAFF.group_name, Role.DEPARTMENT_HEAD.group_name}


def test_nobody_approves_a_change_to_their_own_account(it_user, leader, second_leader):
    change = changes.propose(
        leader, it_user, after={**changes.snapshot(leader), "is_superuser": True}, reason="应急"
    )
    assert not changes.may_decide(leader, change), "the account's holder"
    assert change in changes.awaiting(second_leader)
    assert change not in changes.awaiting(leader)
    changes.decide(change, second_leader, approve=False, opinion="无需管理员权限")
    leader.refresh_from_db()
    assert not leader.is_superuser
    assert [e.action for e in account_events(leader, "account.change.propose", "account.change.refuse")] == [
        "account.change.propose",
        "account.change.refuse",
    ]


def test_department_and_administrator_status_are_proposed_too(
    it_user, staff, other_department, leader, verified_client
):
    data = form_data(staff, department=other_department.pk, is_superuser="on", reason="调岗")
    response = verified_client(it_user).post(edit_url(staff), data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.department != other_department and not staff.is_superuser
    change = AccountChange.objects.get(account=staff)
    assert change.after["department"] == other_department.pk and change.after["is_superuser"]
    changes.decide(change, leader, approve=True, opinion="同意")
    staff.refresh_from_db()
    assert staff.department == other_department and staff.is_superuser


def test_a_change_needs_a_reason(it_user, staff, verified_client):
    data = form_data(staff, groups=[group(Role.LEADERSHIP).pk])
    response = verified_client(it_user).post(edit_url(staff), data)
    assert response.status_code == 200
    assert "请说明变更理由" in response.content.decode()
    assert not AccountChange.objects.exists()
    assert roles_of(staff) == {Role.STAFF.group_name}


def test_plain_edits_and_deactivation_are_saved_with_one_event_each(it_user, staff, verified_client):
    client = verified_client(it_user)
    response = client.post(edit_url(staff), form_data(staff, title="主任科员"))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.title == "主任科员"
    response = client.post(edit_url(staff), form_data(staff, is_active=""))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active
    actions = [e.action for e in account_events(staff, "account.edit", "account.deactivate", "wagtail.edit")]
    assert actions == ["account.edit", "account.deactivate"]
    assert account_events(staff, "account.edit")[0].details["fields"] == ["title"]
    assert not AccountChange.objects.exists()


def test_a_new_account_gets_its_roles_on_approval(it_user, leader, department, verified_client):
    response = verified_client(it_user).post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newleader",
            "email": "newleader@example.com",
            "display_name": "新领导",
            "department": department.pk,
            "groups": [group(Role.LEADERSHIP).pk],
            "password1": "a-long-pass-phrase-2026",
            "password2": "a-long-pass-phrase-2026",
            "reason": "新任副总经理",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    account = type(it_user).objects.get(username="newleader")
    assert roles_of(account) == set() and account.department is None
    assert [e.action for e in account_events(account, "account.create", "account.change.propose")] == [
        "account.create",
        "account.change.propose",
    ]
    changes.decide(AccountChange.objects.get(account=account), leader, approve=True, opinion="同意")
    account.refresh_from_db()
    assert roles_of(account) == {Role.LEADERSHIP.group_name} and account.department == department


def test_a_stale_proposal_is_not_applied(it_user, leader, staff, other_department):
    change = changes.propose(
        staff, it_user, after={**changes.snapshot(staff), "department": other_department.pk}, reason="调岗"
    )
    staff.groups.add(group(Role.ARCHIVIST))  # e.g. by the set-up command, after the proposal
    with pytest.raises(Exception, match="提议之后"):
        changes.decide(change, leader, approve=True, opinion="同意")
    change.refresh_from_db()
    assert change.status == Status.PENDING


def test_roles_cannot_be_assigned_in_bulk(it_user, staff, verified_client):
    url = (
        reverse("wagtail_bulk_action", args=["accounts", "user", "assign_role"])
        + f"?id={staff.pk}&next=/admin/users/"
    )
    client = verified_client(it_user)
    response = client.post(url, {"role": group(Role.LEADERSHIP).pk, "mode": "assign"})
    assert response.status_code == 302
    assert roles_of(staff) == {Role.STAFF.group_name}


def test_bulk_deactivation_leaves_one_event_per_account(it_user, staff, leader, verified_client):
    url = (
        reverse("wagtail_bulk_action", args=["accounts", "user", "set_active_state"])
        + f"?id={staff.pk}&id={leader.pk}&next=/admin/users/"
    )
    response = verified_client(it_user).post(url, {"mark_as_active": "False"})
    assert response.status_code == 302
    for user in (staff, leader):
        user.refresh_from_db()
        assert not user.is_active
        assert len(account_events(user, "account.deactivate")) == 1


def test_only_it_and_leadership_propose(staff, department_head, auditor, verified_client):
    for user in (staff, department_head, auditor):
        assert verified_client(user).get(reverse("account_changes:propose")).status_code in (302, 403)
        with pytest.raises(PermissionDenied):
            changes.propose(staff, user, after={**changes.snapshot(staff), "is_superuser": True}, reason="x")
    assert not AccountChange.objects.exists()
    assert verified_client(auditor).get(reverse("account_changes:index")).status_code == 200


def test_heading_a_department_is_a_change_of_the_account(it_user, leader, other_department, verified_client):
    client = verified_client(it_user)
    data = form_data(it_user, headed_departments=[other_department.pk], reason="代管财务部")
    assert client.post(edit_url(it_user), data).status_code == 302
    assert not other_department.heads.filter(pk=it_user.pk).exists()

    # Nor through the department's own form.
    url = reverse("wagtailsnippets_accounts_department:edit", args=[other_department.pk])
    client.post(url, {"name": other_department.name, "code": other_department.code, "heads": [it_user.pk]})
    assert not other_department.heads.filter(pk=it_user.pk).exists()

    change = AccountChange.objects.get(account=it_user)
    assert change.after["headed_departments"] == [other_department.pk]
    changes.decide(change, leader, approve=True, opinion="同意")
    assert other_department.heads.filter(pk=it_user.pk).exists()


def test_the_decision_page_shows_before_and_after(it_user, leader, staff, other_department, verified_client):
    change = changes.propose(
        staff, it_user, after={**changes.snapshot(staff), "department": other_department.pk}, reason="调岗"
    )
    response = verified_client(leader).get(reverse("account_changes:decide", args=[change.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert staff.department.name in body and other_department.name in body and "调岗" in body
    assert verified_client(staff).get(reverse("account_changes:decide", args=[change.pk])).status_code in (
        302,
        403,
    )


def test_the_user_forms_show_the_proposal_fields(it_user, staff, verified_client):
    client = verified_client(it_user)
    for url in (edit_url(staff), reverse("wagtailusers_users:add")):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        for name in ("display_name", "department", "headed_departments", "groups", "reason"):
            assert f'name="{name}"' in body, (url, name)
