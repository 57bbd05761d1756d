"""The page types of the portal's content, one module per page family."""

from .documents import Currency, DocumentKind, DocumentNumberCounter, DocumentNumberRule, DocumentPage
from .manual import ManualIndexPage, ManualPage
from .meeting_materials import MaterialKind, MaterialState, MeetingMaterialPage
from .meetings import MeetingAgendaItem, MeetingExternalAttendee, MeetingPage
from .minutes import MeetingMinutesPage, MinutesDecision, MinutesItem, MinutesRecordingConsent
from .policies import PolicyCategory, PolicyLibraryPage, PolicyPage, PolicyStatus
from .project_documents import (
    AcceptanceReportPage,
    ProjectDocumentKind,
    ProjectDocumentPage,
    ProjectSummaryPage,
)
from .projects import ProjectBudgetLine, ProjectMember, ProjectMilestone, ProjectPage
from .records import AttachmentBlock, RecordPage
from .sections import HomePage, SectionPage
from .training import TrainingConfirmation, TrainingPage

__all__ = [
    "AcceptanceReportPage",
    "AttachmentBlock",
    "Currency",
    "DocumentKind",
    "DocumentNumberCounter",
    "DocumentNumberRule",
    "DocumentPage",
    "HomePage",
    "ManualIndexPage",
    "ManualPage",
    "MaterialKind",
    "MaterialState",
    "MeetingAgendaItem",
    "MeetingExternalAttendee",
    "MeetingMaterialPage",
    "MeetingMinutesPage",
    "MeetingPage",
    "MinutesDecision",
    "MinutesItem",
    "MinutesRecordingConsent",
    "PolicyCategory",
    "PolicyLibraryPage",
    "PolicyPage",
    "PolicyStatus",
    "ProjectBudgetLine",
    "ProjectDocumentKind",
    "ProjectDocumentPage",
    "ProjectMember",
    "ProjectMilestone",
    "ProjectPage",
    "ProjectSummaryPage",
    "RecordPage",
    "SectionPage",
    "TrainingConfirmation",
    "TrainingPage",
]
