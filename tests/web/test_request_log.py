"""Request logs: one line per request with an id, no query strings, no names."""

import json
import logging

from tracker.logs import JsonFormatter


def test_each_request_is_logged_once_with_an_id_and_no_query_string(client_as, caplog):
    client = client_as("supervisor", username="wang.duchashi")
    caplog.set_level(logging.INFO, logger="tracker.request")
    response = client.get("/items/?q=secret-search&token=abc")
    lines = [r.getMessage() for r in caplog.records if r.name == "tracker.request"]
    assert len(lines) == 1
    request_id = response.headers["X-Request-ID"]
    assert f"id={request_id}" in lines[0]
    assert "path=/items/ status=200" in lines[0]
    assert f"user={client.user.id}" in lines[0]
    assert "secret-search" not in lines[0]
    assert "wang.duchashi" not in lines[0]


def test_a_well_formed_request_id_from_the_proxy_is_kept(client):
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abcd1234-proxy"}).headers["X-Request-ID"]
        == "abcd1234-proxy"
    )
    assert client.get("/healthz", headers={"X-Request-ID": "bad id!"}).headers["X-Request-ID"] != "bad id!"


def test_json_log_lines_parse_and_carry_the_request_id():
    record = logging.LogRecord("tracker.request", logging.INFO, __file__, 1, "request id=%s", ("r1",), None)
    record.request_id = "r1"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "request id=r1"
    assert entry["request_id"] == "r1"
    assert entry["level"] == "INFO"
