from .circulation import Circulation, CirculationReceipt
from .projects import CommunicationNote, PlanStage, PlanTask, ProjectPlan

__all__ = ["Circulation", "CirculationReceipt", "CommunicationNote", "PlanStage", "PlanTask", "ProjectPlan"]
