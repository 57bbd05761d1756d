from .circulation import Circulation, CirculationReceipt
from .followup import FollowUpExtension, FollowUpProgress, FollowUpTask

__all__ = ["Circulation", "CirculationReceipt", "FollowUpExtension", "FollowUpProgress", "FollowUpTask"]
