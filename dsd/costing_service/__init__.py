"""Cost-to-serve in the service: inputs from the database, reports, rates, routes.

`run.cost_period(distributor, start, end)` reads a distributor's inputs as
integer columns, runs the `costing` engine and returns its result; `reports`
turns a result into the rows the API, the CSV export and the CLI show. The
other modules record what the method needs: rate cards and vehicle rates,
driven routes with their stops, promotions and trade payments.
"""
