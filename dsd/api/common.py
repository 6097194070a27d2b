"""Pieces the API modules share: field types, list arguments, sorting, paging."""

from datetime import time
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import func, select

from ..errors import InvalidValue
from ..extensions import db


class LocalTime(fields.Field):
    """A local wall-clock time written ``HH:MM``."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.strftime("%H:%M")

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            hours, minutes = str(value).split(":")
            return time(int(hours), int(minutes))
        except (TypeError, ValueError) as error:
            raise ValidationError("must be a time of day written HH:MM") from error


class Amount(fields.Decimal):
    """A non-negative decimal amount, sent as a number or a string."""

    def __init__(self, max_places: int = 6, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=0))
        super().__init__(as_string=True, **kwargs)
        self.max_places = max_places

    def _deserialize(self, value, attr, data, **kwargs):
        number = super()._deserialize(value, attr, data, **kwargs)
        if (
            isinstance(number, Decimal)
            and -number.as_tuple().exponent > self.max_places
        ):
            raise ValidationError(f"must have at most {self.max_places} decimals")

        return number


class Code(fields.String):
    """A code or name: surrounding spaces dropped, never empty."""

    def __init__(self, max_length: int, **kwargs):
        super().__init__(validate=validate.Length(min=1, max=max_length), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            raise ValidationError("must not be blank")

        return text


class Count(fields.Integer):
    """A whole number of things: no fractions, no text, within a sane range."""

    def __init__(self, minimum: int = 0, maximum: int = 1_000_000, **kwargs):
        super().__init__(
            strict=True, validate=validate.Range(min=minimum, max=maximum), **kwargs
        )


class Longitude(fields.Float):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(min=-180, max=180), **kwargs)


class Latitude(fields.Float):
    def __init__(self, **kwargs):
        super().__init__(validate=validate.Range(min=-90, max=90), **kwargs)


class SortArgs(Schema):
    sort = fields.String(
        metadata={"description": "a field to sort by; a leading '-' sorts descending"}
    )


def sorted_query(query, sort: str | None, columns: dict, default):
    """Order a select by one of the allowed columns, refusing any other name."""
    if not sort:
        return query.order_by(default)

    descending = sort.startswith("-")
    name = sort[1:] if descending else sort
    if name not in columns:
        allowed = ", ".join(sorted(columns))
        raise InvalidValue(
            "cannot sort by that", {"sort": [f"must be one of {allowed}, optionally -"]}
        )
    column = columns[name]
    return query.order_by(column.desc() if descending else column.asc(), default)


def page_of(query, pagination_parameters):
    """One page of a select's rows, telling flask-smorest the total count."""
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pagination_parameters.item_count = total
    page_size = pagination_parameters.page_size
    offset = (pagination_parameters.page - 1) * page_size
    return db.session.scalars(query.limit(page_size).offset(offset)).all()
