"""Accounts and roles: who may read, change and administer an office's Pantau.

* ``accounts.py`` — users (``admin`` manages users; ``staf`` searches, saves, exports and
  corrects; ``baca`` only reads), passwords hashed with Argon2id (argon2-cffi), login sessions and
  API tokens for scripts (only their SHA-256 is stored), failed logins for the rate limit, and
  the audit log, all in the office database (version 5).
* ``guard.py`` — the web app's side: every route but ``/healthz`` and the login page needs a
  session cookie or an ``Authorization: Bearer`` token, and the role its method asks for.
"""
