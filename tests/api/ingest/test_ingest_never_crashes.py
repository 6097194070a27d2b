"""Whatever a client sends, ingest and import answer 2xx or 4xx, never 500."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsd.services.deliveries import DELIVERY_FIELDS
from dsd.services.visits import VISIT_FIELDS

BASE = "/api/v1/distributors/BRU"
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2025-06-02",
            "2025-06-02T09:15:00+02:00",
            "2025-06-02T09:15:00",
            "BRU-100",
            "delivered",
            "failed",
            "closed",
            "repair",
            "1,5",
            "1e400",
            "-0",
            "NaN",
        ]
    ),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=2),
    st.dictionaries(st.text(max_size=5), scalars, max_size=2),
)


def rows_of(fields: tuple[str, ...]):
    keys = st.one_of(st.sampled_from(fields), st.text(max_size=8))
    return st.lists(
        st.dictionaries(keys, values, max_size=len(fields) + 1), min_size=1, max_size=3
    )


@pytest.fixture
def dispatcher(brussels, make_outlet, auth_headers):
    make_outlet(brussels, "BRU-100")
    return auth_headers("dispatcher", brussels)


@SETTINGS
@given(rows=rows_of(DELIVERY_FIELDS), skip=st.booleans())
def test_any_delivery_batch_gets_an_answer_below_500(client, dispatcher, rows, skip):
    response = client.post(
        f"{BASE}/deliveries",
        json={"rows": rows, "skip_bad_rows": skip},
        headers=dispatcher,
    )

    assert response.status_code < 500


@SETTINGS
@given(rows=rows_of(VISIT_FIELDS), skip=st.booleans())
def test_any_visit_batch_gets_an_answer_below_500(client, dispatcher, rows, skip):
    response = client.post(
        f"{BASE}/visits", json={"rows": rows, "skip_bad_rows": skip}, headers=dispatcher
    )

    assert response.status_code < 500


cells = st.one_of(
    st.text(alphabet='0123456789,.;-:" \tabcé', max_size=12),
    st.sampled_from(["50,85", "4.35", "BRU-1", "07:00-11:00", "kiosk", ""]),
)


@SETTINGS
@given(
    header=st.lists(
        st.sampled_from(
            ["outlet_code", "name", "lat", "lon", "channel", "receiving_windows", "x"]
        ),
        min_size=1,
        max_size=6,
    ),
    body=st.lists(st.lists(cells, min_size=1, max_size=7), max_size=4),
    delimiter=st.sampled_from([",", ";"]),
    bom=st.booleans(),
    kind=st.sampled_from(["outlets", "deliveries", "visits"]),
)
def test_any_csv_upload_gets_an_answer_below_500(
    client, dispatcher, header, body, delimiter, bom, kind
):
    text = "\n".join(delimiter.join(row) for row in [header, *body])
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()

    response = client.post(
        f"{BASE}/imports/{kind}",
        data={"file": (io.BytesIO(data), "upload.csv")},
        headers=dispatcher,
        content_type="multipart/form-data",
    )

    assert response.status_code < 500
