"""Configuration mistakes as one line a user can act on, instead of a pydantic traceback.

``Settings()`` raises :class:`ConfigError` for invalid TOML, an unknown section or key, a wrong type
or a bad ``PANTAU_*`` value. The message names where the value came from (the TOML file or the
environment variable), the key and what was expected; an unknown key gets the closest valid one.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

ENV_PREFIX = "PANTAU_"
ENV_DELIMITER = "__"


class ConfigError(ValueError):
    """The configuration (``pantau.toml`` or a ``PANTAU_*`` variable) is invalid; one line."""


def suggest(word: str, choices: list[str]) -> str:
    """``" (did you mean 'host'?)"`` for the closest choice, or ``""`` when none is close."""
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def describe(
    exc: ValidationError,
    model: type[BaseModel],
    toml_file: Path,
    environ: Mapping[str, str] | None = None,
) -> str:
    """All of ``exc``'s problems on one line, each naming its origin, key and expectation."""
    env = {k.upper(): v for k, v in (os.environ if environ is None else environ).items()}
    return "; ".join(_problem(err, model, toml_file, env) for err in exc.errors())


def _problem(
    err: ErrorDetails, model: type[BaseModel], toml_file: Path, env: dict[str, str]
) -> str:
    loc = [str(part) for part in err["loc"]]
    origin = _env_origin(loc, env) or f"{toml_file}: {_toml_key(loc)}"
    if err["type"] == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        return (
            f"{origin}: unknown key{suggest(loc[-1], known)}; expected one of: {', '.join(known)}"
        )
    return f"{origin} = {_short(err.get('input'))}: {_expectation(err)}"


def _env_origin(loc: list[str], env: dict[str, str]) -> str | None:
    """``PANTAU_API__PORT`` when the value came from the environment (longest matching name)."""
    for end in range(len(loc), 0, -1):
        name = ENV_PREFIX + ENV_DELIMITER.join(loc[:end]).upper()
        if name in env:
            return f"environment variable {name}"
    return None


def _toml_key(loc: list[str]) -> str:
    """``[smtp] host`` for a key in a section, ``home`` for a top-level key."""
    if len(loc) == 1:
        return loc[0]
    return f"[{'.'.join(loc[:-1])}] {loc[-1]}"


def _known_keys(model: type[BaseModel], path: list[str]) -> list[str]:
    """The field names valid at ``path`` (a section), walking nested models."""
    for name in path:
        field = model.model_fields.get(name)
        annotation: Any = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)


def _expectation(err: ErrorDetails) -> str:
    # Custom validators' messages start with pydantic's "Value error, "; the rest is ours.
    return err["msg"].removeprefix("Value error, ")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
