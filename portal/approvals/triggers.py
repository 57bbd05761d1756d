"""Database triggers that make approval opinions unchangeable below the
application: UPDATE and DELETE on ``approvals_approvalopinion`` are refused,
as the trail's own tables are (:mod:`portal.trail.triggers`)."""

TABLE = "approvals_approvalopinion"
MESSAGE = "approval opinions are never changed: % on % refused"

SQLITE_INSTALL = [
    f"""CREATE TRIGGER {TABLE}_guard_{op.lower()} BEFORE {op} ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'approval opinions are never changed: {op} on {TABLE} refused'); END"""
    for op in ("UPDATE", "DELETE")
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_guard_{op}" for op in ("update", "delete")]

POSTGRESQL_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION approvals_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}', TG_OP, TG_TABLE_NAME;
        END $$""",
    f"""CREATE TRIGGER {TABLE}_guard_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION approvals_refuse()""",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_guard_change ON {TABLE}",
    "DROP FUNCTION IF EXISTS approvals_refuse()",
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
        raise NotImplementedError(f"No immutability triggers for {connection.vendor}")
    _run(connection, _STATEMENTS[connection.vendor][0])


def drop(connection):
    _run(connection, _STATEMENTS[connection.vendor][1])


def install_migration(apps, schema_editor):
    install(schema_editor.connection)


def drop_migration(apps, schema_editor):
    drop(schema_editor.connection)
