from .circulation import Circulation, CirculationReceipt
from .meetings import MeetingAttendance

__all__ = ["Circulation", "CirculationReceipt", "MeetingAttendance"]
