"""Cost-to-serve engine: outlet P&L, segment roll-ups, whale curve, value and churn.

A pure library: plain data in, plain data out. It never touches a database,
Flask or SQLAlchemy, and never uses float for money.

One entry point::

    from costing.engine import compute
    result = compute(inputs, Period(start, end), CostingParams())

Inputs
------
Either of two forms, holding the same data for one distributor:

- `costing.inputs.CostingInputs`: plain records. Money is `Decimal` in major
  units with at most the currency's decimals ("84.00" USD, "1268303" VND);
  rates are `Decimal` with at most 6 decimals, in major units per driver unit
  (per case, per km, per hour, per year for the cost of capital); km and depot
  distances have at most 3 decimals; instants are timezone-aware; dates are
  the distributor's local dates. Deliveries on a route name its `route_id` and
  the stop's `stop_sequence`.
- `costing.columns.ColumnarInputs`: the same as integer numpy columns, one row
  per route, stop, delivery, service visit and trade payment; money in minor
  units, dates as `date.toordinal()`, durations in microseconds, distances in
  metres, references as row indexes (-1 for none). This is the fast form: a
  service reading integer minor-unit columns from its database builds it
  directly (a full year of a million deliveries is costed in seconds).

Outlets, vehicles, rate cards, vehicle rates and promotions are records in
both forms. Events outside the period are not costed; deliveries before it
feed the churn windows, so pass the history the churn score needs (L + B days
before the period's end, plus earlier deliveries to recognise lapsed outlets).

Output
------
A `costing.result.CostingResult`, money as `int` minor units of the currency
(`result.exponent` decimals), ratios as exact `Fraction`:

- `outlets`: one `OutletRow` per outlet, in input order: `pnl` (a `PnlLines`
  with one field per cost pool and properties for gross margin, trade spend,
  delivery, service and financing cost, cost-to-serve, net contribution and
  the three ratios), `active`, `estimated`, `churn` (score, band, reason,
  signals with points, counts) and `value` (annualised contribution,
  retention, multiplier, CLV).
- `segments`: per dimension ("channel", "territory", "size_band") the segment
  rows then the TOTAL row; `total`: the distributor total.
- `whale`: the whale curve's points and summary figures.
- `reconciliation`: pool totals, route pools, allocated, unallocated and
  estimated route cost; `routes`, `deliveries`, `visits`, `occasions`,
  `stop_admin`: per-event detail as numpy arrays.

`costing.records` turns all of it into strings ("84.00", "125.10", None for an
undefined ratio) so that the API and the CSV export show identical figures.

Errors
------
Bad input raises a subclass of `costing.errors.CostingError` carrying `field`,
`row` and `rule`: `InvalidPeriod`, `MissingRate` (names the distributor or
vehicle, the date and the rate), `UnknownReference`, `InvalidParams`, and
`InvalidValue` with `TooManyDecimals`, `InvalidRoute`, `DwellExceedsRoute`,
`StopWithoutDelivery`, `DeliveryDateMismatch`, `FailedDeliveryWithGoods` and
`DuplicateKey`. A cost is never silently zero for want of a rate.
"""
