"""Text that reverses its own direction (U+202A–U+202E, U+2066–U+2069) is
refused, with a message, in titles, names, reasons, opinions and comments."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from home.factories import SectionPageFactory
from portal.access.forms.requests import AccessRequestForm, DecisionForm
from portal.access.models import AccessRequest
from portal.approvals.forms import OpinionForm
from portal.direction import DIRECTION_CONTROLS
from registers.forms.circulation import CommentForm

pytestmark = pytest.mark.django_db

CONTROLS = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
MESSAGE = "invisible characters that reverse the direction"


def test_the_controls_are_exactly_the_nine_direction_characters():
    assert all(DIRECTION_CONTROLS.search(c) for c in CONTROLS)
    assert not DIRECTION_CONTROLS.search("合同 abc \u200f\u200e\u061c《》")


@pytest.mark.parametrize("control", CONTROLS)
def test_a_page_title_with_a_direction_control_is_refused(home_page, control):
    page = SectionPageFactory.build(title=f"付款合同{control}2026", slug="pay")
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            page.full_clean(exclude=["path", "depth"])
        assert MESSAGE in " ".join(refused.value.message_dict["title"])


def test_a_user_name_with_a_direction_control_is_refused(staff):
    staff.display_name = "孙\u202e丽"
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        staff.full_clean()
    assert "display_name" in refused.value.message_dict


@pytest.mark.parametrize(
    ("form_class", "field"),
    [(OpinionForm, "text"), (CommentForm, "comment"), (DecisionForm, "opinion")],
)
def test_opinions_and_comments_with_a_direction_control_are_refused(form_class, field):
    with translation.override("en"):
        form = form_class(data={field: "同意\u2066，付款\u2069", "decision": "approve"})
        assert not form.is_valid()
        assert MESSAGE in " ".join(form.errors[field])


def test_an_access_request_reason_with_a_direction_control_is_refused(staff, verified_client):
    with translation.override("en"):
        form = AccessRequestForm(data={"reason": "审计\u202b需要"})
        assert not form.is_valid() and MESSAGE in " ".join(form.errors["reason"])
    response = verified_client(staff).post(
        "/access/request/", {"reason": "审计\u202b需要", "max_level": 1, "department": staff.department_id}
    )
    assert response.status_code == 200
    assert not AccessRequest.objects.exists()
