"""Liuhen (留痕): the Django project and its platform apps (accounts, trail, access)."""
