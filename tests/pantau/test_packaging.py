"""Every data file our packages read at run time ships in the wheel (templates, CSS, models …).

An editable install reads files straight from the checkout, so a file type missing from
``[tool.setuptools.package-data]`` would only break a real install (the Docker image); this test
catches it here instead.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("pantau", "pantau_cli", "crawler", "nlp", "search_api", "samplesite")


def test_package_data_patterns_cover_every_data_file() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["*"]
    missing = [
        str(path.relative_to(REPO))
        for package in PACKAGES
        for path in (REPO / package).rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix not in {".py", ".pyc"}
        and not any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns)
    ]
    assert missing == []
