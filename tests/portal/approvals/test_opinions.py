"""Opinions are never changed nor deleted: not by the model, not by SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from portal.approvals.models import ApprovalOpinion, ImmutableOpinionError

from .conftest import action_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def opinion(page, staff, department_head, submit, verified_client):
    submit(page, staff)
    verified_client(department_head).post(action_url(page, "request_changes"), {"text": "请修改第三条。"})
    return ApprovalOpinion.objects.get()


def test_model_refuses_changes(opinion):
    opinion.text = "同意。"
    with pytest.raises(ImmutableOpinionError):
        opinion.save()
    with pytest.raises(ImmutableOpinionError):
        opinion.delete()
    with pytest.raises(ImmutableOpinionError):
        ApprovalOpinion.objects.filter(pk=opinion.pk).update(text="同意。")
    with pytest.raises(ImmutableOpinionError):
        ApprovalOpinion.objects.all().delete()
    assert ApprovalOpinion.objects.get().text == "请修改第三条。"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE approvals_approvalopinion SET text = 'x'",
        "UPDATE approvals_approvalopinion SET opinion = 'agree'",
        "DELETE FROM approvals_approvalopinion",
    ],
)
def test_database_refuses_changes(opinion, statement):
    with (
        pytest.raises(DatabaseError, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert ApprovalOpinion.objects.get().text == "请修改第三条。"


def test_a_correction_is_a_new_opinion(page, department_head, opinion, staff, verified_client):
    from wagtail.models import WorkflowState

    page.specific.save_revision(user=staff)
    WorkflowState.objects.for_instance(page).get().resume(user=staff)
    verified_client(department_head).post(action_url(page, "approve"), {"text": "已修改，同意。"})
    texts = list(ApprovalOpinion.objects.values_list("text", flat=True))
    assert texts == ["请修改第三条。", "已修改，同意。"]
