"""Imports of outlets, deliveries and service visits from files.

Outlets come from CSV, GeoJSON or GeoPackage; deliveries and visits from CSV.
CSV files may be UTF-8 with or without a byte order mark, use ``,`` or ``;``
between columns, and write decimals with a point or a comma; the delimiter and
decimal mark are detected when not declared, and a file whose decimal mark
cannot be told is refused, naming its columns. GeoJSON and GeoPackage features
in another CRS are reprojected to EPSG:4326; a GeoJSON file without a CRS is
taken to be in EPSG:4326.

Outlet columns: ``outlet_code`` (or ``external_code``), ``name``, ``lat``,
``lon`` (CSV only; files with geometry take the point), and optionally
``address``, ``channel`` (default other), ``size_band`` (default M),
``par_level_cases`` (default 0), ``last_stock_cases``, ``last_stock_on``,
``status`` (default active) and ``receiving_windows`` written
``07:00-11:00 14:00-17:00`` (default 08:00-17:00). Columns no field takes are
ignored and listed in the report.

A file with a bad row is refused whole, with the reasons keyed by row (the line
number in a CSV file, the feature number in a GeoJSON or GeoPackage file) and
then column, unless the caller asks to skip bad rows: then the good rows are
stored and the bad ones listed.
"""
