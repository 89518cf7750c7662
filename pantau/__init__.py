"""Pantau: news monitoring for Indonesian regional-government public-relations offices."""

__version__ = "0.1.0"
