"""The REST API: one blueprint per domain, all under /api/v1."""

from flask_smorest import Api


def register_api(api: Api) -> None:
    """Register every blueprint and the security schemes of the document."""
    from . import (
        auth,
        costing,
        deliveries,
        distributors,
        driven_routes,
        field,
        imports,
        outlets,
        plans,
        rate_cards,
        technicians,
        territories,
        trade,
        users,
        vehicle_rates,
        vehicles,
        visits,
    )

    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer"}
    )
    api.spec.components.security_scheme(
        "sessionCookie", {"type": "apiKey", "in": "cookie", "name": "session"}
    )
    for module in (
        auth,
        distributors,
        vehicles,
        territories,
        outlets,
        users,
        plans,
        deliveries,
        visits,
        imports,
        rate_cards,
        vehicle_rates,
        driven_routes,
        trade,
        costing,
        field,
        technicians,
    ):
        api.register_blueprint(module.blp, url_prefix="/api/v1" + module.PREFIX)
