"""Spreadsheet exports that open correctly in Chinese Excel and leave a trail.

Wagtail's own CSV export has no byte-order mark (Excel then shows mojibake for
Chinese) and writes times in UTC (``+00:00`` and microseconds in CSV). Exports
here are UTF-8 with BOM and every export is a trail event; times are local
(``YYYY-MM-DD HH:MM`` in CSV, real dates in xlsx) and booleans 是/否, as
:mod:`portal.formatting` has them — in every Wagtail export too, reports and
page listings included (:func:`localise_wagtail_exports`, at start-up).

Who may export at all is answered by the ``liuhen_may_export`` hook
(``hook(user)`` → bool, every one must agree): the access app lets external
auditors export only when their visit's approval allows it. It lives in the
trail, the ground floor, because the trail's own exports use it too; every
app's exports import it from here."""

import datetime

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from portal import formatting, trail

CSV_BOM = "\ufeff".encode()
CSV, XLSX = SpreadsheetExportMixin.FORMAT_CSV, SpreadsheetExportMixin.FORMAT_XLSX

# Cells by the value's type, in every format (Wagtail's own keep the rest).
LOCAL_VALUES = {
    datetime.datetime: {CSV: formatting.export_text, XLSX: formatting.export_cell},
    bool: {CSV: formatting.export_text, XLSX: formatting.export_cell},
}


def _localised(table):
    return {**LOCAL_VALUES, **{k: v for k, v in table.items() if k not in LOCAL_VALUES}}


def localise_wagtail_exports():
    """Every Wagtail export (generic listings, reports, form submissions)
    writes local times and 是/否: they all share the mixin's table."""
    wagtails = SpreadsheetExportMixin
    wagtails.custom_value_preprocess = _localised(wagtails.custom_value_preprocess)


def may_export(user):
    return all(hook(user) for hook in hooks.get_hooks("liuhen_may_export"))


class LocalSpreadsheetExportMixin(SpreadsheetExportMixin):
    custom_value_preprocess = _localised(SpreadsheetExportMixin.custom_value_preprocess)

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        return super().generate_xlsx_row(worksheet, row_dict, date_format=formatting.XLSX_DATETIME_FORMAT)

    def stream_csv(self, queryset):
        yield CSV_BOM
        yield from super().stream_csv(queryset)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if not may_export(self.request.user):  # an external auditor without leave to export
            raise PermissionDenied
        params = {k: v for k, v in self.request.GET.items() if k != "export"}
        trail.record(
            "export",
            request=self.request,
            target_label=str(self.get_filename()),
            details={"format": spreadsheet_format, "filters": params, "rows": queryset.count()},
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)
