"""JSON API: every route, every answer validated against the app's own OpenAPI description."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from archive.records import parse_iso

SPEC_URI = "urn:outage-archive:openapi"


@pytest.fixture
def spec(client: Any) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def validator_for(spec: dict[str, Any], path: str, status: str = "200") -> Draft202012Validator:
    """A validator for the response schema the description gives for ``path`` and ``status``."""
    schema = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    registry = Registry().with_resource(SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))
    ref = SPEC_URI + schema["$ref"]
    return Draft202012Validator({"$ref": ref}, registry=registry)


def check(spec: dict[str, Any], path: str, body: Any, status: str = "200") -> None:
    errors = sorted(validator_for(spec, path, status).iter_errors(body), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_openapi_document_is_well_formed(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) >= {"/api/incidents", "/api/incidents/{key}", "/api/services", "/api/search"}
    for name, schema in spec["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema), name
    for path, item in spec["paths"].items():
        for response in item["get"]["responses"].values():
            ref = response["content"]["application/json"]["schema"]["$ref"]
            assert ref.split("/")[-1] in spec["components"]["schemas"], path


def test_incidents_list_with_paging(client: Any, spec: dict[str, Any]) -> None:
    body = client.get("/api/incidents").get_json()
    check(spec, "/api/incidents", body)
    assert body["total"] == 4 and [i["slug"] for i in body["items"]][:2] == [
        "amazon-web-services-2021-12-07", "facebook-2021-10-04"]
    assert all(parse_iso(i["started_at"]) for i in body["items"])
    page = client.get("/api/incidents?limit=2&offset=1").get_json()
    check(spec, "/api/incidents", page)
    assert [i["slug"] for i in page["items"]] == ["facebook-2021-10-04", "fastly-2021-06-08"]
    odd = client.get("/api/incidents?limit=3&offset=2").get_json()
    assert [i["slug"] for i in odd["items"]] == ["fastly-2021-06-08", "slack-2021-01-04"]
    oldest = client.get("/api/incidents?sort=oldest&limit=2").get_json()
    assert [i["slug"] for i in oldest["items"]] == ["slack-2021-01-04", "fastly-2021-06-08"]


def test_sql_paging_and_filtered_paging_agree(client: Any) -> None:
    """Listing by company/year pages in SQL; other filters go through search: same answers."""
    fast = client.get("/api/incidents?year=2021&limit=2&offset=1").get_json()
    slow = client.get("/api/incidents?year=2021&q=outage&sort=newest&limit=2&offset=1").get_json()  # via search
    searched = client.get("/api/incidents?year=2021&sort=longest&limit=4").get_json()
    assert fast["total"] == slow["total"] == searched["total"] == 4
    assert fast["items"] == slow["items"]
    assert [i["duration_minutes"] for i in searched["items"]] == [425, 366, 180, 49]


def test_incidents_filters_match_search_filters(client: Any, spec: dict[str, Any]) -> None:
    body = client.get("/api/incidents?region=United+Kingdom").get_json()
    check(spec, "/api/incidents", body)
    assert {i["slug"] for i in body["items"]} == {"facebook-2021-10-04", "fastly-2021-06-08"}
    assert client.get("/api/incidents?company=Meta").get_json()["total"] == 1
    assert client.get("/api/incidents?cause=dns&year=2021").get_json()["total"] == 1
    assert client.get("/api/incidents?year=2020").get_json()["total"] == 0
    queried = client.get("/api/incidents?q=bgp").get_json()
    assert [i["slug"] for i in queried["items"]] == ["facebook-2021-10-04"]


def test_one_incident_with_timeline_sources_and_evidence(client: Any, spec: dict[str, Any]) -> None:
    for key in ("facebook-2021-10-04", "inc-fb-20211004"):
        body = client.get(f"/api/incidents/{key}").get_json()
        check(spec, "/api/incidents/{key}", body)
        assert body["id"] == "inc-fb-20211004"
        assert len(body["timeline"]) == 5 and len(body["sources"]) == 3
        assert body["evidence"]["causes"][0]["source_url"].startswith("https://packet-ledger")
        assert body["figures"]["start"]["rule"]
        assert body["severity"] == "critical"


def test_services(client: Any, spec: dict[str, Any]) -> None:
    body = client.get("/api/services").get_json()
    check(spec, "/api/services", body)
    by_name = {s["name"]: s for s in body["items"]}
    assert by_name["Amazon Web Services"]["slug"] == "amazon-web-services"
    assert by_name["Amazon Web Services"]["url"] == "/company/amazon-web-services"
    assert by_name["Facebook"]["company_slug"] == "meta"


def test_search_api_with_facets_and_warnings(client: Any, spec: dict[str, Any]) -> None:
    body = client.get("/api/search?q=outage&page_size=2").get_json()
    check(spec, "/api/search", body)
    assert body["total"] == 4 and body["pages"] == 2 and len(body["results"]) == 2
    regions = {f["value"]: f["count"] for f in body["facets"]["region"]}
    assert regions["United Kingdom"] == 2
    bad = client.get('/api/search?q="unclosed').get_json()
    check(spec, "/api/search", bad)
    assert any("quote" in w for w in bad["warnings"])


@pytest.mark.parametrize("url", ["/api/incidents?limit=0", "/api/incidents?limit=x", "/api/incidents?offset=-1",
                                 "/api/incidents?sort=up", "/api/search?page=0", "/api/incidents?year=abc"])
def test_bad_parameters_are_json_400(client: Any, spec: dict[str, Any], url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "application/json"
    check(spec, "/api/incidents", response.get_json(), "400")
    assert response.get_json()["message"]


def test_unknown_incident_is_json_404(client: Any, spec: dict[str, Any]) -> None:
    response = client.get("/api/incidents/nope")
    assert response.status_code == 404
    check(spec, "/api/incidents/{key}", response.get_json(), "404")
