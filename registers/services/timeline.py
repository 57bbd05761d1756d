"""A project's timeline: a Gantt chart drawn on the server as SVG (no
script). One row per stage and task of the plan, then the project's
milestones as diamonds; each row shows its planned bar above its actual bar
(to today while under way). Late items — finished after their planned end,
or past their planned end and not done — are drawn in the late colour; the
legend says which colour is what; a line marks today; ticks mark months."""

import datetime

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import PlanTask, ProjectPlan
from ..models.projects import late

FONT = (
    "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
)
WIDTH = 960
LABEL_WIDTH = 240
RIGHT = 20
ROW = 26
TOP = 44  # month labels above the rows
COLOURS = {
    "planned": "#b0bec5",
    "actual": "#2e7d32",
    "late": "#c62828",
    "milestone": "#1565c0",
    "today": "#ef6c00",
}


def _rows(project, today):
    """``[(kind, label, planned (start, end), actual (start, end) or None, late, note)]``."""
    rows = []
    plan = ProjectPlan.objects.filter(project=project).first()
    if plan is not None:
        tasks = {}
        for task in PlanTask.objects.filter(stage__plan=plan).select_related("owner"):
            tasks.setdefault(task.stage_id, []).append(task)
        for stage in plan.stages.all():
            stage_tasks = tasks.get(stage.pk, [])
            rows.append(_row("stage", stage, stage.name, today, stage_tasks))
            for task in stage_tasks:
                rows.append(_row("task", task, task.name, today))
    for milestone in project.milestones.all():
        is_late = milestone.due_date < today
        note = _("due %(date)s") % {"date": f"{milestone.due_date:%Y-%m-%d}"}
        rows.append(
            ("milestone", milestone.name, (milestone.due_date, milestone.due_date), None, is_late, note)
        )
    return rows


def _row(kind, item, label, today, tasks=()):
    if kind == "stage":
        progress = (
            100
            if item.actual_end
            else (round(sum(t.percent_done for t in tasks) / len(tasks)) if tasks else 0)
        )
    else:
        progress = item.percent_done
    actual = None
    if item.actual_start:
        actual = (item.actual_start, item.actual_end or max(today, item.actual_start))
    is_late = late(item.planned_end, item.actual_end, progress, today)
    note = _("planned %(start)s – %(end)s; actual %(actual)s; %(percent)s%% done") % {
        "start": f"{item.planned_start:%Y-%m-%d}",
        "end": f"{item.planned_end:%Y-%m-%d}",
        "actual": (
            f"{item.actual_start:%Y-%m-%d} – {item.actual_end:%Y-%m-%d}"
            if item.actual_end
            else (f"{item.actual_start:%Y-%m-%d} –" if item.actual_start else _("not started"))
        ),
        "percent": progress,
    }
    if is_late:
        note = f"{note}; {_('late')}"
    return (kind, label, (item.planned_start, item.planned_end), actual, is_late, note)


