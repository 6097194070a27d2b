"""A technician starts and finishes a visit with a part and a photo."""

import struct
import zlib

import pytest

from dsd.extensions import db
from dsd.models import ServiceVisit, VisitPhoto
from tests.conftest import PASSWORD

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def _png(width: int = 64, height: int = 48) -> bytes:
    """A small red PNG, written out by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_visit_with_part_and_photo_reaches_the_history(phone, field_world, tmp_path):
    photo = tmp_path / "cooler.png"
    photo.write_bytes(_png())
    page = phone.new_page()
    sign_in(page, field_world.technicians[0].email, PASSWORD)
    card = page.locator("li.stop", has_text="Outlet O1")
    screenshot(page, "field-technician-visits")

    card.get_by_role("button", name="Start visit").click()
    card.get_by_role("button", name="Finish visit").wait_for()
    card.locator('select[name="outcome"]').select_option("fixed")
    card.locator('input[name="part_name"]').fill("door seal")
    card.locator('input[name="part_cost"]').fill("12.40")
    card.locator('textarea[name="notes"]').fill("seal replaced")
    card.locator('input[name="photo"]').set_input_files(str(photo))
    screenshot(page, "field-technician-finish-form")
    card.get_by_role("button", name="Finish visit").click()
    # The state turns "done" only once the server has the visit.
    card.locator("[data-state].done").wait_for()
    assert card.locator("[data-state]").inner_text() == "Finished: fixed"
    screenshot(page, "field-technician-finished")

    db.session.expire_all()
    visit = db.session.query(ServiceVisit).one()
    assert (visit.parts_cost_minor, visit.outcome, visit.notes) == (
        1240,
        "fixed",
        "seal replaced",
    )
    stored = db.session.query(VisitPhoto).one()
    assert stored.content_type == "image/jpeg"
    assert stored.data.startswith(b"\xff\xd8\xff")
