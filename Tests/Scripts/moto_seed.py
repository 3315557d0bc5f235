"""Gives a fresh moto_server the identities the credential-command tests name.

moto answers GetCallerIdentity for a role it does not know with a random role id on
every call, and for keys it did not issue with a placeholder user; creating the roles
and a user with an access key makes every identity stable and telling apart.

    python moto_seed.py ENDPOINT ROLE...

Prints the user's access key as JSON: {"AccessKeyId": ..., "SecretAccessKey": ...}.
"""
import json
import sys

import boto3


def main():
    endpoint, roles = sys.argv[1], sys.argv[2:]
    iam = boto3.client(
        "iam", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="seed", aws_secret_access_key="seed")
    trust = json.dumps({"Version": "2012-10-17", "Statement": []})
    for role in roles:
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    print(json.dumps({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}))


if __name__ == "__main__":
    main()
