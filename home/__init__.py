"""The portal's content: Wagtail page types for every kind of record."""
