from .circulation import Circulation, CirculationReceipt
from .followup import FollowUpExtension, FollowUpProgress, FollowUpTask
from .meetings import MeetingAttendance
from .projects import CommunicationNote, PlanStage, PlanTask, ProjectPlan
from .reports import DailyReport, ReportComment, ReportReminder, WeeklyReport, WorkingDayOverride

__all__ = [
    "Circulation",
    "CirculationReceipt",
    "CommunicationNote",
    "DailyReport",
    "FollowUpExtension",
    "FollowUpProgress",
    "FollowUpTask",
    "MeetingAttendance",
    "PlanStage",
    "PlanTask",
    "ProjectPlan",
    "ReportComment",
    "ReportReminder",
    "WeeklyReport",
    "WorkingDayOverride",
]
