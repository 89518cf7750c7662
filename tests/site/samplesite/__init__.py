"""Rendering for the bundled sample news site (see ``tests/site/README.md``).

Articles are data (``tests/site/articles/<outlet>.yaml``); each outlet module turns them into the
pages, feeds and sitemaps that outlet serves. Only the standard library and PyYAML are used.
"""
