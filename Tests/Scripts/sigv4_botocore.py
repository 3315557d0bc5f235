"""Signs requests with botocore's SigV4Auth, for the differential test of rolesh's signer.

stdin: a JSON list of cases, each {method, url, headers: [[name, value]...], body_hex,
access_key_id, secret_access_key, session_token (or null), service, region, epoch}.
stdout: a JSON list with the Authorization header botocore computed for each case, in order.
"""
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(case):
    frozen = datetime.datetime.fromtimestamp(case["epoch"], datetime.timezone.utc).replace(tzinfo=None)
    # botocore reads the clock through this module-level name; freezing it is the
    # documented way its own tests pin the signing time.
    botocore.auth.get_current_datetime = lambda *args, **kwargs: frozen
    request = AWSRequest(method=case["method"], url=case["url"], data=bytes.fromhex(case["body_hex"]))
    for name, value in case["headers"]:
        request.headers[name] = value
    credentials = Credentials(case["access_key_id"], case["secret_access_key"], case["session_token"])
    botocore.auth.SigV4Auth(credentials, case["service"], case["region"]).add_auth(request)
    return request.headers["Authorization"]


def main():
    cases = json.load(sys.stdin)
    json.dump([sign(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
