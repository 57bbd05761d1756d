from .files import RecordDocument, RecordImage, RecordRendition
from .flags import RefusalFlag
from .grants import AccessRequest
from .pages import Named, NamedOnPage, PageAccess
from .records import (
    AccessControlled,
    AccessControlledPage,
    AccessControlledRecord,
    access_panels,
    holding_role,
)
from .visits import ExternalVisit, VisitCredential

__all__ = [
    "AccessControlled",
    "AccessControlledPage",
    "AccessControlledRecord",
    "AccessRequest",
    "ExternalVisit",
    "Named",
    "NamedOnPage",
    "PageAccess",
    "RecordDocument",
    "RecordImage",
    "RecordRendition",
    "RefusalFlag",
    "VisitCredential",
    "access_panels",
    "holding_role",
]
