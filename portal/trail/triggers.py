"""Database triggers that make the trail append-only below the application.

``trail_event``, ``trail_seal`` and ``trail_checkpoint`` rows never change and
are never removed. ``trail_pendingevent`` is the sealer's queue: its rows are
removed when sealed, never changed. No table accepts TRUNCATE.
"""

APPEND_ONLY = ("trail_event", "trail_seal", "trail_checkpoint")
QUEUE = "trail_pendingevent"

SQLITE_INSTALL = [
    *(
        f"""CREATE TRIGGER {table}_guard_{op.lower()} BEFORE {op} ON {table}
            BEGIN SELECT RAISE(ABORT, 'the trail is append-only: {op} on {table} refused'); END"""
        for table in APPEND_ONLY
        for op in ("UPDATE", "DELETE")
    ),
    f"""CREATE TRIGGER {QUEUE}_guard_update BEFORE UPDATE ON {QUEUE}
        BEGIN SELECT RAISE(ABORT, 'the trail is append-only: UPDATE on {QUEUE} refused'); END""",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_guard_{op}" for table in APPEND_ONLY for op in ("update", "delete")),
    f"DROP TRIGGER IF EXISTS {QUEUE}_guard_update",
]

POSTGRESQL_INSTALL = [
    """CREATE OR REPLACE FUNCTION trail_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
        END $$""",
    *(
        f"""CREATE TRIGGER {table}_guard_change BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION trail_refuse()"""
        for table in APPEND_ONLY
    ),
    f"""CREATE TRIGGER {QUEUE}_guard_change BEFORE UPDATE ON {QUEUE}
        FOR EACH ROW EXECUTE FUNCTION trail_refuse()""",
    *(
        f"""CREATE TRIGGER {table}_guard_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION trail_refuse()"""
        for table in (*APPEND_ONLY, QUEUE)
    ),
]
POSTGRESQL_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_guard_change ON {table}" for table in (*APPEND_ONLY, QUEUE)),
    *(f"DROP TRIGGER IF EXISTS {table}_guard_truncate ON {table}" for table in (*APPEND_ONLY, QUEUE)),
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
