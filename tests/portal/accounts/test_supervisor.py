"""Each person's supervisor: the one IT or the administration office set,
else their department's head (never themself), else the nearest head above,
at the top the leadership. Setting one is one trail event."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from portal.accounts.factories import DepartmentFactory, UserFactory
from portal.accounts.roles import Role
from portal.accounts.services.supervisors import set_supervisor
from portal.accounts.supervisors import supervised_among, supervises, supervisor_of, supervisors_of
from tests.conftest import verify_session
from tests.trail_events import business_events

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_simplified_chinese():
    """Services' refusals read in the portal's default language."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def company(portal_setup):
    """总部 (headed by 钱总) above 技术部 (headed by 陈工), above 测试组 (no head)."""
    top = DepartmentFactory(code="总", name="总部")
    tech = DepartmentFactory(code="技", name="技术部", parent=top)
    testing = DepartmentFactory(code="测", name="测试组", parent=tech)
    chief = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=top, display_name="钱总")
    top.heads.add(chief)
    engineer_head = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=tech, display_name="陈工")
    tech.heads.add(engineer_head)
    leader = UserFactory(roles=[Role.LEADERSHIP], department=top, display_name="王建国")
    return {
        "top": top,
        "tech": tech,
        "testing": testing,
        "chief": chief,
        "head": engineer_head,
        "leader": leader,
        "developer": UserFactory(roles=[Role.STAFF], department=tech, display_name="林涛"),
        "tester": UserFactory(roles=[Role.STAFF], department=testing, display_name="吴芳"),
    }


def test_a_person_is_supervised_by_their_department_head(company):
    assert supervisor_of(company["developer"]) == company["head"]


def test_a_department_without_a_head_falls_back_to_the_parent_department(company):
    assert supervisor_of(company["tester"]) == company["head"]


def test_a_head_is_not_their_own_supervisor_but_the_head_above_is(company):
    assert supervisor_of(company["head"]) == company["chief"]


def test_at_the_top_the_leadership_supervises(company):
    assert supervisors_of(company["chief"]) == [company["leader"]]
    assert supervisors_of(company["leader"]) == []


def test_a_deactivated_head_supervises_no_one(company):
    company["head"].is_active = False
    company["head"].save()
    assert supervisor_of(company["developer"]) == company["chief"]


def test_every_head_of_a_department_with_two_supervises(company):
    second = UserFactory(roles=[Role.DEPARTMENT_HEAD], department=company["tech"], display_name="周明")
    company["tech"].heads.add(second)
    assert supervises(second, company["developer"]) and supervises(company["head"], company["developer"])
    assert not supervises(company["chief"], company["developer"])


@pytest.mark.parametrize("role", [Role.IT, Role.ADMINISTRATION_OFFICE])
def test_it_or_the_administration_office_set_a_supervisor_in_one_event(company, role):
    setter = UserFactory(roles=[role], display_name="许强")
    with business_events() as events:
        assert set_supervisor(company["tester"], company["chief"], setter, reason="跨部门指导")
    company["tester"].refresh_from_db()
    assert supervisor_of(company["tester"]) == company["chief"]
    assert not supervises(company["head"], company["tester"])
    assert [(e.action, e.details["after"]) for e in events] == [("account.supervisor", company["chief"].pk)]
    with business_events() as events:
        set_supervisor(company["tester"], None, setter)
    company["tester"].refresh_from_db()
    assert supervisor_of(company["tester"]) == company["head"]
    assert [e.action for e in events] == ["account.supervisor"]


@pytest.mark.parametrize("role", [Role.STAFF, Role.DEPARTMENT_HEAD, Role.LEADERSHIP])
def test_nobody_else_sets_a_supervisor(company, role):
    other = UserFactory(roles=[role])
    with pytest.raises(PermissionDenied):
        set_supervisor(company["tester"], company["chief"], other)
    company["tester"].refresh_from_db()
    assert company["tester"].supervisor is None


def test_a_supervisor_cannot_be_oneself_nor_close_a_loop(company):
    setter = UserFactory(roles=[Role.IT])
    with pytest.raises(ValidationError) as refused:
        set_supervisor(company["tester"], company["tester"], setter)
    assert "直接上级" in str(refused.value)
    set_supervisor(company["developer"], company["tester"], setter)
    with pytest.raises(ValidationError) as refused:
        set_supervisor(company["tester"], company["developer"], setter)
    assert "直接上级" in str(refused.value)
    company["tester"].refresh_from_db()
    assert company["tester"].supervisor is None


def test_the_administration_office_sets_it_in_the_admin(client, company):
    office = UserFactory(roles=[Role.ADMINISTRATION_OFFICE], display_name="郑洁")
    verify_session(client, office)
    url = reverse("accounts_supervisor")
    assert "直接上级" in client.get(url).content.decode()
    response = client.post(url, {"account": company["tester"].pk, "supervisor": company["chief"].pk})
    assert response.status_code == 302
    company["tester"].refresh_from_db()
    assert company["tester"].supervisor == company["chief"]
    refused = client.post(url, {"account": company["tester"].pk, "supervisor": company["tester"].pk})
    assert "不能是本人" in refused.content.decode()


def test_staff_cannot_open_the_supervisor_form(client, company):
    verify_session(client, company["developer"])
    response = client.post(
        reverse("accounts_supervisor"),
        {"account": company["developer"].pk, "supervisor": company["chief"].pk},
    )
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    company["developer"].refresh_from_db()
    assert company["developer"].supervisor is None


def test_whom_one_supervises_among_many_follows_the_same_rule_in_four_queries(
    company, django_assert_num_queries
):
    outsider = UserFactory(roles=[Role.STAFF], department=company["top"], display_name="孙丽")
    set_supervisor(company["developer"], company["chief"], UserFactory(roles=[Role.IT]), reason="跨部门指导")
    company["developer"].refresh_from_db()
    people = [company[name] for name in ("chief", "head", "leader", "developer", "tester")] + [outsider]
    for candidate in (company["chief"], company["head"], company["leader"], outsider):
        with django_assert_num_queries(4):
            found = supervised_among(candidate, people)
        assert found == {person.pk for person in people if supervises(candidate, person)}
    assert supervised_among(company["head"], people) == {company["tester"].pk}
    assert supervised_among(company["chief"], people) == {
        company["head"].pk, company["developer"].pk, outsider.pk
    }  # fmt: skip
