"""Access (P-4, ACC-1, ACC-2): confidentiality levels, the need-to-know rule,
access requests and grants, external-auditor visits.

The rule lives in :mod:`portal.access.rules`; every path that shows, lists,
searches, downloads, exports or prints a record asks it, and
:mod:`portal.access.enforcement` turns its answer into a refusal or a trail
event.
"""
