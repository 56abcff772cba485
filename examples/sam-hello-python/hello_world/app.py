"""GET /hello: the greeting `sam init`'s hello world answers, as a Lambda proxy result."""

import json


def lambda_handler(event, context):
    return {
        "statusCode": 200,
        "body": json.dumps({"message": "hello world"}),
    }
