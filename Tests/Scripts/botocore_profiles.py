"""What botocore resolves for every profile of config/credentials pairs.

stdin: a JSON array of {"config": TEXT, "credentials": TEXT}.
stdout: a JSON array, one entry per pair: {"rejected": true} when botocore cannot parse the
files, else {"profiles": {NAME: RESULT}} where RESULT is {"error": CLASS} or
{"region", "base", "hops"}. botocore's own credential providers run with a fake STS client
that records every AssumeRole call and the keys it was signed with, a fake credential
process, and fixed environment keys, so nothing leaves the machine.
"""
import datetime
import json
import os
import sys
import tempfile

import botocore.credentials
import botocore.session
from botocore.exceptions import ConfigParseError

ENV_KEY = "ENVIRONMENT-KEY"


class FakeSTS:
    def __init__(self, calls, keys):
        self.calls = calls
        self.keys = keys

    def assume_role(self, **kwargs):
        self.calls.append({"signed_with": self.keys, "args": kwargs})
        key = "HOP-%d" % len(self.calls)
        expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        return {"Credentials": {"AccessKeyId": key, "SecretAccessKey": key, "SessionToken": key,
                                "Expiration": expiry}}


def fake_process(self, command):
    return {"access_key": "PROCESS:" + command, "secret_key": "s", "token": None,
            "expiry_time": None, "account_id": None}


botocore.credentials.ProcessProvider._retrieve_credentials_using = fake_process


def resolve(session, name):
    calls = []
    session.create_client = lambda *a, **kw: FakeSTS(
        calls, (kw.get("aws_access_key_id"), kw.get("aws_secret_access_key"), kw.get("aws_session_token")))
    resolver = botocore.credentials.create_credential_resolver(session, cache={})
    for provider in ("boto-config", "ec2-credentials-file", "container-role", "iam-role"):
        resolver.remove(provider)
    resolver.get_provider("assume-role")._prompter = lambda prompt: "123456"
    credentials = resolver.load_credentials()
    if credentials is None:
        return {"error": "NoCredentials"}
    frozen = credentials.get_frozen_credentials()
    first_key, first_secret, first_token = (
        calls[0]["signed_with"] if calls else (frozen.access_key, frozen.secret_key, frozen.token))
    if first_key == ENV_KEY:
        base = {"kind": "environment"}
    elif first_key.startswith("PROCESS:"):
        base = {"kind": "process", "command": first_key[len("PROCESS:"):]}
    else:
        base = {"kind": "static", "access_key_id": first_key, "secret_access_key": first_secret,
                "session_token": first_token}
    hops = []
    for call in calls:
        args = call["args"]
        session_name = args.get("RoleSessionName")
        hops.append({
            "role_arn": args["RoleArn"],
            "external_id": args.get("ExternalId"),
            "mfa_serial": args.get("SerialNumber"),
            "role_session_name": None if session_name.startswith("botocore-session-") else session_name,
            "duration_seconds": args.get("DurationSeconds"),
        })
    region = session.get_scoped_config().get("region")
    return {"region": region if isinstance(region, str) else None, "base": base, "hops": hops}


def run_case(case, folder):
    config_path = os.path.join(folder, "config")
    credentials_path = os.path.join(folder, "credentials")
    for path, text in ((config_path, case["config"]), (credentials_path, case["credentials"])):
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    os.environ.clear()
    os.environ.update({
        "AWS_CONFIG_FILE": config_path, "AWS_SHARED_CREDENTIALS_FILE": credentials_path,
        "AWS_ACCESS_KEY_ID": ENV_KEY, "AWS_SECRET_ACCESS_KEY": ENV_KEY, "HOME": folder,
        "AWS_EC2_METADATA_DISABLED": "true",
    })
    try:
        names = sorted(botocore.session.Session().full_config["profiles"].keys())
    except ConfigParseError:
        return {"rejected": True}
    profiles = {}
    for name in names:
        try:
            profiles[name] = resolve(botocore.session.Session(profile=name), name)
        except Exception as error:  # every botocore refusal counts as "error"
            profiles[name] = {"error": type(error).__name__}
    return {"profiles": profiles}


def main():
    cases = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as folder:
        results = [run_case(case, folder) for case in cases]
    json.dump(results, sys.stdout)


main()
