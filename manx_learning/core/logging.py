"""One JSON object per log line, so log shippers need no parsing rules."""

import json
import logging
from datetime import UTC, datetime

from manx_learning.core import request_context

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_context.current().request_id
        if request_id:
            entry["request_id"] = request_id
        # Anything passed with `extra=` becomes a field of its own.
        entry |= {key: value for key, value in vars(record).items() if key not in _STANDARD}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
