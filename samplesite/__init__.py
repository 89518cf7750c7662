"""The bundled sample news site: four Indonesian regional outlets we wrote, served on loopback.

A shipped package, so that ``pantau demo`` and the tests import the same code (never from
``tests/``). Articles are data (``samplesite/articles/<outlet>.yaml``); each outlet module turns
them into the pages, feeds and sitemaps that outlet serves; ``server.SampleSite`` serves them.
Only the standard library and PyYAML are used. Details: ``tests/site/README.md``.
"""
