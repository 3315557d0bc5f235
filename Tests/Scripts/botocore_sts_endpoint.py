"""Where botocore sends STS, IAM Identity Center portal (sso) and OIDC (sso-oidc) calls, and
for which region it signs an STS call. The request is captured before it is sent: nothing
leaves the machine.

Each line of stdin is a JSON object, one of:
- a case: {"service": "sts" | "sso" | "sso-oidc", "region": str | null, "env": {NAME: VALUE},
  "config": {KEY: VALUE} | null (keys of the [default] profile)};
- {"matrix": {"extra_regions": [...]}}: every region botocore knows (partitions.json,
  endpoints.json and the regions its sts, sso and oidc endpoints name, -fips pseudo-regions
  included) and the extra ones, x {plain, FIPS, dual-stack, both} (AWS_USE_FIPS_ENDPOINT,
  AWS_USE_DUALSTACK_ENDPOINT), for sts x {regional, legacy} (AWS_STS_REGIONAL_ENDPOINTS) and
  no region, and for sso and sso-oidc;
- {"partitions": true}: botocore's partition facts.
For each case it prints "CASE<TAB>URL SIGNING_REGION" (sts) or "CASE<TAB>URL" (the scheme
and host, for sso and sso-oidc), or "CASE<TAB>ERROR" when botocore refuses the settings;
CASE is the case as JSON. For partitions it prints "partitions<TAB>JSON"."""
import json
import logging
import os
import re
import sys
import tempfile

import botocore.session

logging.disable(logging.WARNING)  # botocore warns about -fips pseudo-regions
os.environ.update({"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"})
SETTINGS = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO",
            "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_USE_FIPS_ENDPOINT",
            "AWS_USE_DUALSTACK_ENDPOINT", "AWS_STS_REGIONAL_ENDPOINTS", "AWS_REGION", "AWS_DEFAULT_REGION")
CONFIG = tempfile.NamedTemporaryFile("w", suffix=".config", delete=False)
CONFIG.close()
os.environ["AWS_CONFIG_FILE"] = CONFIG.name
SESSION = botocore.session.Session()
WRITTEN = [None]
DATA = os.path.join(os.path.dirname(botocore.__file__), "data")


class Captured(Exception):
    pass


def where(case):
    for name in SETTINGS:
        os.environ.pop(name, None)
    os.environ.update(case.get("env") or {})
    config = "[default]\n" + "".join(f"{key} = {value}\n" for key, value in (case.get("config") or {}).items())
    if config != WRITTEN[0]:
        with open(CONFIG.name, "w") as file:
            file.write(config)
        WRITTEN[0] = config
        SESSION._profile_map = None  # botocore caches the parsed config per session
        SESSION._config = None
    seen = {}

    def capture(request, **_):
        seen["url"] = re.match(r"[a-z]+://[^/]*", request.url).group(0)
        authorization = request.headers.get("Authorization")
        if isinstance(authorization, bytes):
            authorization = authorization.decode()
        if authorization:
            seen["region"] = authorization.split("Credential=")[1].split("/")[2]
        raise Captured()

    service = case["service"]
    try:
        client = SESSION.create_client(service, region_name=case.get("region"))
        client.meta.events.register("before-send", capture)
        if service == "sts":
            client.get_caller_identity()
        elif service == "sso":
            client.get_role_credentials(roleName="r", accountId="123456789012", accessToken="t")
        else:
            client.register_client(clientName="rolesh", clientType="public")
    except Captured:
        return f"{seen['url']} {seen['region']}" if service == "sts" else seen["url"]
    except Exception:
        return "ERROR"
    return "ERROR"


def known_regions():
    with open(os.path.join(DATA, "partitions.json")) as file:
        regions = {region for partition in json.load(file)["partitions"] for region in partition["regions"]}
    with open(os.path.join(DATA, "endpoints.json")) as file:
        for partition in json.load(file)["partitions"]:
            regions.update(partition["regions"])
            for service in ("sts", "sso", "oidc", "portal.sso"):
                regions.update(partition["services"].get(service, {}).get("endpoints", {}))
    return sorted(regions)


def matrix(extra_regions):
    regions = known_regions() + list(extra_regions)
    variants = [{}, {"AWS_USE_FIPS_ENDPOINT": "true"}, {"AWS_USE_DUALSTACK_ENDPOINT": "true"},
                {"AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "true"}]
    for variant in variants:
        for mode in ("regional", "legacy"):
            for region in [None] + regions:
                yield {"service": "sts", "region": region, "env": {**variant, "AWS_STS_REGIONAL_ENDPOINTS": mode}}
        for service in ("sso", "sso-oidc"):
            for region in regions:
                yield {"service": service, "region": region, "env": variant}


def partitions():
    with open(os.path.join(DATA, "partitions.json")) as file:
        return [{**partition["outputs"],
                 "regionsOutsidePattern": sorted(region for region in partition["regions"]
                                                 if not re.match(partition["regionRegex"], region))}
                for partition in json.load(file)["partitions"]]


for line in sys.stdin:
    request = json.loads(line)
    if "partitions" in request:
        print("partitions\t" + json.dumps(partitions()), flush=True)
        continue
    cases = matrix(request["matrix"].get("extra_regions", [])) if "matrix" in request else [request]
    for case in cases:
        print(json.dumps(case) + "\t" + where(case))
    sys.stdout.flush()
os.unlink(CONFIG.name)
