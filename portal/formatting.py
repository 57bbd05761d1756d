"""How values read, everywhere: one formatting for the portal's views, lists,
prints and exports.

Times are shown in the portal's time zone (``TIME_ZONE``, Asia/Shanghai) as
``YYYY-MM-DD HH:MM``; spreadsheets get real dates (naive, in local time);
relative times read right both ways (“2 小时前”, “3 天后”, “3 天后到期”);
booleans read 是/否 and empty values —, never ``True``/``None``.

It imports no project module, so every app uses it, the trail included
(``tests/test_layers.py`` keeps it at the ground floor). Templates
``{% load formatting %}`` (registered in ``TEMPLATES``' libraries) for the
filters ``local_datetime``, ``relative_time``, ``due``, ``shown``; Wagtail
listings use :class:`DateTimeColumn` and :class:`RelativeTimeColumn`;
Wagtail inspect views mix in :class:`ReadableInspectMixin`."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext, npgettext
from wagtail.admin.ui.tables import Column

DATETIME_FORMAT = "%Y-%m-%d %H:%M"
SECONDS_FORMAT = "%Y-%m-%d %H:%M:%S"  # where the second matters: the trail
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "%Y-%m-%d"
EMPTY = "—"

register = template.Library()


def local(value):
    """An aware datetime in the portal's time zone; anything else as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def naive_local(value):
    """A datetime as a spreadsheet cell wants it: local time, no zone."""
    value = local(value)
    return value.replace(tzinfo=None) if isinstance(value, datetime.datetime) else value


def datetime_text(value, seconds=False):
    """``2026-12-06 18:22`` (local) for a datetime, ``2026-12-06`` for a date, — for nothing."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.datetime):
        return local(value).strftime(SECONDS_FORMAT if seconds else DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


# Units of a relative time, longest first: (seconds, "3 天").
UNITS = (
    (365 * 86400, lambda n: npgettext("duration", "%(num)d year", "%(num)d years", n)),
    (30 * 86400, lambda n: npgettext("duration", "%(num)d month", "%(num)d months", n)),
    (7 * 86400, lambda n: npgettext("duration", "%(num)d week", "%(num)d weeks", n)),
    (86400, lambda n: npgettext("duration", "%(num)d day", "%(num)d days", n)),
    (3600, lambda n: npgettext("duration", "%(num)d hour", "%(num)d hours", n)),
    (60, lambda n: npgettext("duration", "%(num)d minute", "%(num)d minutes", n)),
)


def duration_text(seconds):
    """The largest whole unit in ``seconds`` (“3 天”), or "" under a minute."""
    for size, text in UNITS:
        count = int(seconds // size)
        if count:
            return text(count) % {"num": count}
    return ""


def _split(value, now):
    """(duration text, in the future?) of ``value`` seen from ``now``."""
    now = now or timezone.now()
    if not isinstance(value, datetime.datetime):
        value = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
    seconds = (value - now).total_seconds()
    return duration_text(abs(seconds)), seconds > 0


def relative_time(value, now=None):
    """“2 小时前”, “3 天后”, “刚刚”: how far ``value`` is from now, either way."""
    if value is None or value == "":
        return EMPTY
    duration, future = _split(value, now)
    if not duration:
        return gettext("just now")
    if future:
        return gettext("in %(time)s") % {"time": duration}
    return gettext("%(time)s ago") % {"time": duration}


def due_text(value, now=None):
    """A deadline from now: “3 天后到期”, “已逾期 2 天”, “即将到期”."""
    if value is None or value == "":
        return EMPTY
    duration, future = _split(value, now)
    if not duration:
        return gettext("due now")
    if future:
        return gettext("due in %(time)s") % {"time": duration}
    return gettext("overdue by %(time)s") % {"time": duration}


def shown(value):
    """Any value as a reader should see it: 是/否, —, local times."""
    if value is True:
        return gettext("Yes")
    if value is False:
        return gettext("No")
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.date):
        return datetime_text(value)
    return value


def export_text(value):
    """A value in a CSV cell: local times to the minute, 是/否, nothing for empty."""
    if value is None:
        return ""
    if isinstance(value, bool | datetime.date):
        return shown(value)
    return value


def export_cell(value):
    """A value in an xlsx cell: datetimes stay dates (naive, local), booleans 是/否."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return shown(value)
    return naive_local(value)


def colon(label):
    """A label followed by the colon its language writes: 发送人：, Sender: ."""
    from django.utils.translation import get_language

    return f"{label}：" if (get_language() or "").startswith("zh") else f"{label}: "


register.filter("local_datetime", datetime_text)
register.filter("relative_time", relative_time)
register.filter("due", due_text)
register.filter("shown", shown)
register.filter("colon", colon)


class DateTimeColumn(Column):
    """A listing column of local times, ``YYYY-MM-DD HH:MM`` (``seconds=True``: ``:SS`` too)."""

    def __init__(self, *args, seconds=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.seconds = seconds

    def get_value(self, instance):
        return datetime_text(super().get_value(instance), seconds=self.seconds)


class RelativeTimeColumn(Column):
    """A listing column of times relative to now (“2 小时前”, “3 天后”), the
    local time on hover; ``deadline=True`` reads “3 天后到期”/“已逾期 2 天”
    until ``settled(row)`` says nothing is waiting for it any more (then the
    local time)."""

    cell_template_name = "components/relative_time_cell.html"

    def __init__(self, *args, deadline=False, settled=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline, self.settled = deadline, settled

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["raw_value"]
        context["absolute"] = datetime_text(value)
        if self.deadline and self.settled is not None and self.settled(instance):
            context["relative"], context["overdue"] = context["absolute"], False
            return context
        context["relative"] = (due_text if self.deadline else relative_time)(value)
        context["overdue"] = bool(self.deadline and value and value < timezone.now())
        return context


class ReadableInspectMixin:
    """For Wagtail's inspect views, which print raw values (a UTC time through
    ``|localize``, ``False``, ``None``): every field as :func:`shown` reads it."""

    seconds = False

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return datetime_text(value, seconds=self.seconds)
        return shown(value)
