"""Spreadsheet exports that open correctly in Chinese Excel and leave a trail.

Wagtail's own CSV export has no byte-order mark (Excel then shows mojibake for
Chinese) and writes times in UTC. Exports here are UTF-8 with BOM, in local
time, and every export is a trail event. Who may export at all is answered
by the ``liuhen_may_export`` hook (``hook(user)`` → bool, every one must
agree): the access app lets external auditors export only when their visit's
approval allows it. It lives in the trail, the ground floor, because the
trail's own exports use it too; every app's exports import it from here."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from portal import trail

CSV_BOM = "\ufeff".encode()


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


def may_export(user):
    return all(hook(user) for hook in hooks.get_hooks("liuhen_may_export"))


class LocalSpreadsheetExportMixin(SpreadsheetExportMixin):
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_CSV: lambda v: _local(v).strftime("%Y-%m-%d %H:%M:%S"),
            SpreadsheetExportMixin.FORMAT_XLSX: lambda v: (
                timezone.make_naive(_local(v)) if timezone.is_aware(v) else v
            ),
        },
    }

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
