"""A local EC2 instance metadata service (IMDS) and container credentials endpoint for the
tests, on one loopback port, answering as the real ones do where clients read the answer:
IMDSv2 tokens from PUT /latest/api/token (400 without the TTL header, 403 with
X-Forwarded-For), 401 for a GET with an unknown or expired token (and for one without a token
when IMDSv2 is required), the role's name and its credentials document byte for byte in IMDS's
layout, and the container endpoint's JSON behind an Authorization check. Credentials are real
ones of the local STS (moto) when sts_endpoint is set, so a chain built on them works there.

usage: fake_metadata.py STATE.json
STATE.json is read at every request and written back after it, so a test can inspect and
change it between steps:
  sts_endpoint        moto's URL (optional; without it the keys are made up)
  role                the instance profile's role name; null: none attached (404)
  imds_v2             "optional" (default), "required" (a GET without a token is 401), or
                      "absent" (the token PUT is 404, as on IMDSv1-only servers)
  token_status        answer every token PUT with this status instead (e.g. 405, 500)
  token_ttl_cap       tokens live at most this many seconds (default 21600)
  tokens              {"TOKEN": epoch-expiry}  (issued tokens)
  lifetime            seconds the credentials live (default 3600)
  container_path      the path the container endpoint serves (default /v2/credentials/task)
  container_token     the Authorization value it requires (null: none required)
  container_status    answer container requests with this status instead
  log                 every request: method, path, headers (appended)
Prints "ready PORT" once listening on 127.0.0.1.
"""
import datetime
import http.server
import json
import os
import secrets
import sys
import threading
import time

STATE_PATH = sys.argv[1]
LOCK = threading.Lock()
ROLES = "/latest/meta-data/iam/security-credentials/"


def load():
    with open(STATE_PATH) as file:
        return json.load(file)


def save(state):
    with open(STATE_PATH + ".tmp", "w") as file:
        json.dump(state, file, indent=1)
    os.replace(STATE_PATH + ".tmp", STATE_PATH)


def iso(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


STS = []


def mint(state, role):
    """Keys for `role`: a real AssumeRole on moto when there is one (its client made before
    "ready", since IMDS answers within the SDKs' one second and importing boto3 takes longer)."""
    lifetime = int(state.get("lifetime", 3600))
    if STS:
        answer = STS[0].assume_role(RoleArn=f"arn:aws:iam::123456789012:role/{role}", RoleSessionName="i-0123456789abcdef0",
                                 DurationSeconds=max(900, lifetime))["Credentials"]
        return answer["AccessKeyId"], answer["SecretAccessKey"], answer["SessionToken"], time.time() + lifetime
    return ("ASIA" + secrets.token_hex(8).upper(), secrets.token_urlsafe(30), secrets.token_urlsafe(60),
            time.time() + lifetime)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "EC2ws"
    sys_version = ""

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="text/plain", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def unauthorized(self):
        # IMDS's own 401 page.
        body = (b'<?xml version="1.0" encoding="iso-8859-1"?>\n'
                b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n'
                b'\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
                b'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n'
                b' <head>\n  <title>401 - Unauthorized</title>\n </head>\n'
                b' <body>\n  <h1>401 - Unauthorized</h1>\n </body>\n</html>\n')
        self.send(401, body, "text/html")

    def handle_any(self):
        with LOCK:
            state = load()
            state.setdefault("log", []).append(
                {"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}})
            try:
                self.route(state)
            finally:
                save(state)

    def route(self, state):
        if self.path == state.get("container_path", "/v2/credentials/task"):
            return self.container(state)
        if self.path == "/latest/api/token":
            return self.token(state)
        if self.command != "GET" or not self.path.startswith(ROLES):
            return self.send(404, b"Not Found")
        token = self.headers.get("x-aws-ec2-metadata-token")
        if token is not None:
            if state.get("tokens", {}).get(token, 0) < time.time():
                return self.unauthorized()
        elif state.get("imds_v2", "optional") == "required":
            return self.unauthorized()
        role = state.get("role")
        name = self.path[len(ROLES):]
        if role is None:
            return self.send(404, b"Not Found")
        if name == "":
            return self.send(200, role.encode())
        if name != role:
            return self.send(404, b"Not Found")
        key, secret, session, expiry = mint(state, role)
        document = ("{\n"
                    '  "Code" : "Success",\n'
                    f'  "LastUpdated" : "{iso(time.time())}",\n'
                    '  "Type" : "AWS-HMAC",\n'
                    f'  "AccessKeyId" : "{key}",\n'
                    f'  "SecretAccessKey" : "{secret}",\n'
                    f'  "Token" : "{session}",\n'
                    f'  "Expiration" : "{iso(expiry)}"\n'
                    "}")
        self.send(200, document.encode())

    def token(self, state):
        if "token_status" in state:
            return self.send(int(state["token_status"]), b"")
        if self.command != "PUT" or state.get("imds_v2") == "absent":
            return self.send(405 if self.command != "PUT" else 404, b"")
        if self.headers.get("x-forwarded-for") is not None:
            return self.send(403, b"")
        ttl = self.headers.get("x-aws-ec2-metadata-token-ttl-seconds")
        if ttl is None or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.send(400, b"")
        token = secrets.token_urlsafe(40)
        lifetime = min(int(ttl), int(state.get("token_ttl_cap", 21600)))
        state.setdefault("tokens", {})[token] = time.time() + lifetime
        self.send(200, token.encode(), headers=[("X-Aws-Ec2-Metadata-Token-Ttl-Seconds", str(lifetime))])

    def container(self, state):
        if "container_status" in state:
            return self.send(int(state["container_status"]), b'{"message":"unavailable"}', "application/json")
        required = state.get("container_token")
        if required is not None and self.headers.get("Authorization") != required:
            return self.send(401, b'{"message":"unauthorized"}', "application/json")
        key, secret, session, expiry = mint(state, state.get("role") or "TaskRole")
        body = json.dumps({"AccessKeyId": key, "SecretAccessKey": secret, "Token": session,
                           "Expiration": iso(expiry), "RoleArn": "arn:aws:iam::123456789012:role/TaskRole"})
        self.send(200, body.encode(), "application/json")

    do_GET = handle_any
    do_PUT = handle_any
    do_POST = handle_any


def main():
    state = load()
    if state.get("sts_endpoint"):
        import boto3
        STS.append(boto3.client("sts", endpoint_url=state["sts_endpoint"], region_name="us-east-1",
                                aws_access_key_id="AKIAFAKEMETADATA", aws_secret_access_key="fake"))
        mint(state, "Warmup")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"ready {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
