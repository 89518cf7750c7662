"""The FastAPI application: ``create_app(settings)``; the lifespan opens and closes the store."""

from search_api.app.main import create_app

__all__ = ["create_app"]
