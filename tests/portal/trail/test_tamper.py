"""Every way of rewriting history is found, and the first bad event named."""

import json

import pytest
import reversion
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry, Revision

from home.factories import SectionPageFactory
from portal.access.deletion import disposal_authorised
from portal.trail import chain
from portal.trail.checkpoints import create_checkpoint
from portal.trail.checks import verify
from portal.trail.models import Event, Seal
from portal.trail.sealing import seal

from .conftest import first_problem

pytestmark = pytest.mark.django_db


def seq_of(source_type, source_id):
    return Event.objects.get(sources__source_type=source_type, sources__source_id=source_id).seq


def forge(tamper, seq, prev_hash, action):
    """An intruder's event: a row and a seal chained from ``prev_hash``."""
    body = chain.canonical_json({"action": action, "details": {}})
    tamper(
        "INSERT INTO trail_event (at, actor_label, action, target_type, target_id, target_label,"
        " source_type, source_id, source_digest)"
        " VALUES ('2026-01-01 00:00:00', '', %s, '', '', '', '', '', '')",
        [action],
    )
    event_id = Event.objects.get(action=action).pk
    forged = chain.event_hash(bytes.fromhex(prev_hash), seq, body).hex()
    tamper(
        "INSERT INTO trail_seal (seq, event_id, body, hash, signature) VALUES (%s, %s, %s, %s, '')",
        [seq, event_id, body, forged],
    )


def test_untouched_trail_verifies(sealed_trail):
    report = verify()
    assert report.ok, report.problems
    assert report.events == 20


def test_edited_details_are_found(sealed_trail, tamper):
    seal = sealed_trail[6]
    body = seal.body.replace("留痕测试", "留痕测验")
    tamper("UPDATE trail_seal SET body = %s WHERE seq = %s", [body, seal.seq])
    problem = first_problem()
    assert (problem.seq, problem.reason) == (7, "hash")


def test_edited_searchable_column_is_found(sealed_trail, tamper):
    tamper("UPDATE trail_event SET action = 'test.harmless' WHERE id = %s", [sealed_trail[8].event_id])
    problem = first_problem()
    assert (problem.seq, problem.reason) == (9, "columns")


def test_deleted_event_is_found(sealed_trail, tamper):
    tamper("DELETE FROM trail_seal WHERE seq = 12")
    problem = first_problem()
    assert (problem.seq, problem.reason) == (12, "gap")


def test_inserted_event_is_found(sealed_trail, tamper):
    # Room is made by moving the later events up by one, then a forged event
    # is slipped in with a hash chained from its predecessor.
    tamper("UPDATE trail_seal SET seq = seq + 1000 WHERE seq > 5")
    tamper("UPDATE trail_seal SET seq = seq - 999 WHERE seq > 1000")
    forge(tamper, 6, sealed_trail.get(seq=5).hash, "test.forged")
    problem = first_problem()
    assert problem.seq == 7 and problem.reason == "hash"


def test_swapped_events_are_found(sealed_trail, tamper):
    tamper("UPDATE trail_seal SET seq = -3 WHERE seq = 3")
    tamper("UPDATE trail_seal SET seq = 3 WHERE seq = 4")
    tamper("UPDATE trail_seal SET seq = 4 WHERE seq = -3")
    problem = first_problem()
    assert (problem.seq, problem.reason) == (3, "hash")


def test_appended_event_without_the_key_is_found(sealed_trail, tamper):
    forge(tamper, 21, sealed_trail.last().hash, "test.appended")
    problem = first_problem()
    assert problem.seq == 21 and problem.reason in {"head_signature", "columns"}


def test_whole_chain_rewritten_after_a_checkpoint_is_found(sealed_trail, tamper):
    create_checkpoint()
    # The intruder rewrites event 4 and recomputes every later hash consistently.
    rows = list(sealed_trail.values_list("seq", "body", "hash"))
    prev = bytes.fromhex(rows[2][2])
    for seq, body, _hash in rows[3:]:
        if seq == 4:
            body = body.replace("留痕测试", "改写")
            tamper("UPDATE trail_seal SET body = %s WHERE seq = 4", [body])
        prev = chain.event_hash(prev, seq, body)
        tamper("UPDATE trail_seal SET hash = %s WHERE seq = %s", [prev.hex(), seq])
    problem = first_problem()
    assert problem.reason in {"checkpoint_head", "columns"}
    report = verify()
    reasons = {p.reason for p in report.problems}
    assert "checkpoint_head" in reasons and "checkpoint_root" in reasons
    assert "hash" not in reasons, "the chain itself is consistent: only the checkpoint tells"


def test_altered_checkpoint_signature_or_root_is_found(sealed_trail, tamper):
    checkpoint = create_checkpoint()
    tamper("UPDATE trail_checkpoint SET root_hash = %s WHERE id = %s", ["0" * 64, checkpoint.pk])
    problem = first_problem()
    assert (problem.seq, problem.reason) == (20, "checkpoint_signature")

    signature = chain.b64(b"\x00" * 64)
    tamper("UPDATE trail_checkpoint SET root_hash = %s, signature = %s WHERE id = %s",
           [checkpoint.root_hash, signature, checkpoint.pk])  # fmt: skip
    problem = first_problem()
    assert (problem.seq, problem.reason) == (20, "checkpoint_signature")


