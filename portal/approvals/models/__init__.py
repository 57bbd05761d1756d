from .opinions import ApprovalOpinion, ImmutableOpinionError, Opinion
from .reminders import Reminder
from .tasks import ApprovalTask, CountersignTask, DepartmentHeadTask, LeadershipTask, MeetingChairTask

__all__ = [
    "ApprovalOpinion",
    "ApprovalTask",
    "CountersignTask",
    "DepartmentHeadTask",
    "ImmutableOpinionError",
    "LeadershipTask",
    "MeetingChairTask",
    "Opinion",
    "Reminder",
]
