"""GET /profile: the caller's profile, from the claims the JWT authorizer verified."""

import json
import os


def handler(event, context):
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    profile = {
        "subject": claims.get("sub"),
        "issuer": claims.get("iss"),
        "style": os.environ.get("GREETING_STYLE", "casual"),
        "runtime": "python",
    }
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(profile),
    }
