"""The working-day calendar: which days a daily report is due, and by when.

The official calendar is the State Council's (public holidays and the
adjusted working weekends, 调休), as the ``chinese-calendar`` package knows
it; the company's own days (a company holiday, an extra working day) are
rows of :class:`~registers.models.WorkingDayOverride`, kept by the
administration office, and win over the official calendar. For a year the
package does not know yet, Monday to Friday are working days until the
administration office enters that year's days.

The deadline of a working day is the ``DAILY_REPORT_DEADLINE`` setting
(``"18:00"``) in the ``DAILY_REPORT_TIME_ZONE`` (``Asia/Shanghai``)."""

import datetime
import zoneinfo

import chinese_calendar
from django.conf import settings

from .models import WorkingDayOverride


def official_is_working_day(day):
    """What the State Council's calendar says of ``day``."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package does not know yet
        return day.weekday() < 5


def is_working_day(day):
    override = WorkingDayOverride.objects.filter(date=day).values_list("is_working", flat=True).first()
    return official_is_working_day(day) if override is None else override


def working_days(start, end):
    """The working days from ``start`` to ``end``, both included, in order
    (one query, whatever the length of the period)."""
    overrides = dict(
        WorkingDayOverride.objects.filter(date__range=(start, end)).values_list("date", "is_working")
    )
    days, day = [], start
    while day <= end:
        if overrides[day] if day in overrides else official_is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def time_zone():
    return zoneinfo.ZoneInfo(getattr(settings, "DAILY_REPORT_TIME_ZONE", "Asia/Shanghai"))


def deadline_time():
    hours, minutes = getattr(settings, "DAILY_REPORT_DEADLINE", "18:00").split(":")
    return datetime.time(int(hours), int(minutes))


def deadline_for(day):
    """When the report of ``day`` is due: an aware datetime."""
    return datetime.datetime.combine(day, deadline_time(), tzinfo=time_zone())


def today(now=None):
    """The current day in the reports' time zone."""
    from django.utils import timezone

    return (now or timezone.now()).astimezone(time_zone()).date()


def _holiday_names():
    from django.utils.translation import gettext_lazy as _

    return {
        "New Year's Day": _("New Year's Day"),
        "Spring Festival": _("Spring Festival"),
        "Tomb-sweeping Day": _("Tomb-sweeping Day"),
        "Labour Day": _("Labour Day"),
        "Dragon Boat Festival": _("Dragon Boat Festival"),
        "National Day": _("National Day"),
        "Mid-autumn Festival": _("Mid-autumn Festival"),
    }


def official_days(year):
    """The State Council's days of ``year`` that differ from Monday to
    Friday: ``[(date, is_working, holiday name)]`` in order — the public
    holidays falling on weekdays and the adjusted working weekends (调休)."""
    names = _holiday_names()
    days = [
        (day, False, names.get(name, name))
        for day, name in chinese_calendar.holidays.items()
        if day.year == year and day.weekday() < 5
    ]
    days += [
        (day, True, names.get(name, name))
        for day, name in chinese_calendar.workdays.items()
        if day.year == year
    ]
    return sorted(days)


def week_of(day):
    """The Monday of ``day``'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


def week_deadline(monday):
    """When the weekly report of the week starting ``monday`` is due: the
    daily deadline of the week's last working day (of its Sunday when the
    whole week is off)."""
    days = working_days(monday, monday + datetime.timedelta(days=6))
    return deadline_for(days[-1] if days else monday + datetime.timedelta(days=6))


def month_deadline(first):
    """When the monthly report of the month starting ``first`` is due: the
    daily deadline of the month's last working day (of its last day when no
    day of it is worked)."""
    nxt = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last = nxt - datetime.timedelta(days=1)
    days = working_days(first, last)
    return deadline_for(days[-1] if days else last)


def department_month_deadline(first):
    """When a department's report of the month starting ``first`` is due:
    the daily deadline of the ``DEPARTMENT_REPORT_WORKING_DAYS``-th working
    day of the next month (the head composes it from the staff's reports,
    which are due on the month's last working day)."""
    count = getattr(settings, "DEPARTMENT_REPORT_WORKING_DAYS", 3)
    start = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    days = working_days(start, start + datetime.timedelta(days=count * 3 + 14))
    return deadline_for(days[count - 1] if len(days) >= count else start)
