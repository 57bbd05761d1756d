"""Who reads each production register, as a truth table: for every kind of
person, the single-record answer of the rule is the table below and the
listing's filter keeps exactly the records that answer allows.

- A circulation: its sender, its recipients and whoever reads the circulated
  record at its level in its department (a public record's circulation is
  internal).
- An access request: its requester, those who decide it (leadership, the
  heads of the department asked) and internal audit.
- An external-audit visit: leadership, administration office, internal
  audit, whoever registered it and the archivist who hosts the visitors.
- A repeated-refusal flag: internal audit, IT and leadership.
"""

import pytest

from portal.access import rules
from portal.access.levels import Level
from portal.access.models import AccessRequest
from portal.access.rules import Action

pytestmark = pytest.mark.django_db

EVERYONE = {
    "staff_same", "staff_other", "head_same", "head_other", "leader", "archivist", "internal_audit", "it",
    "author", "participant", "grantee", "department_grantee", "visitor", "office", "registrar", "escort",
}  # fmt: skip

READERS = {
    # Sent by the author to the participant; a public page's circulation is internal.
    "circulation_public": {
        "staff_same",
        "head_same",
        "leader",
        "archivist",
        "registrar",
        "escort",
        "internal_audit",
        "author",
        "participant",
        "department_grantee",
        "visitor",
    },
    # Department A's secret page: no internal audit, no archivist, no visitor.
    "circulation_secret": {"head_same", "leader", "author", "participant", "department_grantee"},
    # The participant asks to read A's internal page.
    "request": {"participant", "head_same", "leader", "internal_audit"},
    # Registered by the registrar, hosted by the escort.
    "visit": {"leader", "office", "internal_audit", "registrar", "escort"},
    "flag": {"leader", "internal_audit", "it"},
}


def listed(user, action, record):
    model = type(record)
    return model.objects.filter(rules.filter_for(user, action, model), pk=record.pk).exists()


@pytest.mark.parametrize("name", list(READERS))
def test_each_register_is_read_by_whom_the_table_says(people, registers, name):
    record = registers[name]
    found = {}
    for subject in sorted(EVERYONE):
        user = people[subject]
        found[subject] = rules.can(user, Action.VIEW, record)
        for action in (Action.VIEW, Action.LIST, Action.SEARCH, Action.PRINT):
            assert rules.can(user, action, record) is found[subject], (subject, action)
            assert listed(user, action, record) is found[subject], (subject, action)
        assert listed(user, Action.EDIT, record) is rules.can(user, Action.EDIT, record), subject
    assert {subject for subject, reads in found.items() if reads} == READERS[name]


def test_a_register_takes_its_level_from_what_it_is_about(world, registers):
    assert registers["circulation_public"].confidentiality == Level.INTERNAL
    assert registers["circulation_secret"].confidentiality == Level.SECRET
    assert registers["circulation_secret"].department == world.department
    request = AccessRequest.objects.get(pk=registers["request"].pk)
    assert (request.department, request.confidentiality) == (world.department, Level.CONFIDENTIAL)
    assert registers["visit"].department is None and registers["flag"].department is None


def test_a_refused_reader_of_a_request_or_flag_is_not_told_it_exists(people, registers, verified_client):
    client = verified_client(people["head_other"])
    assert client.get(f"/admin/access/requests/inspect/{registers['request'].pk}/").status_code == 404
    client = verified_client(people["archivist"])
    assert client.get(f"/admin/access/flags/inspect/{registers['flag'].pk}/").status_code == 404
