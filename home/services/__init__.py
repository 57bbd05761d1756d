"""Business actions of the home app: document numbers and training read
confirmations. Each wraps its writes in one transaction and records its
trail event there."""