def _months(start, end):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def timeline_svg(project, today=None):
    """The timeline of ``project`` (a project page) as SVG markup, marked safe."""
    today = today or timezone.localdate()
    rows = _rows(project, today)
    days = [today]
    for _kind, _label, planned, actual, _late, _note in rows:
        days.extend(planned)
        if actual:
            days.extend(actual)
    days.extend(d for d in (project.start_date, project.end_date) if d)
    first = min(days).replace(day=1)
    last = max(days) + datetime.timedelta(days=1)
    span = max((last - first).days, 1)
    chart = WIDTH - LABEL_WIDTH - RIGHT

    def x(day):
        return LABEL_WIDTH + chart * (day - first).days / span

    legend_y = TOP + ROW * max(len(rows), 1) + 16
    height = legend_y + 30
    title = _("Timeline of %(project)s") % {"project": project.title}
    late_names = [label for kind, label, *_rest, is_late, _note in rows if is_late]
    desc = _("Planned against actual dates of %(count)s stages, tasks and milestones; today is %(today)s.")
    desc = desc % {
        "count": len(rows),
        "today": f"{today:%Y-%m-%d}",
    }
    if late_names:
        desc = f"{desc} {_('Late: %(items)s.') % {'items': '、'.join(late_names)}}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="project-timeline" role="img" '
        f'aria-labelledby="timeline-title timeline-desc" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{escape(FONT)}" font-size="12">',
        f'<title id="timeline-title">{escape(title)}</title>',
        f'<desc id="timeline-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    # Month ticks and labels.
    out.append('<g class="months">')
    months = list(_months(first, last))
    step = max(1, -(-len(months) * 72 // chart))  # a label every ``step`` months, so that they fit
    for number, month in enumerate(months):
        mx = x(month)
        out.append(
            f'<line class="month-tick" x1="{mx:.1f}" y1="{TOP - 14}" x2="{mx:.1f}" y2="{legend_y - 12}" '
            f'stroke="#e0e0e0"/>'
        )
        if number % step == 0 and mx < WIDTH - RIGHT - 60:
            label = formats.date_format(month, "YEAR_MONTH_FORMAT")
            out.append(
                f'<text x="{mx + 3:.1f}" y="{TOP - 18}" font-size="11" fill="#555">{escape(label)}</text>'
            )
    out.append("</g>")
    # Rows.
    for index, (kind, label, planned, actual, is_late, note) in enumerate(rows):
        y = TOP + index * ROW
        classes = f"row {kind}{' late' if is_late else ''}"
        indent = 16 if kind == "task" else 4
        weight = ' font-weight="bold"' if kind == "stage" else ""
        out.append(f'<g class="{classes}" data-name="{escape(label)}">')
        out.append(f"<title>{escape(label)}: {escape(note)}</title>")
        if index % 2:
            out.append(f'<rect x="0" y="{y}" width="{WIDTH}" height="{ROW}" fill="#fafafa"/>')
        shown = f"◆ {label}" if kind == "milestone" else label
        out.append(f'<text x="{indent}" y="{y + 17}"{weight} fill="#212121">{escape(_short(shown))}</text>')
        if kind == "milestone":
            cx, cy, r = x(planned[0]), y + ROW / 2, 7
            colour = COLOURS["late"] if is_late else COLOURS["milestone"]
            out.append(
                f'<polygon class="milestone{" late" if is_late else ""}" fill="{colour}" '
                f'points="{cx:.1f},{cy - r} {cx + r:.1f},{cy} {cx:.1f},{cy + r} {cx - r:.1f},{cy}"/>'
            )
        else:
            px1, px2 = x(planned[0]), x(planned[1] + datetime.timedelta(days=1))
            stroke = f' stroke="{COLOURS["late"]}" stroke-width="1.5"' if is_late else ""
            out.append(
                f'<rect class="bar planned{" late" if is_late else ""}" x="{px1:.1f}" y="{y + 4}" '
                f'width="{max(px2 - px1, 2):.1f}" height="8" fill="{COLOURS["planned"]}"{stroke}/>'
            )
            if actual:
                ax1, ax2 = x(actual[0]), x(actual[1] + datetime.timedelta(days=1))
                colour = COLOURS["late"] if is_late else COLOURS["actual"]
                out.append(
                    f'<rect class="bar actual{" late" if is_late else ""}" x="{ax1:.1f}" y="{y + 13}" '
                    f'width="{max(ax2 - ax1, 2):.1f}" height="8" fill="{colour}"/>'
                )
        out.append("</g>")
    if not rows:
        empty = escape(_("No plan yet."))
        out.append(f'<text x="{LABEL_WIDTH}" y="{TOP + 17}" fill="#757575">{empty}</text>')
    # Today's line.
    tx = x(today)
    out.append(
        f'<g class="today"><line class="today-line" x1="{tx:.1f}" y1="{TOP - 14}" x2="{tx:.1f}" '
        f'y2="{legend_y - 12}" stroke="{COLOURS["today"]}" stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="{tx + 3:.1f}" y="{TOP - 4}" fill="{COLOURS["today"]}">{escape(_("Today"))}</text></g>'
    )
    # Legend.
    out.append(f'<g class="legend" transform="translate({LABEL_WIDTH},{legend_y})">')
    items = [
        ("planned", _("Planned")),
        ("actual", _("Actual")),
        ("late", _("Overdue")),
        ("milestone", _("Milestone")),
        ("today", _("Today")),
    ]
    for position, (key, text) in enumerate(items):
        lx = position * 120
        if key == "milestone":
            mark = f'<polygon fill="{COLOURS[key]}" points="{lx + 7},0 {lx + 14},7 {lx + 7},14 {lx},7"/>'
        elif key == "today":
            mark = (
                f'<line x1="{lx + 7}" y1="0" x2="{lx + 7}" y2="14" stroke="{COLOURS[key]}" stroke-width="2"/>'
            )
        else:
            mark = f'<rect x="{lx}" y="3" width="20" height="8" fill="{COLOURS[key]}"/>'
        out.append(f'<g class="legend-{key}">{mark}<text x="{lx + 26}" y="12">{escape(text)}</text></g>')
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text in it escaped above)


def _short(label, limit=16):
    return label if len(label) <= limit else f"{label[: limit - 1]}…"
