"""Approvals (审批): Wagtail workflow tasks whose approver states an explicit
opinion — agree, requested changes or disagree — kept for good in
:class:`~portal.approvals.models.ApprovalOpinion` and printed on a page's
approval sheet."""
