"""Jinja2 templates of the digest e-mail (a package so the wheel ships them as package data)."""
