"""Signed weekly reports never change below the application: UPDATE and
DELETE of a ``registers_weeklyreport`` row whose state is signed are refused
in the database."""

from portal.trail.triggers import Guard

SIGNED_WEEKLY_REPORTS = Guard(
    "registers_weeklyreport", "signed weekly reports are never changed", when="OLD.state = 'signed'"
)
