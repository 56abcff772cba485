# gantry's Python runtime bootstrap, continued after python_channel.py (the module's
# docstring is there): the HTTP Runtime API, handler loading, the context, the loop.

import decimal
import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

API_PREFIX = "/2018-06-01/runtime"
HEADER_REQUEST_ID = "Lambda-Runtime-Aws-Request-Id"
HEADER_DEADLINE_MS = "Lambda-Runtime-Deadline-Ms"
HEADER_FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn"
HEADER_TRACE_ID = "Lambda-Runtime-Trace-Id"
HEADER_CLIENT_CONTEXT = "Lambda-Runtime-Client-Context"
HEADER_COGNITO_IDENTITY = "Lambda-Runtime-Cognito-Identity"
HEADER_TENANT_ID = "Lambda-Runtime-Aws-Tenant-Id"
HEADER_ERROR_TYPE = "Lambda-Runtime-Function-Error-Type"
# The /next headers an EVENT frame of the bootstrap channel carries, in frame order.
EVENT_HEADERS = (
    HEADER_REQUEST_ID,
    HEADER_DEADLINE_MS,
    HEADER_FUNCTION_ARN,
    HEADER_TRACE_ID,
    HEADER_CLIENT_CONTEXT,
)
TRACE_ENV = "_X_AMZN_TRACE_ID"
JSON_HEADERS = {"Content-Type": "application/json"}

_current_request_id = None


class Fault(Exception):
    """An error of the runtime itself (Runtime.*), reported with its own type."""

    def __init__(self, error_type, message, stack=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack = stack or []


class RuntimeApi:
    """The Runtime API over one keep-alive HTTP/1.1 connection."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self._connection = http.client.HTTPConnection(host, int(port))

    def _call(self, method, path, body=None, headers=None):
        self._connection.request(method, API_PREFIX + path, body=body, headers=headers or {})
        response = self._connection.getresponse()
        return response.status, response.headers, response.read()

    def next(self):
        status, headers, body = self._call("GET", "/invocation/next")
        if status != 200:
            raise RuntimeError("Runtime API /next answered %d: %r" % (status, body))
        return headers, body

    def respond(self, request_id, body):
        self._post("/invocation/%s/response" % request_id, body, JSON_HEADERS)

    def fail(self, request_id, body):
        self._post("/invocation/%s/error" % request_id, body, JSON_HEADERS)

    def init_error(self, body, error_type):
        self._post("/init/error", body, {"Content-Type": "application/json", HEADER_ERROR_TYPE: error_type})

    def _post(self, path, payload, headers):
        status, _, body = self._call("POST", path, payload, headers)
        if status >= 400:
            log_post_failure(path, status, body)


def log_post_failure(path, status, body):
    sys.stdout.write("[ERROR] Runtime API %s answered %d: %s\n" % (path, status, body.decode("utf-8", "replace")))


# ---- logging, like Lambda: "[LEVEL]\t<ISO time>\t<request id>\t<message>"


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _current_request_id
        return True


class _LambdaLogHandler(logging.Handler):
    def emit(self, record):
        # One log event per record: Lambda turns "\n" into "\r" inside a message.
        sys.stdout.write(self.format(record).replace("\n", "\r") + "\n")


def install_logging():
    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
        "%Y-%m-%dT%H:%M:%S",
    )
    formatter.converter = time.gmtime
    handler = _LambdaLogHandler()
    handler.setFormatter(formatter)
    handler.addFilter(_RequestIdFilter())
    logging.getLogger().addHandler(handler)


# ---- errors


def _user_frames(tb):
    """Traceback entries without this bootstrap's own frames."""
    frames = [frame for frame in traceback.extract_tb(tb) if frame.filename != __file__]
    return traceback.format_list(frames)


def error_payload(error, request_id):
    if isinstance(error, Fault):
        error_type, message, stack = error.error_type, error.message, error.stack
    else:
        error_type, message = type(error).__name__, str(error)
        stack = _user_frames(error.__traceback__)
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id or "", "stackTrace": stack}


def log_error(payload):
    lines = ["[ERROR] %s: %s" % (payload["errorType"], payload["errorMessage"])]
    if payload["stackTrace"]:
        lines.append("Traceback (most recent call last):")
        lines.extend(frame.rstrip("\n") for frame in payload["stackTrace"])
    sys.stdout.write("\r".join(lines).replace("\n", "\r") + "\n")


# ---- handler loading


