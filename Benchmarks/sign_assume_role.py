"""Signs one STS AssumeRole request with botocore and prints it as a curl command line.

The curl floor of the uncached `rolesh assume`: the same request rolesh sends (form body,
SigV4 headers), signed once here so that only curl's own work is timed.

usage: sign_assume_role.py ENDPOINT REGION ROLE_ARN SESSION_NAME ACCESS_KEY_ID SECRET_ACCESS_KEY
"""

import shlex
import sys
from urllib.parse import urlencode

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main() -> None:
    endpoint, region, role_arn, session_name, key_id, secret = sys.argv[1:7]
    body = urlencode([
        ("Action", "AssumeRole"),
        ("Version", "2011-06-15"),
        ("RoleArn", role_arn),
        ("RoleSessionName", session_name),
    ])
    request = AWSRequest(
        method="POST",
        url=endpoint.rstrip("/") + "/",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
    )
    SigV4Auth(Credentials(key_id, secret), "sts", region).add_auth(request)
    words = ["curl", "-s", "-X", "POST", request.url]
    for name, value in request.headers.items():
        words += ["-H", f"{name}: {value}"]
    words += ["--data", body]
    print(shlex.join(words))


if __name__ == "__main__":
    main()
