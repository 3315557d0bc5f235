"""Prints the form body botocore's Query serializer builds for one STS call.

    python botocore_sts_body.py ACTION < params.json

The params are botocore's own (RoleArn, Tags: [{"Key": ..., "Value": ...}], ...).
"""
import json
import sys

import botocore.session
from botocore.serialize import create_serializer
from botocore.utils import percent_encode_sequence


def main():
    action = sys.argv[1]
    params = json.load(sys.stdin)
    model = botocore.session.get_session().get_service_model("sts")
    request = create_serializer("query").serialize_to_request(params, model.operation_model(action))
    sys.stdout.write(percent_encode_sequence(request["body"]))


if __name__ == "__main__":
    main()
