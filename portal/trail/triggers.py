"""Database triggers that make the trail append-only below the application.

``trail_event`` rows may change exactly once: from pending to sealed (``seq``,
``hash`` and ``seal_signature`` set, nothing else touched). ``trail_checkpoint``
rows never change. Neither table accepts DELETE or TRUNCATE.
"""

EVENT_COLUMNS = (
    "id", "at", "actor_id", "actor_label", "client_ip", "action", "target_type", "target_id",
    "target_label", "department_id", "source_type", "source_id", "source_digest", "body",
)  # fmt: skip

_SQLITE_UNCHANGED = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in EVENT_COLUMNS)
_PG_COLUMNS = ", ".join(EVENT_COLUMNS)

SQLITE_INSTALL = [
    f"""CREATE TRIGGER trail_event_guard_update BEFORE UPDATE ON trail_event
        WHEN NOT (OLD.seq IS NULL AND NEW.seq IS NOT NULL AND OLD.hash = '' AND NEW.hash <> ''
                  AND {_SQLITE_UNCHANGED})
        BEGIN SELECT RAISE(ABORT, 'the trail is append-only: trail_event rows cannot be changed'); END""",
    """CREATE TRIGGER trail_event_guard_delete BEFORE DELETE ON trail_event
        BEGIN SELECT RAISE(ABORT, 'the trail is append-only: trail_event rows cannot be deleted'); END""",
    """CREATE TRIGGER trail_checkpoint_guard_update BEFORE UPDATE ON trail_checkpoint
        BEGIN SELECT RAISE(ABORT, 'the trail is append-only: checkpoints cannot be changed'); END""",
    """CREATE TRIGGER trail_checkpoint_guard_delete BEFORE DELETE ON trail_checkpoint
        BEGIN SELECT RAISE(ABORT, 'the trail is append-only: checkpoints cannot be deleted'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS trail_event_guard_update",
    "DROP TRIGGER IF EXISTS trail_event_guard_delete",
    "DROP TRIGGER IF EXISTS trail_checkpoint_guard_update",
    "DROP TRIGGER IF EXISTS trail_checkpoint_guard_delete",
]

POSTGRESQL_INSTALL = [
    """CREATE OR REPLACE FUNCTION trail_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
        END $$""",
    f"""CREATE OR REPLACE FUNCTION trail_event_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.seq IS NULL AND NEW.seq IS NOT NULL AND OLD.hash = '' AND NEW.hash <> ''
               AND ROW({", ".join(f"NEW.{c}" for c in EVENT_COLUMNS)})
                   IS NOT DISTINCT FROM ROW({", ".join(f"OLD.{c}" for c in EVENT_COLUMNS)}) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'the trail is append-only: trail_event rows cannot be changed';
        END $$""",
    """CREATE TRIGGER trail_event_guard_update BEFORE UPDATE ON trail_event
        FOR EACH ROW EXECUTE FUNCTION trail_event_guard_update()""",
    """CREATE TRIGGER trail_event_guard_delete BEFORE DELETE ON trail_event
        FOR EACH ROW EXECUTE FUNCTION trail_refuse()""",
    """CREATE TRIGGER trail_event_guard_truncate BEFORE TRUNCATE ON trail_event
        FOR EACH STATEMENT EXECUTE FUNCTION trail_refuse()""",
    """CREATE TRIGGER trail_checkpoint_guard_change BEFORE UPDATE OR DELETE ON trail_checkpoint
        FOR EACH ROW EXECUTE FUNCTION trail_refuse()""",
    """CREATE TRIGGER trail_checkpoint_guard_truncate BEFORE TRUNCATE ON trail_checkpoint
        FOR EACH STATEMENT EXECUTE FUNCTION trail_refuse()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS trail_event_guard_update ON trail_event",
    "DROP TRIGGER IF EXISTS trail_event_guard_delete ON trail_event",
    "DROP TRIGGER IF EXISTS trail_event_guard_truncate ON trail_event",
    "DROP TRIGGER IF EXISTS trail_checkpoint_guard_change ON trail_checkpoint",
    "DROP TRIGGER IF EXISTS trail_checkpoint_guard_truncate ON trail_checkpoint",
]

_STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_DROP),
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_DROP),
}


def _run(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection):
    if connection.vendor not in _STATEMENTS:
        raise NotImplementedError(f"No append-only triggers for {connection.vendor}")
    _run(connection, _STATEMENTS[connection.vendor][0])


def drop(connection):
    _run(connection, _STATEMENTS[connection.vendor][1])


def install_migration(apps, schema_editor):
    install(schema_editor.connection)


def drop_migration(apps, schema_editor):
    drop(schema_editor.connection)
