"""Message catalogs (YAML, one file per domain); read through :mod:`search_api.i18n`."""
