from .circulation import Circulation, CirculationReceipt
from .meetings import MeetingAttendance
from .reports import DailyReport, ReportComment, WorkingDayOverride

__all__ = [
    "Circulation",
    "CirculationReceipt",
    "DailyReport",
    "MeetingAttendance",
    "ReportComment",
    "WorkingDayOverride",
]
