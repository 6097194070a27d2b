"""Outlets from CSV, GeoJSON and GeoPackage files."""

import logging
import tempfile
from datetime import date, datetime
from pathlib import Path

from ..errors import Conflict, InvalidValue
from ..geo import TerritoryIndex, to_wgs84
from ..models import Distributor
from ..services.ingest import IngestReport, RowRefused, counted, run_rows
from ..services.outlets import OUTLET_FIELDS, create_outlet
from ..values import Unreadable, is_blank
from .reading import read_csv
from .rows import (
    extra_cells_reason,
    file_kind,
    ignored_columns,
    require_columns,
    table_rows,
)

logger = logging.getLogger(__name__)

CODE_COLUMNS = ("outlet_code", "external_code")
TEXT_COLUMNS = {
    "outlet_code",
    "external_code",
    "name",
    "address",
    "channel",
    "size_band",
    "last_stock_on",
    "status",
    "receiving_windows",
}
COLUMNS = set(OUTLET_FIELDS) | {"outlet_code"}
RENAMES = {"outlet_code": "external_code"}


def import_outlets(
    distributor: Distributor,
    data: bytes,
    *,
    filename: str,
    skip_bad_rows: bool = False,
    delimiter: str | None = None,
    decimal: str | None = None,
    progress=None,
) -> IngestReport:
    """Create the outlets of a CSV, GeoJSON or GeoPackage file.

    The file is refused whole when a row is bad, with the reasons by row and
    column, unless ``skip_bad_rows``; then the bad rows are listed as skipped.
    ``progress(done, total)`` is called after each row when given.
    """
    kind = file_kind(filename)
    report = IngestReport()
    if kind == "csv":
        rows, labels = _csv_rows(data, delimiter, decimal, report)
    else:
        rows, labels = _geo_rows(data, kind, report)

    territories = TerritoryIndex.load(distributor)
    first_row_of: dict[str, str] = {}

    def handle(label: str, row: dict) -> str:
        reason = extra_cells_reason(row)
        if reason:
            raise RowRefused(reason)
        code = row.get("external_code")
        if isinstance(code, str) and code in first_row_of:
            raise RowRefused(
                {
                    "external_code": [
                        f"{code!r} is repeated: first in {first_row_of[code]}"
                    ]
                },
                conflict=True,
            )

        warnings: list[str] = []
        try:
            create_outlet(distributor, row, territories=territories, warnings=warnings)
        except Conflict as error:
            raise RowRefused(error.errors, conflict=True) from error
        except InvalidValue as error:
            raise RowRefused(error.errors) from error

        first_row_of[code] = label
        if warnings:
            report.warnings[label] = warnings
        return "created"

    run_rows(
        counted(zip(labels, rows, strict=True), len(rows), progress),
        handle,
        skip_bad_rows=skip_bad_rows,
        report=report,
        what="outlet file",
    )
    for skipped in report.skipped:
        report.warnings.pop(skipped.row, None)
    logger.info(
        "imported outlets of %s from %s: %d rows, %d created, %d skipped, "
        "%d without territory",
        distributor.code,
        filename,
        report.received,
        report.created,
        len(report.skipped),
        len(report.warnings),
    )
    return report


def _csv_rows(data, delimiter, decimal, report: IngestReport):
    table = read_csv(
        data,
        text_columns=TEXT_COLUMNS,
        known_columns=COLUMNS,
        delimiter=delimiter,
        decimal=decimal,
    )
    require_columns(table.columns, [CODE_COLUMNS, ("name",), ("lat",), ("lon",)])
    if all(name in table.columns for name in CODE_COLUMNS):
        raise InvalidValue(
            "two code columns",
            {"external_code": ["give outlet_code or external_code, not both"]},
        )

    report.ignored_columns = ignored_columns(table.columns, COLUMNS)
    rows, labels = table_rows(table, OUTLET_FIELDS, RENAMES)
    for row in rows:
        if isinstance(row.get("receiving_windows"), str):
            row["receiving_windows"] = parse_windows(row["receiving_windows"])
    return rows, labels


def parse_windows(text: str) -> object:
    """Windows written "07:00-11:00 14:00-17:00" as a list of dicts."""
    windows = []
    for part in text.replace(",", " ").replace(";", " ").split():
        opens_at, dash, closes_at = part.partition("-")
        if not dash:
            return Unreadable(
                text, f"{part!r} must be written HH:MM-HH:MM, windows apart by spaces"
            )
        windows.append({"opens_at": opens_at, "closes_at": closes_at})

    return windows


def _geo_rows(data: bytes, kind: str, report: IngestReport):
    frame = _read_frame(data, kind)
    frame = to_wgs84(frame)
    columns = [str(c).lower() for c in frame.columns if c != frame.geometry.name]
    frame = frame.rename(columns={c: str(c).lower() for c in frame.columns})
    require_columns(columns, [CODE_COLUMNS, ("name",)])
    report.ignored_columns = ignored_columns(columns, COLUMNS - {"lat", "lon"})

    rows, labels = [], []
    for number, (_index, feature) in enumerate(frame.iterrows(), start=1):
        row = {}
        for column in columns:
            name = RENAMES.get(column, column)
            if name in OUTLET_FIELDS and name not in ("lat", "lon"):
                value = _plain(feature[column])
                if not is_blank(value):
                    row[name] = value
        if isinstance(row.get("receiving_windows"), str):
            row["receiving_windows"] = parse_windows(row["receiving_windows"])
        _put_point(row, feature.geometry)
        rows.append(row)
        labels.append(f"feature {number}")

    return rows, labels


def _read_frame(data: bytes, kind: str):
    """The features of a GeoJSON or GeoPackage file, read by GDAL from disk."""
    import geopandas

    # GDAL knows a GeoPackage by its file ending, so the bytes go to a named file.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload.{kind}"
        path.write_bytes(data)
        try:
            return geopandas.read_file(path, engine="pyogrio")
        except Exception as error:  # noqa: BLE001  (GDAL raises many kinds)
            detail = str(error).replace(str(path), "the file")
            logger.info("could not read a %s file: %s", kind, detail)
            raise InvalidValue(
                f"the file is not a readable {kind}",
                {"file": [f"is not a readable {kind} file: {detail}"]},
            ) from error


def _put_point(row: dict, geometry) -> None:
    if geometry is None or geometry.is_empty:
        row["lon"] = row["lat"] = Unreadable("", "the feature has no point")
    elif geometry.geom_type != "Point":
        reason = f"the geometry must be a Point, not a {geometry.geom_type}"
        row["lon"] = row["lat"] = Unreadable("", reason)
    else:
        row["lon"], row["lat"] = geometry.x, geometry.y


def _plain(value):
    """A pandas or numpy cell as a plain Python value; missing as None."""
    import pandas

    if value is None or (pandas.api.types.is_scalar(value) and pandas.isna(value)):
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    elif hasattr(value, "item"):
        value = value.item()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value

    return value
