"""Uploaded files, served only through the portal: a file is sent only when
it belongs to a record the person may read (documents, images and their
renditions under the access rule; avatars to everyone signed in; an upload
in progress to its uploader). Any other path is "not found"."""

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from wagtail.models import UploadedFile
from wagtail.users.models import UserProfile

from .. import enforcement
from ..models import RecordDocument, RecordImage, RecordRendition
from ..rules import Action


def _owner(path, user):
    """The record ``path`` belongs to, or ``None``."""
    for model in (RecordDocument, RecordImage):
        record = model.objects.filter(file=path).first()
        if record is not None:
            return record
    rendition = RecordRendition.objects.filter(file=path).select_related("image").first()
    if rendition is not None:
        return rendition.image
    profile = UserProfile.objects.filter(avatar=path).first()
    if profile is not None:
        return profile
    return UploadedFile.objects.filter(file=path, uploaded_by_user_id=user.pk).first()


def serve_media(request, path):
    owner = _owner(path, request.user)
    if owner is None:
        raise Http404
    refusal = enforcement.guard(request, owner, Action.DOWNLOAD)
    if refusal is not None:
        return refusal
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    is_image = content_type.startswith("image/")
    response = FileResponse(handle, content_type=content_type, as_attachment=not is_image)
    response["Cache-Control"] = "private, no-store"
    return response
