"""Where botocore sends an STS call, and for which region it signs it: for each line of
stdin, a JSON object {"region": ..., "mode": null | "legacy" | "regional"}, prints one line
"URL SIGNING_REGION" (the URL without its trailing slash), or "ERROR" when botocore refuses
the settings. The request is captured before it is sent: nothing leaves the machine."""
import json
import os
import sys

import botocore.session

os.environ.update({"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"})
for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS"):
    os.environ.pop(name, None)
os.environ["AWS_CONFIG_FILE"] = os.devnull


class Captured(Exception):
    pass


def where(region, mode):
    os.environ.pop("AWS_STS_REGIONAL_ENDPOINTS", None)
    if mode is not None:
        os.environ["AWS_STS_REGIONAL_ENDPOINTS"] = mode
    seen = {}

    def capture(request, **_):
        seen["url"] = request.url.rstrip("/")
        authorization = request.headers["Authorization"]
        if isinstance(authorization, bytes):
            authorization = authorization.decode()
        seen["region"] = authorization.split("Credential=")[1].split("/")[2]
        raise Captured()

    try:
        client = botocore.session.Session().create_client("sts", region_name=region)
        client.meta.events.register("before-send", capture)
        client.get_caller_identity()
    except Captured:
        return f"{seen['url']} {seen['region']}"
    except Exception:
        return "ERROR"
    return "ERROR"


for line in sys.stdin:
    case = json.loads(line)
    print(where(case["region"], case["mode"]), flush=True)
