"""Business actions of the access app. Each wraps its writes in one
transaction and records its trail event there."""
