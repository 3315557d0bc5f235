"""The child of `rolesh exec --server` in the tests: reports what it was given and how the
endpoint answers, as one JSON object on stdout.

    python endpoint_client.py probe          the endpoint's answers to good and bad requests
    python endpoint_client.py calls SECONDS  boto3 and aws CLI calls for SECONDS seconds
"""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

# Straight to the endpoint, whatever proxy the test machine's environment names.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url, token=None, method="GET"):
    request = urllib.request.Request(url, method=method)
    if token is not None:
        request.add_header("Authorization", token)
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def probe():
    url = os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
    token = os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
    parts = urlsplit(url)
    status, body = get(url, token)
    files = {}
    for variable in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        path = os.environ[variable]
        files[variable] = {"mode": oct(os.stat(path).st_mode & 0o777), "text": open(path).read()}
    report = {
        "url": url, "host": parts.hostname, "port": parts.port,
        "good": [status, body],
        "wrong": get(url, token + "x")[0], "missing": get(url)[0], "empty": get(url, "")[0],
        "other_path": get(f"{parts.scheme}://{parts.netloc}/", token)[0],
        "post": get(url, token, method="POST")[0],
        "environment": {name: value for name, value in os.environ.items() if name.startswith(("AWS_", "ROLESH_"))},
        "files": files,
    }
    print(json.dumps(report))


def calls(seconds):
    import boto3

    # One client for the whole run, as a long-running program holds one: its credentials
    # are refreshed by botocore from the endpoint, not read again at each call.
    sts = boto3.session.Session().client("sts")
    seen = []
    deadline = time.time() + seconds
    while time.time() < deadline:
        arn = sts.get_caller_identity()["Arn"]
        key = sts._request_signer._credentials.get_frozen_credentials().access_key
        seen.append({"client": "boto3", "arn": arn, "key": key})
        cli = subprocess.run(["aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"],
                             capture_output=True, text=True)
        seen.append({"client": "cli", "arn": cli.stdout.strip(), "status": cli.returncode, "stderr": cli.stderr})
        time.sleep(2)
    print(json.dumps(seen))


if __name__ == "__main__":
    if sys.argv[1] == "probe":
        probe()
    else:
        calls(float(sys.argv[2]))
