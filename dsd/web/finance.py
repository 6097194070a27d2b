"""Finance pages: outlet profitability, roll-ups, the whale curve and churn risk.

Office roles read them (finance, dispatchers, administrators), each for the
distributors in their scope. Every figure comes from the same report rows as
the costing API and its CSV export, built from one costing run per period that
the process keeps (see `finance_cache`).
"""

from __future__ import annotations

import logging
import math
from functools import wraps
from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from costing import records
from costing.churn import SIGNAL_NAMES

from ..auth.access import OFFICE_ROLES, distributor_in_scope
from ..costing_service import reports
from ..errors import DomainError, Forbidden, InvalidValue
from ..extensions import db
from ..models import Distributor, Territory
from ..models.outlet import CHANNELS, SIZE_BANDS
from . import finance_charts, finance_figures, finance_outlet, finance_rows
from .finance_cache import costed_period

logger = logging.getLogger(__name__)
bp = Blueprint("finance", __name__, url_prefix="/finance")

PAGE_SIZES = (25, 50, 100, 200)
FILTERS = ("channel", "territory", "size_band", "search")


def finance_page(view):
    """Let signed-in office roles through, for a distributor in their scope."""

    @wraps(view)
    @login_required
    def guarded(distributor_code: str, **kwargs):
        if current_user.role not in OFFICE_ROLES:
            raise Forbidden(f"the {current_user.role} role may not see finance pages")

        distributor = distributor_in_scope(current_user, distributor_code)
        return view(distributor, **kwargs)

    return guarded


@bp.errorhandler(DomainError)
def _refused(error: DomainError):
    return render_template("finance/error.html", error=error), error.status


@bp.app_template_filter("figure")
def _figure(text: str | None) -> str:
    return finance_figures.grouped(text)


@bp.app_template_test("loss")
def _loss(text: str | None) -> bool:
    return finance_figures.is_negative(text)


@bp.app_template_filter("urlencode_args")
def _with_args(args, **changes) -> str:
    values = {name: value for name, value in args.items() if value}
    for name, value in changes.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return urlencode(values)


@bp.get("/")
@login_required
def index():
    """The finance start page: the outlet table of the user's distributor."""
    if current_user.role not in OFFICE_ROLES:
        raise Forbidden(f"the {current_user.role} role may not see finance pages")

    if current_user.distributor is not None:
        code = current_user.distributor.code
        return redirect(url_for("finance.outlets", distributor_code=code))
    distributors = db.session.scalars(
        select(Distributor).order_by(Distributor.code)
    ).all()
    return render_template("finance/index.html", distributors=distributors)


def _filters() -> dict:
    filters = {name: (request.args.get(name) or "").strip() or None for name in FILTERS}
    errors = {}
    if filters["channel"] not in (None, *CHANNELS):
        errors["channel"] = [f"must be one of {', '.join(CHANNELS)}"]
    if filters["size_band"] not in (None, *SIZE_BANDS):
        errors["size_band"] = [f"must be one of {', '.join(SIZE_BANDS)}"]
    if errors:
        raise InvalidValue("the filter is not valid", errors)

    return filters


def _paged(rows: list) -> dict:
    try:
        size = int(request.args.get("page_size", 50))
        number = int(request.args.get("page", 1))
    except ValueError as error:
        raise InvalidValue(
            "the page is not valid", {"page": ["must be a whole number"]}
        ) from error
    if size not in PAGE_SIZES:
        raise InvalidValue(
            "the page is not valid",
            {"page_size": [f"must be one of {', '.join(map(str, PAGE_SIZES))}"]},
        )

    pages = max(1, math.ceil(len(rows) / size))
    number = min(max(1, number), pages)
    first = (number - 1) * size
    return {
        "rows": rows[first : first + size],
        "page": number,
        "pages": pages,
        "size": size,
        "count": len(rows),
        "first": first + 1 if rows else 0,
        "last": min(first + size, len(rows)),
    }


def _csv_url(endpoint: str, distributor: Distributor, start, end, **query) -> str:
    """The costing API's CSV twin of a page, with the page's arguments."""
    present = {name: value for name, value in query.items() if value is not None}
    return url_for(
        endpoint,
        distributor_code=distributor.code,
        **{"from": start.isoformat(), "to": end.isoformat()},
        **present,
    )


def _territories(distributor: Distributor) -> list[str]:
    names = db.session.scalars(
        select(Territory.name)
        .filter_by(distributor_id=distributor.id)
        .order_by(Territory.name)
    ).all()
    return [*names, "(none)"]


def _context(distributor: Distributor, start, end, **values) -> dict:
    period = {"from": start.isoformat(), "to": end.isoformat()}
    return {
        "distributor": distributor,
        "currency": distributor.currency,
        "period": period,
        "start": start,
        "end": end,
        **values,
    }


