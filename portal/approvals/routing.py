"""Who approves what: each record type's route (which workflow it goes
through, by confidentiality level), who may act on a step, and the check a
record passes before it is submitted.

Wagtail assigns workflows to subtrees; a record's route depends on its type
and level instead, so record pages answer ``get_workflow()`` from
:data:`ROUTES` (their ``approval_route`` names the row) and ``setup_portal``
makes the workflows the table names. Pages that are not records keep
Wagtail's subtree assignment.

The drafter never approves their own submission: the submitter and the
drafter the record names are left out of every step, which then goes
to another eligible approver or up the organisation — the parent
department's heads, then the leadership.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from wagtail.models import Workflow

from portal.access import rules
from portal.access.levels import Level
from portal.access.rules import Action
from portal.accounts.roles import Role

HEAD_ONLY = "部门负责人审批"
HEAD_THEN_LEADERSHIP = "部门负责人 → 公司领导审批"
CONTRACT = "合同会签"
MEETING_CHAIR = "会议主持人审批"

# approval_route -> [(lowest level, workflow)], the last row that applies wins.
ROUTES = {
    "policy": [(Level.PUBLIC, HEAD_THEN_LEADERSHIP)],
    "notice": [(Level.PUBLIC, HEAD_ONLY), (Level.SECRET, HEAD_THEN_LEADERSHIP)],
    "report": [(Level.PUBLIC, HEAD_ONLY), (Level.SECRET, HEAD_THEN_LEADERSHIP)],
    "training": [(Level.PUBLIC, HEAD_ONLY), (Level.SECRET, HEAD_THEN_LEADERSHIP)],
    "meeting": [(Level.PUBLIC, HEAD_ONLY), (Level.SECRET, HEAD_THEN_LEADERSHIP)],
    "contract": [(Level.PUBLIC, CONTRACT)],
    "project": [(Level.PUBLIC, CONTRACT)],
    "project_single": [(Level.PUBLIC, HEAD_THEN_LEADERSHIP)],
    # Project documents (项目报告, 工作记录, 测试报告); the acceptance report
    # is countersigned by every acceptor it names; the summary closes the project.
    "project_document": [(Level.PUBLIC, HEAD_ONLY), (Level.SECRET, HEAD_THEN_LEADERSHIP)],
    "acceptance": [(Level.PUBLIC, CONTRACT)],
    "project_summary": [(Level.PUBLIC, HEAD_THEN_LEADERSHIP)],
    "minutes": [(Level.PUBLIC, MEETING_CHAIR)],
}


def workflow_name_for(route, level):
    name = None
    for lowest, workflow in ROUTES.get(route, ()):
        if level >= lowest:
            name = workflow
    return name


def workflow_for(record):
    """The active workflow of ``record``'s route, or None (no route, or the
    workflow was deactivated by an administrator)."""
    name = workflow_name_for(record.approval_route, record.confidentiality)
    if name is None:
        return None
    return Workflow.objects.filter(name=name, active=True).first()


def leadership():
    return get_user_model().objects.filter(groups__name=Role.LEADERSHIP.group_name, is_active=True)


def drafters(record, submitter_id=None):
    """Ids of the people who answer for ``record``'s submission: who submitted
    it and the drafter the record names (拟稿人)."""
    ids = {submitter_id, getattr(record, "drafter_id", None)}
    ids.discard(None)
    return ids


def heads_for(department, excluded=()):
    """The heads who approve for ``department``: its own heads other than
    ``excluded``; if none, the parent department's, and so on up; at the
    top, the leadership."""
    seen = set()
    while department is not None and department.pk not in seen:
        seen.add(department.pk)
        heads = department.heads.filter(is_active=True).exclude(pk__in=excluded)
        if heads.exists():
            return heads
        department = department.parent
    return leadership().exclude(pk__in=excluded)


# --- Countersigners -------------------------------------------------------------


def countersign_slots(record, excluded=()):
    """What the countersign step waits for: one set of user ids per named
    countersigner and per named department (any one of its heads, or who
    approves in their place, signs for it)."""
    slots = []
    for user in _named_people(record):
        if user.is_active and user.pk not in excluded:
            slots.append(frozenset({user.pk}))
    for department in _named_departments(record):
        slots.append(frozenset(heads_for(department, excluded).values_list("pk", flat=True)))
    return [slot for slot in slots if slot]


def _named_people(record):
    named = getattr(record, "countersigners", None)
    return list(named.all()) if named is not None else []


def _named_departments(record):
    named = getattr(record, "countersigning_departments", None)
    return list(named.all()) if named is not None else []


def _may_read(user, record):
    if rules.can(user, Action.VIEW, record):
        return True
    # A record submitted as it is first saved: that save stores whom it
    # names (the access table), and the rule then lets them read it.
    named = getattr(record, "access_named", None)
    return record.pk is None and named is not None and user.pk in named().users


def submission_problems(record, submitter):
    """Why ``record`` may not be submitted by ``submitter`` yet, as messages:
    a countersigner who may not read it, the drafter among the countersigners,
    a countersigned route without countersigners."""
    workflow = workflow_name_for(record.approval_route, record.confidentiality)
    people, departments = _named_people(record), _named_departments(record)
    problems = []
    if workflow == CONTRACT and not (people or departments):
        problems.append(_("Name at least one countersigner (a person or a department) before submitting."))
    excluded = drafters(record, getattr(submitter, "pk", None))
    own = [user.get_full_name() for user in people if user.pk in excluded]
    if own:
        problems.append(
            _("The drafter cannot countersign their own record: %(names)s.") % {"names": "、".join(own)}
        )
    signers = [user for user in people if user.pk not in excluded]
    for department in departments:
        signers.extend(heads_for(department, excluded))
    refused = [user.get_full_name() for user in dict.fromkeys(signers) if not _may_read(user, record)]
    if refused:
        problems.append(
            _(
                "These countersigners may not read this record and cannot countersign it: %(names)s. "
                "Name someone who may read it, or change the record's access."
            )
            % {"names": "、".join(refused)}
        )
    return problems
