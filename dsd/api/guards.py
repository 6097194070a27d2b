"""Checks every API request passes before any view reads it.

PostgreSQL cannot store the NUL character in text, nor can any database store half
of a UTF-16 surrogate pair, and no field of this service has a use for either, so
a request carrying one anywhere (path, query, form or JSON body) is refused up
front, naming where it was found, instead of failing in the database. Page
numbers are bounded for the same reason.
"""

from flask import Flask, request

from ..errors import InvalidValue, NotFound

NUL = "\x00"
MAX_PAGE = 1_000_000
REASON = "must not contain NUL characters or unpaired surrogates"


def _bad_text(text: str) -> bool:
    if NUL in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True

    return False


def _nul_paths(value, path: str = ""):
    if isinstance(value, str):
        if _bad_text(value):
            yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if _bad_text(str(key)):
                yield name
            yield from _nul_paths(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{path}[{index}]" if path else f"[{index}]")


def refuse_nul_characters() -> None:
    """Refuse a request with a NUL character in any value it carries."""
    if not request.path.startswith("/api/"):
        return
    if _bad_text(request.path):
        raise NotFound("no such address")

    found = [
        name
        for source in (request.args, request.form)
        for name, values in source.lists()
        if _bad_text(name) or any(_bad_text(value) for value in values)
    ]
    if request.is_json:
        found += list(_nul_paths(request.get_json(silent=True)))
    if found:
        raise InvalidValue(
            "the request contains NUL characters",
            {name: [REASON] for name in found[:20]},
        )
    _check_page()


def _check_page() -> None:
    page = request.args.get("page")
    if page is not None and page.isdigit() and int(page) > MAX_PAGE:
        raise InvalidValue("page too far", {"page": [f"must be at most {MAX_PAGE}"]})


def register_guards(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
