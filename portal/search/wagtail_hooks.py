"""Uploaded documents join the site search (:mod:`portal.search.records`)."""

from wagtail import hooks

from portal.access.models import RecordDocument


@hooks.register("liuhen_search_models")
def search_uploaded_documents():
    return [RecordDocument]


@hooks.register("liuhen_setup_portal")
def index_in_current_layout():
    from .reindex import bring_up_to_date

    return bring_up_to_date()
