"""How botocore's SSOProvider reads a profile's IAM Identity Center settings, and where its
nested sso and sso-oidc clients would send their calls.

stdin: one JSON object a line, {"config": TEXT, "profile": NAME, "environment": {…}?}.
stdout: one JSON object a line: {"none": true} when the SSO provider does not apply,
{"error": MESSAGE} when botocore refuses the settings, else {"settings": {"sso_start_url",
"sso_region", "sso_account_id", "sso_role_name", "sso_session"?}, "oidc": URL, "portal": URL}.
The URLs come from requests captured before they are sent: nothing leaves the machine."""
import json
import os
import sys
import tempfile

import botocore.credentials
import botocore.session
from botocore.exceptions import InvalidConfigError


class Captured(Exception):
    pass


def captured_url(session, service, call):
    client = session.create_client(service, region_name=session._sso_region,
                                   aws_access_key_id="a", aws_secret_access_key="b")
    seen = {}

    def capture(request, **_):
        seen["url"] = request.url
        raise Captured()

    client.meta.events.register("before-send", capture)
    try:
        call(client)
    except Captured:
        pass
    url = seen.get("url", "")
    # Only the base: scheme, host and port.
    return "/".join(url.split("/")[:3])


def answer(case, folder):
    config = os.path.join(folder, "config")
    with open(config, "w") as file:
        file.write(case["config"])
    os.environ.clear()
    os.environ.update({"AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "HOME": folder})
    os.environ.update(case.get("environment", {}))
    session = botocore.session.Session(profile=case["profile"])
    provider = botocore.credentials.SSOProvider(
        load_config=lambda: session.full_config, client_creator=None, profile_name=case["profile"],
        cache={}, token_cache={})
    try:
        settings = provider._load_sso_config()
    except InvalidConfigError as error:
        return {"error": str(error)}
    if settings is None:
        return {"none": True}
    session._sso_region = settings["sso_region"]
    oidc = captured_url(session, "sso-oidc", lambda c: c.create_token(
        clientId="c", clientSecret="s", grantType="refresh_token", refreshToken="r"))
    portal = captured_url(session, "sso", lambda c: c.get_role_credentials(
        roleName="r", accountId="1", accessToken="t"))
    return {"settings": settings, "oidc": oidc, "portal": portal}


with tempfile.TemporaryDirectory() as folder:
    for line in sys.stdin:
        print(json.dumps(answer(json.loads(line), folder)), flush=True)
