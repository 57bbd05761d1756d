"""Database triggers that refuse changes below the application.

:class:`Guard` is the one helper every app uses to make a table append-only
(no UPDATE, DELETE or TRUNCATE), write-once (rows may be removed but never
changed, like the sealer's queue) or immutable once a row reaches a state
(``when="OLD.status = 'signed'"``). A migration installs a guard
(``migrations.RunPython(*guard.migration())``); an app lists its guards in a
``liuhen_database_guards`` hook, so that the test suite's flush lifts them
(:mod:`portal.trail.management.commands.flush`).

The trail's own tables: ``trail_event``, ``trail_eventsource``, ``trail_seal``
and ``trail_checkpoint`` rows never change and are never removed;
``trail_pendingevent`` rows are removed when sealed, never changed.
"""

from dataclasses import dataclass

_FUNCTION = """CREATE OR REPLACE FUNCTION liuhen_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '%: % on % refused', TG_ARGV[0], TG_OP, TG_TABLE_NAME;
    END $$"""


@dataclass(frozen=True)
class Guard:
    """Refuse ``refuse`` (of ``"UPDATE"``, ``"DELETE"``) on ``table``, for
    every row or only rows matching ``when`` (an SQL condition on ``OLD``
    that both SQLite and PostgreSQL read the same). PostgreSQL also refuses
    TRUNCATE of an unconditionally guarded table."""

    table: str
    message: str = "rows are never changed"
    refuse: tuple = ("UPDATE", "DELETE")
    when: str = ""

    def _sqlite(self):
        when = f" WHEN {self.when}" if self.when else ""
        return [
            f"""CREATE TRIGGER {self.table}_guard_{op.lower()} BEFORE {op} ON {self.table}{when}
                BEGIN SELECT RAISE(ABORT, '{self.message}: {op} on {self.table} refused'); END"""
            for op in self.refuse
        ]

    def _postgresql(self):
        when = f" WHEN ({self.when})" if self.when else ""
        statements = [
            _FUNCTION,
            f"""CREATE TRIGGER {self.table}_guard_change BEFORE {" OR ".join(self.refuse)} ON {self.table}
                FOR EACH ROW{when} EXECUTE FUNCTION liuhen_refuse('{self.message}')""",
        ]
        if not self.when:
            statements.append(
                f"""CREATE TRIGGER {self.table}_guard_truncate BEFORE TRUNCATE ON {self.table}
                    FOR EACH STATEMENT EXECUTE FUNCTION liuhen_refuse('{self.message}')"""
            )
        return statements

    def install(self, connection):
        statements = {"sqlite": self._sqlite, "postgresql": self._postgresql}.get(connection.vendor)
        if statements is None:
            raise NotImplementedError(f"No guard triggers for {connection.vendor}")
        _run(connection, statements())

    def drop(self, connection):
        if connection.vendor == "postgresql":
            statements = [
                f"DROP TRIGGER IF EXISTS {self.table}_guard_{name} ON {self.table}"
                for name in ("change", "truncate")
            ]
        else:
            statements = [f"DROP TRIGGER IF EXISTS {self.table}_guard_{op}" for op in ("update", "delete")]
        _run(connection, statements)

    def migration(self):
        """``(forwards, backwards)`` for ``migrations.RunPython``."""
        return (
            lambda apps, schema_editor: self.install(schema_editor.connection),
            lambda apps, schema_editor: self.drop(schema_editor.connection),
        )


class Guards(tuple):
    """Several guards installed and dropped together."""

    def install(self, connection):
        for guard in self:
            guard.install(connection)

    def drop(self, connection):
        for guard in self:
            guard.drop(connection)

    def migration(self):
        return (
            lambda apps, schema_editor: self.install(schema_editor.connection),
            lambda apps, schema_editor: self.drop(schema_editor.connection),
        )


def _run(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


_APPEND_ONLY = "the trail is append-only"

# As installed by migration 0002.
FIRST = Guards(
    (
        *(Guard(table, _APPEND_ONLY) for table in ("trail_event", "trail_seal", "trail_checkpoint")),
        Guard("trail_pendingevent", _APPEND_ONLY, refuse=("UPDATE",)),
    )
)
# Migration 0003: the sources each event names.
EVENT_SOURCES = Guard("trail_eventsource", _APPEND_ONLY)

TRAIL = Guards((*FIRST, EVENT_SOURCES))
install = TRAIL.install
drop = TRAIL.drop
