"""How requests are read: strict JSON and bounded ids in URLs."""

import json

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

# Ids are 32-bit on every database this service runs on.
MAX_ID = 2**31 - 1


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


class StrictJSONProvider(DefaultJSONProvider):
    """JSON without NaN or Infinity, which no field can hold and no client needs."""

    def loads(self, s, **kwargs):
        kwargs.setdefault("parse_constant", _refuse_constant)
        return json.loads(s, **kwargs)


class BoundedIntegerConverter(IntegerConverter):
    """An ``<int:...>`` URL part that no database id could exceed, else 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def configure_http(app: Flask) -> None:
    """Apply the reading rules; call before any route is registered."""
    app.json_provider_class = StrictJSONProvider
    app.json = StrictJSONProvider(app)
    app.url_map.converters["int"] = BoundedIntegerConverter
