from .circulation import Circulation, CirculationReceipt

__all__ = ["Circulation", "CirculationReceipt"]
