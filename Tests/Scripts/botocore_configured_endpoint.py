"""Whether botocore sends an STS call to a configured endpoint URL or ignores it: for each
line of stdin, a JSON object {"variable": null | TEXT (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS),
"setting": null | TEXT (the profile's ignore_configured_endpoint_urls)}, prints the URL of
the request (without its trailing slash). The profile sets endpoint_url and region; the
request is captured before it is sent: nothing leaves the machine."""
import json
import os
import sys
import tempfile

import botocore.session


class Captured(Exception):
    pass


def where(variable, setting, folder):
    config = os.path.join(folder, "config")
    with open(config, "w") as file:
        file.write("[profile p]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:9\n"
                   "aws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n")
        if setting is not None:
            file.write(f"ignore_configured_endpoint_urls = {setting}\n")
    os.environ.clear()
    os.environ.update({"AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "HOME": folder})
    if variable is not None:
        os.environ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = variable
    seen = {}

    def capture(request, **_):
        seen["url"] = request.url.rstrip("/")
        raise Captured()

    client = botocore.session.Session(profile="p").create_client("sts")
    client.meta.events.register("before-send", capture)
    try:
        client.get_caller_identity()
    except Captured:
        return seen["url"]
    return "ERROR"


with tempfile.TemporaryDirectory() as folder:
    for line in sys.stdin:
        case = json.loads(line)
        print(where(case["variable"], case["setting"], folder), flush=True)
