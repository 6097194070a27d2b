def test_healthz_reports_database_up(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "up"}


def test_openapi_document_is_served(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    assert response.get_json()["info"]["title"] == "DSD routing and cost-to-serve"
