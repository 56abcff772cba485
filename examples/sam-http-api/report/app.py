"""GET /report: what the Lambda authorizer passed on, and the greeting."""

import json
import os


def handler(event, context):
    authorizer = event.get("requestContext", {}).get("authorizer", {}).get("lambda", {})
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(
            {"greeting": os.environ["GREETING"], "caller": authorizer.get("caller")}
        ),
    }
