from .circulation import Circulation, CirculationReceipt
from .followup import FollowUpExtension, FollowUpProgress, FollowUpTask
from .meetings import MeetingAttendance
from .projects import CommunicationNote, PlanStage, PlanTask, ProjectPlan
from .reports import (
    DailyReport,
    DepartmentMonthlyReport,
    MonthlyReport,
    ReportComment,
    ReportFigure,
    ReportReminder,
    WeeklyReport,
    WorkingDayOverride,
)

__all__ = [
    "Circulation",
    "CirculationReceipt",
    "CommunicationNote",
    "DailyReport",
    "DepartmentMonthlyReport",
    "FollowUpExtension",
    "FollowUpProgress",
    "FollowUpTask",
    "MeetingAttendance",
    "MonthlyReport",
    "PlanStage",
    "PlanTask",
    "ProjectPlan",
    "ReportComment",
    "ReportFigure",
    "ReportReminder",
    "WeeklyReport",
    "WorkingDayOverride",
]
