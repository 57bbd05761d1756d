"""Approving where the step is listed: 待我审批's rows say what each record
is and take the opinion in place (a dialog), through the step's own task —
one opinion, one trail event, the same rules as in the editor."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from home.factories import DocumentPageFactory
from portal.access.levels import Level
from portal.approvals.models import ApprovalOpinion, Opinion
from portal.approvals.setup import HEAD_THEN_LEADERSHIP
from portal.inbox import pending_items
from tests.trail_events import business_events

pytestmark = pytest.mark.django_db

QUEUE = "/admin/approvals/queue/"


def act_url(page, action):
    page.refresh_from_db()
    return reverse("approvals:act", args=[page.current_workflow_task_state.pk, action])


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def document(home_page, department, staff):
    return DocumentPageFactory(
        parent=home_page,
        title="关于调整考勤制度的通知",
        department=department,
        confidentiality=Level.SECRET,
        document_number="〔2026〕行字第012号",
        drafter=staff,
        owner=staff,
        publish=False,
    )


def test_a_row_says_what_the_record_is_and_offers_the_three_opinions(
    document, staff, department_head, submit, verified_client
):
    submit(document, staff)
    html = verified_client(department_head).get(QUEUE).content.decode()
    row = re.search(r'<tr class="approvals-queue__row">(.*?)</tr>', html, re.S).group(1)
    for fact in ("关于调整考勤制度的通知", "公文", "〔2026〕行字第012号", "行政办公室", "秘密", "孙丽"):
        assert fact in row
    opener = r'<button type="button" class="[^"]*approval-actions__open[^"]*"'
    buttons = re.findall(opener + r' popovertarget="opinion-\d+-(\w+)"[^>]*>([^<]*)<', row)
    assert buttons == [("approve", "同意"), ("request_changes", "修改意见"), ("reject", "不同意")]
    assert "发布" not in re.sub(r"<[^>]+>", "", row)  # the workflow's opinions, nothing to publish with
    assert reverse("approvals:sheet", args=[document.pk]) in row


def test_agreeing_in_place_is_one_opinion_one_event_and_back_to_the_queue(
    document, staff, department_head, submit, verified_client
):
    submit(document, staff)
    client = verified_client(department_head)
    with business_events() as events:
        response = client.post(act_url(document, "approve"), {"text": "同意印发。", "next": QUEUE})
    assert response.status_code == 302 and response.url == QUEUE
    assert said(response) == ["您已同意“关于调整考勤制度的通知”，审批意见已记入审批单。"]
    document.refresh_from_db()
    assert document.live
    ((approver, opinion, text),) = ApprovalOpinion.objects.values_list("approver", "opinion", "text")
    assert (approver, opinion, text) == (department_head.pk, Opinion.AGREE, "同意印发。")
    assert [event.action for event in events] == ["approval.opinion"]


def test_disagreeing_needs_its_reason(document, staff, department_head, submit, verified_client):
    submit(document, staff)
    client = verified_client(department_head)
    with business_events() as events:
        response = client.post(act_url(document, "reject"), {"text": "  ", "next": QUEUE})
    assert response.url == QUEUE
    assert said(response) == ["请写明不同意的理由：理由将记入审批单。"]
    assert not ApprovalOpinion.objects.exists() and events == []


def test_someone_who_is_not_the_approver_is_refused(
    document, staff, department_head, other_head, leader, submit, verified_client
):
    submit(document, staff)
    for user in (other_head, leader):
        with business_events() as events:
            response = verified_client(user).post(
                act_url(document, "approve"), {"text": "同意。", "next": QUEUE}
            )
        assert response.url == QUEUE, user
        assert said(response) == ["您不能在该审批环节给出此意见；本次操作未作记录。"], user
        assert events == []
    assert not ApprovalOpinion.objects.exists()


def test_a_second_click_on_a_closed_step_is_refused(
    document, staff, department_head, submit, verified_client
):
    submit(document, staff, HEAD_THEN_LEADERSHIP)
    client = verified_client(department_head)
    url = act_url(document, "approve")
    client.post(url, {"text": "同意。"})
    with business_events() as events:
        response = client.post(url, {"text": "同意。"})
    assert said(response)[-1] == "该审批环节已结束，不再等待审批意见；本次操作未作记录。"
    assert events == [] and ApprovalOpinion.objects.count() == 1


def test_only_a_safe_next_address_is_followed(document, staff, department_head, submit, verified_client):
    submit(document, staff)
    response = verified_client(department_head).post(
        act_url(document, "request_changes"), {"text": "请补充附件。", "next": "https://evil.example/"}
    )
    assert response.url == QUEUE
    assert ApprovalOpinion.objects.get().opinion == Opinion.CHANGES


def test_a_leaders_pending_item_offers_the_opinions_on_the_home_page(
    document, staff, department_head, leader, submit, verified_client
):
    submit(document, staff, HEAD_THEN_LEADERSHIP)
    verified_client(department_head).post(act_url(document, "approve"), {"text": "同意。"})
    (item,) = pending_items(leader)
    assert [action.name for action in item.actions_context["actions"]] == [
        "approve",
        "request_changes",
        "reject",
    ]
    client = verified_client(leader)
    html = client.get("/").content.decode()
    assert f'action="{act_url(document, "approve")}"' in html
    assert 'name="next" value="/"' in html
    response = client.post(act_url(document, "approve"), {"text": "", "next": "/"})
    assert response.url == "/"
    document.refresh_from_db()
    assert document.live
