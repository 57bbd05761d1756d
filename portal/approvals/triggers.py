"""Approval opinions are never changed below the application: UPDATE and
DELETE on ``approvals_approvalopinion`` are refused in the database."""

from portal.trail.triggers import Guard

OPINIONS = Guard("approvals_approvalopinion", "approval opinions are never changed")
