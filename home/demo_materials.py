"""Demo meeting materials for ``seed_demo`` (called from
:func:`home.demo_pages.seed`): the notice, a report read by two people only,
and agenda papers still in preparation, under the administration office's
fourth-quarter meeting."""

from django.core.files.base import ContentFile

from portal.access.levels import Level
from portal.access.models import RecordDocument
from portal.accounts.models import Department

from .factories import MeetingMaterialPageFactory
from .models import MaterialKind, MaterialState, MeetingPage

MEETING_SLUG = "q4-trace-keeping-meeting"


def _file(title, name, department, uploader):
    document = RecordDocument(
        title=title, department=department, confidentiality=Level.CONFIDENTIAL, uploaded_by_user=uploader
    )
    document.file.save(name, ContentFile(f"{title}\n演示文件，仅供演示。\n".encode()), save=False)
    document._set_document_file_metadata()
    document.save()
    return [{"type": "attachment", "value": {"document": document.pk, "note": ""}}]


def seed(users, days_ago):
    """``days_ago(n)`` travels back ``n`` days while a record is made."""
    meeting = MeetingPage.objects.filter(slug=MEETING_SLUG).first()
    if meeting is None:
        return
    department = meeting.department

    def material(days, **fields):
        with days_ago(days):
            MeetingMaterialPageFactory(
                parent=meeting, department=department, confidentiality=Level.CONFIDENTIAL, **fields
            )

    material(
        11,
        title="关于召开2026年第四季度留痕工作推进会的通知",
        slug="q4-meeting-notice",
        kind=MaterialKind.NOTICE,
        state=MaterialState.READY,
        owner=users["sunli"],
        responsible=users["sunli"],
        description="会议时间、地点、议程和参会要求。",
        participants=meeting.named_people(),
    )
    material(
        10,
        title="第三季度留痕考核结果通报（含各部门扣分明细）",
        slug="q3-assessment-details",
        kind=MaterialKind.REPORT,
        state=MaterialState.READY,
        owner=users["sunli"],
        responsible=users["sunli"],
        description="各部门第三季度留痕考核得分、扣分事项和整改要求，仅供主持人和内部审计主管会前审阅。",
        participants=[users["zhaomin"], users["guoyun"]],
        attachments=_file(
            "第三季度留痕考核扣分明细", "q3-assessment-details.txt", department, users["sunli"]
        ),
    )
    material(
        8,
        title="档案数字化进度汇报",
        slug="archive-digitisation-progress",
        kind=MaterialKind.AGENDA,
        state=MaterialState.PREPARING,
        owner=users["hemei"],
        responsible=users["hemei"],
        description="纸质档案数字化的完成量、质量抽检结果和下一阶段计划。",
        participants=[users["zhaomin"]],
        scope_departments=[Department.objects.get(code="档")],
    )
