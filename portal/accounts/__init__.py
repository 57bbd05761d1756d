"""Accounts: the portal's users, departments, roles and two-factor sign-in."""
