from .circulation import Circulation, CirculationReceipt
from .reports import DailyReport, ReportComment, WorkingDayOverride

__all__ = ["Circulation", "CirculationReceipt", "DailyReport", "ReportComment", "WorkingDayOverride"]
