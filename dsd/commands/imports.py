"""``flask import outlets|deliveries|visits|routes FILE``: load a distributor's file."""

import sys
from pathlib import Path

import click
from sqlalchemy import select

DOCS = {
    "outlets": "Import outlets from a CSV, GeoJSON or GeoPackage FILE.",
    "deliveries": "Import deliveries from a CSV FILE.",
    "visits": "Import service visits from a CSV FILE.",
    "routes": "Import driven routes from a CSV FILE with one row per stop.",
}


@click.group("import")
def import_group() -> None:
    """Load outlets, deliveries, service visits or driven routes from a file."""


def _add_command(kind: str) -> None:
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--distributor", "distributor_code", required=True)
    @click.option("--skip-bad-rows", is_flag=True, help="Store the good rows only.")
    @click.option("--decimal", type=click.Choice([".", ","]), help="Decimal mark.")
    @click.option(
        "--delimiter", type=click.Choice([",", ";", "tab"]), help="Column delimiter."
    )
    def command(file, distributor_code, skip_bad_rows, decimal, delimiter) -> None:
        run_import(
            kind,
            Path(file),
            distributor_code,
            skip_bad_rows=skip_bad_rows,
            decimal=decimal,
            delimiter="\t" if delimiter == "tab" else delimiter,
        )

    command.__doc__ = DOCS[kind]
    import_group.command(kind)(command)


for _kind in DOCS:
    _add_command(_kind)


def run_import(kind: str, path: Path, distributor_code: str, **options) -> None:
    """Import one file in one transaction; print the report, or the refusal."""
    from ..errors import DomainError
    from ..extensions import db
    from ..imports.history import import_deliveries, import_visits
    from ..imports.outlets import import_outlets
    from ..imports.routes import import_routes
    from ..models import Distributor

    importers = {
        "outlets": import_outlets,
        "deliveries": import_deliveries,
        "visits": import_visits,
        "routes": import_routes,
    }
    distributor = db.session.scalar(
        select(Distributor).filter_by(code=distributor_code)
    )
    if distributor is None:
        raise click.ClickException(f"no distributor with code {distributor_code!r}")

    progress = _Progress(kind)
    try:
        report = importers[kind](
            distributor,
            path.read_bytes(),
            filename=path.name,
            progress=progress,
            **options,
        )
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        progress.close()
        click.echo(describe_refusal(error), err=True)
        raise SystemExit(1) from error

    progress.close()
    click.echo(describe_report(kind, report))


class _Progress:
    """A progress bar on standard error, opened when the row count is known."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label=self.label, file=sys.stderr
            )
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def describe_refusal(error) -> str:
    """A refusal as lines: the message, then one line per row and column."""
    lines = [f"refused: {error.message}"]
    for key, reasons in error.errors.items():
        if isinstance(reasons, dict):
            for column, texts in reasons.items():
                lines.extend(f"  {key}, {column}: {text}" for text in texts)
        else:
            lines.extend(f"  {key}: {text}" for text in reasons)

    return "\n".join(lines)


def describe_report(kind: str, report) -> str:
    """A report as lines: counts, skipped rows, warnings, ignored columns."""
    lines = [
        f"{kind}: {report.received} rows, {report.created} created, "
        f"{report.unchanged} already recorded, {len(report.skipped)} skipped"
    ]
    for skipped in report.skipped:
        for column, texts in skipped.errors.items():
            lines.extend(f"  skipped {skipped.row}, {column}: {t}" for t in texts)
    for row, texts in report.warnings.items():
        lines.extend(f"  warning {row}: {text}" for text in texts)
    if report.ignored_columns:
        lines.append(f"  ignored columns: {', '.join(report.ignored_columns)}")

    return "\n".join(lines)