@bp.get("/<distributor_code>/outlets")
@finance_page
def outlets(distributor: Distributor):
    """Each outlet's P&L for the period: filtered, searched, sorted, paged."""
    start, end = finance_figures.period_from(request.args, distributor)
    filters = _filters()
    sort = request.args.get("sort") or "outlet"

    costed = costed_period(distributor, start, end)
    rows = finance_rows.outlet_rows(costed, sort, **filters)
    return render_template(
        "finance/outlets.html",
        **_context(distributor, start, end),
        page=_paged(rows),
        filters=filters,
        sort=sort,
        channels=CHANNELS,
        size_bands=SIZE_BANDS,
        territories=_territories(distributor),
        page_sizes=PAGE_SIZES,
        csv_url=_csv_url(
            "costing.OutletCostsCsv", distributor, start, end, **filters, sort=sort
        ),
        total=records.pnl_record(costed.result.total, costed.result.exponent),
    )


@bp.get("/<distributor_code>/outlets/<outlet_code>")
@finance_page
def outlet(distributor: Distributor, outlet_code: str):
    """One outlet: its P&L, cost-to-serve by pool, monthly history and events."""
    start, end = finance_figures.period_from(request.args, distributor)
    found = finance_outlet.outlet_by_code(distributor, outlet_code)
    row = finance_outlet.outlet_record(distributor, outlet_code, start, end)
    history = finance_outlet.outlet_history(distributor, outlet_code, start, end)
    deliveries = finance_outlet.outlet_deliveries(distributor, found, start, end)
    visits = finance_outlet.outlet_visits(distributor, found, start, end)
    return render_template(
        "finance/outlet.html",
        **_context(distributor, start, end),
        outlet=found,
        row=row,
        history=history,
        chart=finance_charts.history_chart(history),
        deliveries=deliveries,
        visits=visits,
        signals=SIGNAL_NAMES,
        events_shown=finance_outlet.EVENTS_SHOWN,
    )


@bp.get("/<distributor_code>/segments")
@finance_page
def segments(distributor: Distributor):
    """Roll-ups of the period by channel, territory and size band."""
    start, end = finance_figures.period_from(request.args, distributor)
    by = request.args.get("by") or "channel"
    if by not in reports.DIMENSIONS:
        raise InvalidValue(
            "unknown roll-up",
            {"by": [f"must be one of {', '.join(reports.DIMENSIONS)}"]},
        )

    costed = costed_period(distributor, start, end)
    rows = costed.kept(
        ("segments", by), lambda result: reports.segment_records(result, by)
    )
    return render_template(
        "finance/segments.html",
        **_context(distributor, start, end),
        by=by,
        dimensions=reports.DIMENSIONS,
        rows=rows,
    )


@bp.get("/<distributor_code>/whale")
@finance_page
def whale(distributor: Distributor):
    """The whale curve of the period, marked, with its figures as tables."""
    start, end = finance_figures.period_from(request.args, distributor)
    costed = costed_period(distributor, start, end)
    curve = costed.kept(("whale",), reports.whale_records)
    points = curve["points"]
    chart = finance_charts.whale_chart(points, curve["summary"])
    # Every tenth of the outlets, then the marked points, as a readable table.
    picked = {max(1, math.ceil(len(points) * tenth / 10)) for tenth in range(1, 11)}
    for point in (chart["peak"], chart["earns_all"]):
        if point is not None:
            picked.add(int(point["rank"]))
    table = [points[rank - 1] for rank in sorted(picked) if 0 < rank <= len(points)]
    return render_template(
        "finance/whale.html",
        **_context(distributor, start, end),
        summary=curve["summary"],
        chart=chart,
        table=table,
    )


@bp.get("/<distributor_code>/churn")
@finance_page
def churn(distributor: Distributor):
    """Outlets by churn risk, highest first, with the signals behind each score."""
    start, end = finance_figures.period_from(request.args, distributor)
    filters = _filters()
    sort = request.args.get("sort") or "-churn_score"

    costed = costed_period(distributor, start, end)
    rows = finance_rows.churn_rows(costed, sort, **filters)
    return render_template(
        "finance/churn.html",
        **_context(distributor, start, end),
        page=_paged(rows),
        filters=filters,
        sort=sort,
        channels=CHANNELS,
        size_bands=SIZE_BANDS,
        territories=_territories(distributor),
        page_sizes=PAGE_SIZES,
        csv_url=_csv_url(
            "costing.OutletChurnCsv", distributor, start, end, **filters, sort=sort
        ),
        signals=SIGNAL_NAMES,
    )
