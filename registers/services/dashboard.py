"""The department head's dashboard of daily reports: this week's grid of
staff × days and, for the leadership, each department's submission rate of
the month.

Every cell is computed from the calendar (:mod:`registers.calendar`) and the
reports' submission times, never stored. The grid costs a fixed number of
queries whatever the number of staff: the staff in one query, the week's
reports of all of them in another, the calendar's overrides in a third."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.access.subjects import roles_of, subject_for
from portal.accounts.models import Department
from portal.accounts.roles import Role

from .. import calendar
from ..models import DailyReport

State = DailyReport.State


class Cell:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    REVIEWED = "reviewed"
    DAY_OFF = "day_off"
    NOT_DUE = "not_due"

    LABELS = {
        ON_TIME: _("On time"),
        LATE: _("Late"),
        MISSING: _("Missing"),
        REVIEWED: _("Annotated"),
        DAY_OFF: _("Non-working day"),
        NOT_DUE: _("Not due yet"),
    }


@dataclass
class GridCell:
    day: datetime.date
    status: str
    report: DailyReport | None = None

    @property
    def label(self):
        return Cell.LABELS[self.status]


@dataclass
class GridRow:
    person: object
    cells: list


def is_leader(user):
    return Role.LEADERSHIP in roles_of(user)


def may_see_grid(user):
    """Heads of a department, the leadership, and anyone some person names
    as their supervisor see a grid; a plain colleague has none."""
    return user.is_authenticated and (
        bool(subject_for(user).headed)
        or is_leader(user)
        or get_user_model().objects.filter(supervisor=user, is_active=True).exists()
    )


def staff_of(user):
    """The people whose daily reports ``user`` reads as their head or their
    supervisor: the members of the departments they head and of those below
    (as the access rule has them), and those who name them as supervisor;
    themself excluded. One query (the departments are loaded with the
    access subject)."""
    headed = subject_for(user).headed
    people = (
        get_user_model()
        .objects.filter(Q(department__in=headed) | Q(supervisor=user), is_active=True)
        .exclude(pk=user.pk)
    )
    return list(people.select_related("department").order_by("department__sort_order", "display_name", "pk"))


def cell_status(day, report, is_working, now):
    if report is not None and report.submitted_at is not None:
        if report.state == State.REVIEWED:
            return Cell.REVIEWED
        return Cell.LATE if report.submitted_at > calendar.deadline_for(day) else Cell.ON_TIME
    if not is_working:
        return Cell.DAY_OFF
    return Cell.NOT_DUE if calendar.deadline_for(day) >= now else Cell.MISSING


def week_grid(user, monday, now=None):
    """``(days, rows)``: the seven days of the week starting ``monday`` and,
    for each of ``user``'s staff, the status of each day."""
    now = now or timezone.now()
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    working = set(calendar.working_days(days[0], days[-1]))
    people = staff_of(user)
    reports = {
        (r.author_id, r.date): r
        for r in DailyReport.objects.filter(
            author__in=[p.pk for p in people], date__range=(days[0], days[-1])
        )
        .exclude(state=State.DRAFT)
        .only("pk", "author_id", "date", "state", "submitted_at")
    }
    rows = [
        GridRow(
            person,
            [
                GridCell(
                    day,
                    cell_status(day, reports.get((person.pk, day)), day in working, now),
                    reports.get((person.pk, day)),
                )
                for day in days
            ],
        )
        for person in people
    ]
    return days, [day in working for day in days], rows


def awaiting_review(user):
    """The submitted daily reports of ``user``'s staff not annotated yet,
    oldest first (at most 200)."""
    people = [p.pk for p in staff_of(user)]
    return list(
        DailyReport.objects.filter(author__in=people, state=State.SUBMITTED)
        .select_related("author")
        .order_by("date", "author")[:200]
    )


@dataclass
class Rate:
    department: object
    expected: int
    on_time: int
    late: int

    @property
    def missing(self):
        return self.expected - self.on_time - self.late

    @property
    def percent(self):
        return round(100 * (self.on_time + self.late) / self.expected) if self.expected else None


def submission_rates(month_start, now=None):
    """Per department, the daily reports of the month starting
    ``month_start`` so far: the working days whose deadline has passed ×
    the department's active members, and how many of them came on time or
    late. A fixed number of queries, whatever the number of departments."""
    now = now or timezone.now()
    next_month = (month_start + datetime.timedelta(days=32)).replace(day=1)
    days = [
        d
        for d in calendar.working_days(month_start, next_month - datetime.timedelta(days=1))
        if calendar.deadline_for(d) < now
    ]
    departments = list(Department.objects.order_by("sort_order", "pk"))
    members = {}
    for department_id, pk in (
        get_user_model()
        .objects.filter(is_active=True, department__isnull=False)
        .values_list("department_id", "pk")
    ):
        members.setdefault(department_id, set()).add(pk)
    counts = {d.pk: [0, 0] for d in departments}
    day_set = set(days)
    for department_id, author_id, day, submitted_at in DailyReport.objects.filter(
        date__in=days, submitted_at__isnull=False
    ).values_list("author__department_id", "author_id", "date", "submitted_at"):
        if day in day_set and author_id in members.get(department_id, ()):
            counts[department_id][submitted_at > calendar.deadline_for(day)] += 1
    return [
        Rate(d, len(days) * len(members.get(d.pk, ())), *counts[d.pk])
        for d in departments
        if members.get(d.pk)
    ]


@dataclass
class MonthFigures:
    department: object
    month: datetime.date
    reports: int
    figures: list


def month_figures(user, today=None):
    """For each department ``user`` heads: the key figures of the staff's
    monthly reports submitted for this month, summed (of last month while
    none of this month is in). A fixed number of queries per department,
    whatever the number of staff."""
    from . import monthly

    this_month = (today or calendar.today()).replace(day=1)
    previous = (this_month - datetime.timedelta(days=1)).replace(day=1)
    sections = []
    for department in Department.objects.filter(heads=user).order_by("sort_order", "pk"):
        for month in (this_month, previous):
            reports = list(monthly.staff_reports(department, month))
            if reports:
                break
        sections.append(MonthFigures(department, month, len(reports), monthly.aggregate(reports)))
    return sections
