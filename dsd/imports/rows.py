"""Turning file rows into the fields the services take."""

from ..errors import InvalidValue
from ..values import Unreadable
from .reading import Table


def file_kind(filename: str) -> str:
    """csv, geojson or gpkg, from the file name's ending."""
    name = (filename or "").lower()
    for ending, kind in (
        (".csv", "csv"),
        (".txt", "csv"),
        (".geojson", "geojson"),
        (".json", "geojson"),
        (".gpkg", "gpkg"),
    ):
        if name.endswith(ending):
            return kind

    raise InvalidValue(
        "unknown kind of file",
        {"file": [f"{filename!r} must end in .csv, .geojson, .json or .gpkg"]},
    )


def require_columns(columns: list[str], required: list[tuple[str, ...]]) -> None:
    """Refuse a file missing a column; each entry lists names that may stand for it."""
    errors = {
        names[0]: [f"the file has no column {' or '.join(names)}"]
        for names in required
        if not any(name in columns for name in names)
    }
    if errors:
        raise InvalidValue("the file misses columns", errors)


def ignored_columns(columns: list[str], known: set[str]) -> list[str]:
    """The file's columns that no field takes."""
    return [name for name in columns if name not in known]


def table_rows(
    table: Table, fields: tuple[str, ...], renames: dict[str, str] | None = None
) -> tuple[list[dict], list[str]]:
    """Rows with known, non-blank cells as fields, and a label per row.

    Blank cells are left out so that services apply their defaults. A row with
    more cells than the header carries the reason under ``row``.
    """
    renames = renames or {}
    rows, labels = [], []
    for line, cells in table.rows:
        row = {}
        for column, value in cells.items():
            name = renames.get(column, column)
            if name not in fields:
                continue
            if isinstance(value, str) and not value.strip():
                continue
            row[name] = value.strip() if isinstance(value, str) else value
        if isinstance(cells.get("_extra"), Unreadable):
            row["row"] = cells["_extra"]
        rows.append(row)
        labels.append(f"row {line}")

    return rows, labels


def extra_cells_reason(row: dict) -> dict[str, list[str]] | None:
    """Errors for a row that had more cells than the header, else None."""
    extra = row.pop("row", None)
    if isinstance(extra, Unreadable):
        return {"row": [extra.reason]}

    return None
