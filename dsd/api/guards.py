"""Checks every API request passes before any view reads it.

PostgreSQL cannot store the NUL character in text, and no field of this service
has a use for it, so a request carrying one anywhere (query, form or JSON body) is
refused up front, naming where it was found, instead of failing in the database.
"""

from flask import Flask, request

from ..errors import InvalidValue

NUL = "\x00"


def _nul_paths(value, path: str = ""):
    if isinstance(value, str):
        if NUL in value:
            yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                yield name
            yield from _nul_paths(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{path}[{index}]" if path else f"[{index}]")


def refuse_nul_characters() -> None:
    """Refuse a request with a NUL character in any value it carries."""
    if not request.path.startswith("/api/"):
        return

    found = [
        name
        for source in (request.args, request.form)
        for name, values in source.lists()
        if NUL in name or any(NUL in value for value in values)
    ]
    if request.is_json:
        found += list(_nul_paths(request.get_json(silent=True)))
    if found:
        raise InvalidValue(
            "the request contains NUL characters",
            {name: ["must not contain NUL characters"] for name in found[:20]},
        )


def register_guards(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