def test_event_taken_out_of_the_queue_before_sealing_is_found(department, tamper):
    from portal import trail

    trail.record("test.kept", target=department)
    lost = trail.record("test.lost", target=department)
    tamper("DELETE FROM trail_pendingevent WHERE event_id = %s", [lost.pk])
    problem = first_problem()
    assert problem.reason == "unsealed_event"
    assert f"event id {lost.pk}" in problem.note


def test_removed_tail_before_a_checkpoint_is_found(sealed_trail, tamper):
    create_checkpoint()
    tamper("DELETE FROM trail_seal WHERE seq > 17")
    problem = first_problem()
    # The new last event carries no seal signature, and the checkpoint says 20.
    assert (problem.seq, problem.reason) == (17, "head_signature")
    assert (20, "checkpoint_beyond") in {(p.seq, p.reason) for p in verify().problems}


@pytest.fixture
def published_page(home_page, leader, department):
    section = SectionPageFactory(parent=home_page, title="会议纪要", department=department)
    section.save_revision(user=leader, log_action=True).publish(user=leader, skip_permission_checks=True)
    seal()
    assert verify().ok
    return section


def test_edited_wagtail_log_entry_is_found(published_page, tamper):
    entry = PageLogEntry.objects.filter(page=published_page, action="wagtail.publish").latest("pk")
    tamper("UPDATE wagtailcore_pagelogentry SET user_id = NULL WHERE id = %s", [entry.pk])
    problem = first_problem()
    assert problem.reason == "source_changed"
    assert problem.seq == seq_of(source_type="wagtailcore.pagelogentry", source_id=str(entry.pk))


def test_deleted_wagtail_log_entry_is_found(published_page, tamper):
    entry = PageLogEntry.objects.filter(page=published_page, action="wagtail.publish").latest("pk")
    tamper("DELETE FROM wagtailcore_pagelogentry WHERE id = %s", [entry.pk])
    problem = first_problem()
    assert problem.reason == "source_missing"
    assert problem.seq == seq_of(source_type="wagtailcore.pagelogentry", source_id=str(entry.pk))


def test_edited_page_revision_content_is_found(published_page, tamper):
    revision = Revision.objects.filter(object_id=str(published_page.pk)).latest("pk")
    content = dict(revision.content, title="篡改后的标题")
    tamper("UPDATE wagtailcore_revision SET content = %s WHERE id = %s", [json.dumps(content), revision.pk])
    problem = first_problem()
    assert problem.reason == "source_changed"
    assert problem.seq == seq_of(source_type="wagtailcore.revision", source_id=str(revision.pk))


def test_deleting_a_page_through_the_portal_is_not_tampering(published_page):
    with disposal_authorised("处置清单 2026-1"):  # a published page goes only by disposal
        published_page.delete()
    seal()
    assert verify().ok


@pytest.fixture
def register_version(department, archivist):
    with reversion.create_revision():
        department.name = "行政办公室（综合）"
        department.save()
        reversion.set_user(archivist)
        reversion.set_comment("更名")
    seal()
    assert verify().ok
    return reversion.models.Version.objects.get_for_object(department).first()


def test_edited_reversion_version_is_found(register_version, tamper):
    tamper("UPDATE reversion_version SET object_repr = 'x' WHERE id = %s", [register_version.pk])
    problem = first_problem()
    assert problem.reason == "source_changed"
    assert problem.seq == seq_of(source_type="reversion.version", source_id=str(register_version.pk))


def test_edited_reversion_comment_is_found(register_version, tamper):
    tamper("UPDATE reversion_revision SET comment = '无' WHERE id = %s", [register_version.revision_id])
    assert first_problem().reason == "source_changed"


def test_deleted_reversion_version_is_found(register_version, tamper):
    seq = seq_of(source_type="reversion.version", source_id=str(register_version.pk))
    tamper("DELETE FROM reversion_version WHERE id = %s", [register_version.pk])
    problems = {(p.seq, p.reason) for p in verify().problems}
    assert (seq, "source_missing") in problems
    # The department now differs from the version before, the latest one left.
    assert any(reason == "live_changed" for _seq, reason in problems)


def test_unsealed_source_row_reveals_a_removed_event(register_version, tamper):
    # The intruder removes the version's event from the end of the trail, the
    # one place where no gap shows: the version row, now unsealed, tells.
    seq = seq_of(source_type="reversion.version", source_id=str(register_version.pk))
    assert seq == Seal.objects.order_by("-seq").first().seq
    event_id = Seal.objects.get(seq=seq).event_id
    tamper("DELETE FROM trail_seal WHERE seq = %s", [seq])
    tamper("DELETE FROM trail_event WHERE id = %s", [event_id])
    reasons = {p.reason: p for p in verify().problems}
    assert "source_unsealed" in reasons
    assert str(register_version.pk) in reasons["source_unsealed"].note


def test_trail_verify_command_reports_first_bad_seq(sealed_trail, tamper, capsys):
    call_command("trail", "verify")
    out = capsys.readouterr().out.strip().splitlines()[-1]
    head = sealed_trail.last().hash
    assert out == f"OK 20 events, head {head}"

    tamper("UPDATE trail_seal SET body = body || ' ' WHERE seq = 13")
    with pytest.raises(CommandError) as error:
        call_command("trail", "verify")
    assert error.value.returncode == 1
    assert str(error.value) == "FAIL seq 13: 哈希值不符：记录内容被改动"
