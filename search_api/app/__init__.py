"""The FastAPI application: ``create_app(settings)``; the store opens and closes with the
lifespan."""

from search_api.app.main import create_app

__all__ = ["create_app"]
