"""gantry's Python runtime bootstrap (Python 3.9+, standard library only).

Loads the `module.function` handler named by $_HANDLER from $LAMBDA_TASK_ROOT the way AWS's
Python runtime interface client does, installs Lambda's log format on the root logger, and
reports errors as {errorMessage, errorType, requestId, stackTrace}. It talks to gantry over
the bootstrap channel (a Unix socket, see lambda-host's runtime_api/channel.rs) when gantry
offers one, else over the Lambda Runtime API at $AWS_LAMBDA_RUNTIME_API; a handler cannot
tell which.

This first part (lambda-host ships it in one file with python.py, so no module is added
that a handler could find in sys.modules) is the channel: frames of a u32 length, a kind
byte and fields (strings are a u32 length and bytes; a body is the rest of the frame), as
defined in lambda-host's runtime_api/channel/frame.rs. Each call is the HTTP Runtime API
call it replaces, with the same observable result.
"""

import os
import re
import socket

_EVENT = 1
_ANSWER = 2
_NEXT = 1
_RESPONSE = 2
_ERROR = 3
_INIT_ERROR = 4
# The call after which the bootstrap exits: gantry answers it and expects no next.
_LAST_CALL = 1
_READ_CHUNK = 64 * 1024
# http.client's test for header values it refuses to send.
_ILLEGAL_HEADER_VALUE = re.compile(rb"\n(?![ \t])|\r(?![ \t\n])").search


def channel_path(runtime_dir, address):
    """Where gantry listens for this environment's channel, derived from what the process
    was given anyway: <runtime dir>/../channels/<port of the Runtime API>.sock."""
    port = address.rpartition(":")[2]
    if not runtime_dir or not port.isdigit():
        return None
    return os.path.join(os.path.dirname(runtime_dir), "channels", port + ".sock")


def _string(value):
    return len(value).to_bytes(4, "big") + value


class Channel:
    """The Runtime API calls the bootstrap makes, over the bootstrap channel."""

    def __init__(self, connection):
        self._socket = connection
        self._buffer = bytearray()
        self._announced = False

    @classmethod
    def connect(cls, path):
        """The channel, or None when gantry offers none (then HTTP is used)."""
        if not path:
            return None
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(path)
        except OSError:
            connection.close()
            return None
        return cls(connection)

    def next(self):
        if not self._announced:
            self._announced = True
            self._send(_NEXT, None, (), b"")
        while True:
            frame = self._read_frame()
            if frame[0] == _EVENT:
                return self._event(frame)
            if frame[0] == _ANSWER:
                self._answered(frame)

    def respond(self, request_id, body):
        # http.client sends a str body as ISO-8859-1.
        self._send(_RESPONSE, 0, (request_id.encode("iso-8859-1"),), body.encode("iso-8859-1"))

    def fail(self, request_id, body):
        self._send(_ERROR, 0, (request_id.encode("iso-8859-1"), b""), body.encode("iso-8859-1"))

    def init_error(self, body, error_type):
        # Refused exactly as http.client refuses the header.
        value = error_type.encode("latin-1")
        if _ILLEGAL_HEADER_VALUE(value):
            raise ValueError("Invalid header value %r" % (value,))
        self._send(_INIT_ERROR, _LAST_CALL, (value,), body.encode("iso-8859-1"))
        try:
            frame = self._read_frame()
        except ConnectionError:
            return
        if frame[0] == _ANSWER:
            self._answered(frame)

    def _send(self, kind, flags, strings, body):
        head = bytes([kind]) + (b"" if flags is None else bytes([flags]))
        rest = head + b"".join(_string(value) for value in strings)
        self._socket.sendall(_string(rest + body))

    def _read_frame(self):
        while True:
            if len(self._buffer) >= 4:
                end = 4 + int.from_bytes(self._buffer[:4], "big")
                if len(self._buffer) >= end:
                    frame = bytes(self._buffer[4:end])
                    del self._buffer[:end]
                    return frame
                wanted = max(_READ_CHUNK, end - len(self._buffer))
            else:
                wanted = _READ_CHUNK
            chunk = self._socket.recv(wanted)
            if not chunk:
                raise ConnectionError("the bootstrap channel closed")
            self._buffer += chunk

    @staticmethod
    def _strings(frame, offset, count):
        values = []
        for _ in range(count):
            length = int.from_bytes(frame[offset : offset + 4], "big")
            offset += 4
            values.append(frame[offset : offset + length])
            offset += length
        return values, offset

    def _event(self, frame):
        values, offset = self._strings(frame, 1, len(EVENT_HEADERS))
        # As http.client reads headers: ISO-8859-1, leading blanks dropped; like the HTTP
        # API, an empty value is a header left out.
        headers = {
            name: value.decode("iso-8859-1").lstrip(" \t")
            for name, value in zip(EVENT_HEADERS, values)
            if value
        }
        return headers, frame[offset:]

    def _answered(self, frame):
        call, status = frame[1], int.from_bytes(frame[2:4], "big")
        (request_id,), offset = self._strings(frame, 4, 1)
        body = frame[offset:]
        if call == _NEXT:
            raise RuntimeError("Runtime API /next answered %d: %r" % (status, body))
        if status < 400:
            return
        request_id = request_id.decode("iso-8859-1")
        path = {
            _RESPONSE: "/invocation/%s/response" % request_id,
            _ERROR: "/invocation/%s/error" % request_id,
            _INIT_ERROR: "/init/error",
        }.get(call)
        if path is not None:
            log_post_failure(path, status, body)
