def test_api_document_is_browsable_without_outside_network(client):
    page = client.get("/api/docs")
    with client.get("/api/docs/assets/swagger-ui-bundle.js") as script:
        status = script.status_code

    assert page.status_code == 200
    assert "/api/docs/assets/swagger-ui-bundle.js" in page.text
    assert status == 200


def test_every_operation_has_a_summary(client):
    document = client.get("/api/openapi.json").get_json()

    missing = [
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
        and not operation.get("summary")
    ]

    assert missing == []
