"""Territories: the polygons that divide a distributor's outlets among teams."""

import logging

from shapely.geometry import mapping, shape
from shapely.validation import explain_validity
from sqlalchemy import select

from ..errors import Conflict, InvalidValue, NotFound, field_error
from ..extensions import db
from ..models import Distributor, Territory
from .audit import record_change

logger = logging.getLogger(__name__)


def get_territory(distributor: Distributor, territory_id: int) -> Territory:
    """The distributor's territory with this id."""
    territory = db.session.get(Territory, territory_id)
    if territory is None or territory.distributor_id != distributor.id:
        raise NotFound(f"no territory {territory_id} at distributor {distributor.code}")

    return territory


def clean_polygon(geojson: dict) -> dict:
    """A valid GeoJSON Polygon or MultiPolygon in longitude/latitude, or refuse it."""
    try:
        geometry = shape(geojson)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError) as error:
        raise field_error("polygon", f"is not GeoJSON geometry: {error}") from error

    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise field_error("polygon", f"must be a Polygon, not a {geometry.geom_type}")
    if geometry.is_empty:
        raise field_error("polygon", "is empty")
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    if min_lon < -180 or max_lon > 180 or min_lat < -90 or max_lat > 90:
        raise field_error("polygon", "has points outside longitude/latitude range")
    if not geometry.is_valid:
        raise field_error("polygon", f"is not valid: {explain_validity(geometry)}")

    return mapping(geometry)


def _ensure_name_free(distributor: Distributor, name: str, own_id=None) -> None:
    clash = db.session.scalar(
        select(Territory).filter_by(distributor_id=distributor.id, name=name)
    )
    if clash is not None and clash.id != own_id:
        raise Conflict(f"territory {name!r} exists", {"name": ["is already taken"]})


def _reassign_outlets(distributor: Distributor) -> None:
    from ..geo import assign_territories

    assign_territories(distributor)


def create_territory(distributor: Distributor, values: dict) -> Territory:
    """Add a territory and assign the outlets inside it."""
    _ensure_name_free(distributor, values["name"])
    territory = Territory(
        distributor_id=distributor.id,
        name=values["name"],
        polygon=clean_polygon(values["polygon"]),
    )
    db.session.add(territory)
    db.session.flush()
    _reassign_outlets(distributor)
    record_change(
        "create",
        territory,
        distributor_id=distributor.id,
        after={"name": values["name"]},
    )
    logger.info("added territory %s to %s", territory.name, distributor.code)
    return territory


def update_territory(
    distributor: Distributor, territory: Territory, changes: dict
) -> Territory:
    """Rename, redraw or (de)activate a territory; outlets are reassigned."""
    if "name" in changes:
        _ensure_name_free(distributor, changes["name"], territory.id)
    if "polygon" in changes:
        changes = {**changes, "polygon": clean_polygon(changes["polygon"])}
    if not changes:
        raise InvalidValue(
            "nothing to change", {"_schema": ["send at least one field"]}
        )

    before = {"name": territory.name, "active": territory.active}
    for name, value in changes.items():
        setattr(territory, name, value)

    db.session.flush()
    _reassign_outlets(distributor)
    record_change(
        "update",
        territory,
        distributor_id=distributor.id,
        before=before,
        after={"name": territory.name, "active": territory.active},
    )
    logger.info("updated territory %s of %s", territory.name, distributor.code)
    return territory
