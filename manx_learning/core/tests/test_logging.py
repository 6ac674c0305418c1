import json
import logging

from manx_learning.core.logging import JsonFormatter


def test_log_lines_are_json_with_extra_fields():
    record = logging.makeLogRecord(
        {"name": "manx", "levelname": "INFO", "msg": "request", "status": 200}
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "request"
    assert entry["status"] == 200
    assert entry["level"] == "INFO"


def test_each_response_carries_a_request_id(client, db):
    response = client.get("/")
    assert len(response["X-Request-ID"]) == 32
    assert client.get("/", HTTP_X_REQUEST_ID="abc123")["X-Request-ID"] == "abc123"
