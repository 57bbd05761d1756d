"""The page types of the portal's content, one module per page family."""

from .documents import Currency, DocumentKind, DocumentNumberCounter, DocumentNumberRule, DocumentPage
from .manual import ManualIndexPage, ManualPage
from .meetings import MeetingAgendaItem, MeetingExternalAttendee, MeetingPage
from .minutes import MeetingMinutesPage, MinutesDecision, MinutesItem, MinutesRecordingConsent
from .policies import PolicyCategory, PolicyLibraryPage, PolicyPage, PolicyStatus
from .projects import ProjectBudgetLine, ProjectMember, ProjectMilestone, ProjectPage
from .records import AttachmentBlock, RecordPage
from .sections import HomePage, SectionPage
from .training import TrainingConfirmation, TrainingPage

__all__ = [
    "AttachmentBlock",
    "Currency",
    "DocumentKind",
    "DocumentNumberCounter",
    "DocumentNumberRule",
    "DocumentPage",
    "HomePage",
    "ManualIndexPage",
    "ManualPage",
    "MeetingAgendaItem",
    "MeetingExternalAttendee",
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
    "ProjectMember",
    "ProjectMilestone",
    "ProjectPage",
    "RecordPage",
    "SectionPage",
    "TrainingConfirmation",
    "TrainingPage",
]
