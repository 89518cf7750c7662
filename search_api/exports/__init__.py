"""Clipping exports (*kliping*) of any search: CSV, XLSX and a PDF report.

One row per article (``rows.py``), read from the store a page at a time (``reader.py``) and
written by one writer per format (``csv_export.py``, ``xlsx_export.py``, ``pdf_export.py``) to a
file object, so ten thousand articles never sit in memory at once. The API (``/api/export``), the
web UI ("Ekspor") and ``pantau export`` all call :func:`search_api.exports.run.write_export`.
"""