def load_handler(spec):
    try:
        module_path, function_name = spec.rsplit(".", 1)
    except ValueError as error:
        raise Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (spec, error))
    if not module_path or not function_name:
        raise Fault("Runtime.MalformedHandlerName", "Bad handler '%s': expected module.function" % spec)
    module_name = module_path.replace("/", ".")
    if module_name.split(".")[0] in sys.builtin_module_names:
        raise Fault("Runtime.BuiltInModuleConflict", "Cannot use built-in module %s as a handler module" % module_name)
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise Fault("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_path, error))
    except SyntaxError as error:
        stack = ['  File "%s" Line %s\n    %s\n' % (error.filename, error.lineno, (error.text or "").strip())]
        raise Fault("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_path, error), stack)
    try:
        return getattr(module, function_name)
    except AttributeError:
        # Unconfirmed: AWS's client may defer this error to the first invocation.
        raise Fault("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_path))


# ---- the context object


class CognitoIdentity:
    def __init__(self, value):
        self.cognito_identity_id = value.get("cognitoIdentityId")
        self.cognito_identity_pool_id = value.get("cognitoIdentityPoolId")


class Client:
    def __init__(self, value):
        self.installation_id = value.get("installation_id")
        self.app_title = value.get("app_title")
        self.app_version_name = value.get("app_version_name")
        self.app_version_code = value.get("app_version_code")
        self.app_package_name = value.get("app_package_name")


class ClientContext:
    def __init__(self, value):
        self.client = Client(value.get("client") or {})
        self.custom = value.get("custom")
        self.env = value.get("env")


def _json_header(headers, name):
    raw = headers.get(name)
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class LambdaContext:
    def __init__(self, headers):
        self.aws_request_id = headers.get(HEADER_REQUEST_ID)
        self.invoked_function_arn = headers.get(HEADER_FUNCTION_ARN)
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.tenant_id = headers.get(HEADER_TENANT_ID)
        identity = _json_header(headers, HEADER_COGNITO_IDENTITY)
        self.identity = CognitoIdentity(identity) if identity is not None else None
        client_context = _json_header(headers, HEADER_CLIENT_CONTEXT)
        self.client_context = ClientContext(client_context) if client_context is not None else None
        try:
            self._deadline_ms = int(headers.get(HEADER_DEADLINE_MS) or 0)
        except ValueError:
            self._deadline_ms = 0

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, message):
        sys.stdout.write(str(message))


# ---- invocation


def _encode_default(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def handle(api, handler, headers, body):
    global _current_request_id
    request_id = headers.get(HEADER_REQUEST_ID)
    _current_request_id = request_id
    trace_id = headers.get(HEADER_TRACE_ID)
    if trace_id:
        os.environ[TRACE_ENV] = trace_id
    else:
        os.environ.pop(TRACE_ENV, None)
    try:
        event = json.loads(body) if body else None
    except ValueError as error:
        payload = error_payload(Fault("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % error), request_id)
        log_error(payload)
        api.fail(request_id, json.dumps(payload))
        return
    try:
        result = handler(event, LambdaContext(headers))
    except Exception as error:  # the handler's own failure, reported to the caller
        payload = error_payload(error, request_id)
        log_error(payload)
        api.fail(request_id, json.dumps(payload))
        return
    try:
        response = json.dumps(result, default=_encode_default)
    except (TypeError, ValueError) as error:
        payload = error_payload(Fault("Runtime.MarshalError", "Unable to marshal response: %s" % error), request_id)
        log_error(payload)
        api.fail(request_id, json.dumps(payload))
        return
    api.respond(request_id, response)


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    # The task root comes first, and this bootstrap's own directory is not importable.
    sys.path[:] = [task_root] + [entry for entry in sys.path[1:] if entry != task_root]
    address = os.environ.get("AWS_LAMBDA_RUNTIME_API", "")
    path = channel_path(os.environ.get("LAMBDA_RUNTIME_DIR"), address)
    api = RuntimeApi(address)
    install_logging()
    # The channel is connected after the user's code has loaded, so that its
    # initialisation runs with the same descriptors as over HTTP.
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except Exception as error:  # any failure while importing user code is an init error
        payload = error_payload(error, None)
        log_error(payload)
        api = Channel.connect(path) or api
        api.init_error(json.dumps(payload), payload["errorType"])
        sys.exit(1)
    api = Channel.connect(path) or api
    while True:
        headers, body = api.next()
        handle(api, handler, headers, body)


if __name__ == "__main__":
    main()
