"""Structured registers (台账): records kept as rows, not pages, under django-reversion."""
