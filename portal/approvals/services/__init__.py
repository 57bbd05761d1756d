"""Business actions of the approvals app: writing approval opinions."""
