"""What botocore makes of every profile of a config file, as to IAM Identity Center.

usage: AWS_CONFIG_FILE=PATH botocore_sso_profiles.py
stdout: a JSON object, one entry per profile botocore lists: {"provider": NAME, "account",
"role", "session", "start_url", "sso_region", "region"} where NAME is the credential
provider botocore's own chain picks for the profile ("sso" for an IAM Identity Center
role), or {"error": MESSAGE} when botocore refuses it. The SSO provider's network fetch is
replaced by a record of the configuration it validated, so nothing leaves the machine.
"""
import json
import os
import sys

import botocore.credentials
import botocore.session

for variable in list(os.environ):
    if variable.startswith("AWS_") and variable != "AWS_CONFIG_FILE":
        del os.environ[variable]
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

seen = {}


def recording_load(self):
    config = self._load_sso_config()
    if not config:
        return None
    seen[self._profile_name] = config
    return botocore.credentials.Credentials("SSO", "SSO", "SSO", method="sso")


botocore.credentials.SSOProvider.load = recording_load

result = {}
for name in botocore.session.Session().available_profiles:
    session = botocore.session.Session(profile=name)
    try:
        credentials = session.get_credentials()
    except Exception as error:  # botocore's own words are the point
        result[name] = {"error": str(error)}
        continue
    config = seen.get(name, {})
    result[name] = {
        "provider": getattr(credentials, "method", None),
        "account": config.get("sso_account_id"), "role": config.get("sso_role_name"),
        "session": config.get("sso_session"), "start_url": config.get("sso_start_url"),
        "sso_region": config.get("sso_region"), "region": session.get_config_variable("region"),
    }
json.dump(result, sys.stdout, indent=1, sort_keys=True)
