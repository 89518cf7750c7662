"""The ``pantau`` command: the top floor, importing every package and imported by none.

``pantau`` (the core: the Article model, settings, URLs) sits at the bottom and imports nothing
of ours; the command lives here so that no import runs upwards (``tests/test_layers.py``).
"""
