"""A local IAM Identity Center for the tests: the OIDC API (sso-oidc) and the portal API
(sso) on one loopback port, answering as AWS does where clients parse the answer (JSON
bodies, x-amzn-ErrorType headers, OAuth error codes). GetRoleCredentials hands out real
credentials of the local STS (moto): it assumes arn:aws:iam::ACCOUNT:role/ROLE there with the
user's e-mail as session name, so the aws CLI can confirm whose identity a shell holds.

usage: fake_identity_center.py STATE.json
STATE.json is read at start and after every request that changes it is written back, so a
test can inspect and change it between steps:
  sts_endpoint            moto's URL
  user                    e-mail of the one user
  assignments             {"ACCOUNT": {"name": "...", "roles": ["Admin", ...]}}
  tokens                  {"ACCESS_TOKEN": epoch-seconds-expiry}  (valid bearer tokens)
  refresh_tokens          {"REFRESH_TOKEN": "CLIENT_ID"}  (single use: used ones are removed)
  clients                 {"CLIENT_ID": {"secret": ..., "expires": epoch, "grant_types": [...]}}
  token_lifetime          seconds a new access token lives (default 28800)
  role_seconds            seconds the role credentials it hands out live (default: moto's 3600)
  page_size               accounts/roles per page at most (default 100)
  pending_polls           device-flow polls answered authorization_pending first (default 0)
  slow_down_polls         then this many polls answered slow_down (default 0)
  expire_device_codes     when true, device-flow polls are answered expired_token
  device_expires_in       expiresIn of a device authorization (default 600)
  deny                    when true, device authorization (and /authorize) ends in access_denied
  forge_state             when set, /authorize redirects with this state instead of the client's
  throttle                answer this many portal requests 429 first (default 0)
  throttle_every          answer every Nth portal request 429 (default 0: never)
  delay                   seconds each portal request is held before its answer (default 0),
                          so that a client's concurrent requests overlap here
  max_in_flight           written by the fake: the most requests it has held at once
  portal_requests         written by the fake: portal requests seen, 429s included
  throttled               written by the fake: portal requests answered 429
  log                     every request: method, path, query, headers, body (appended)
  log_portal_lists        when false, ListAccounts/ListAccountRoles are not logged (default true)
Prints "ready PORT" once listening on 127.0.0.1.
"""
import base64
import hashlib
import http.server
import json
import secrets
import sys
import threading
import time
import urllib.parse

import boto3
import botocore.config

STATE_PATH = sys.argv[1]
LOCK = threading.Lock()
# Requests received and not yet answered, counted apart from LOCK (which serialises the
# state, not the waiting): what a client's bound on requests in flight is checked against.
IN_FLIGHT = [0]
IN_FLIGHT_LOCK = threading.Lock()
PORTAL_PATHS = ("/federation/credentials", "/assignment/accounts", "/assignment/roles", "/logout")


def load():
    with open(STATE_PATH) as file:
        return json.load(file)


def save(state):
    with open(STATE_PATH + ".tmp", "w") as file:
        json.dump(state, file, indent=1)
    import os
    os.replace(STATE_PATH + ".tmp", STATE_PATH)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=None, error_type=None, headers=()):
        # Held until the state is saved: a client that has its answer finds the state written.
        self.pending = (status, body, error_type, headers)

    def flush(self):
        status, body, error_type, headers = self.pending
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if error_type:
            self.send_header("x-amzn-ErrorType", error_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def oauth_error(self, error_type, code, description=""):
        self.answer(400, {"error": code, "error_description": description}, error_type)

    def handle_any(self):
        with IN_FLIGHT_LOCK:
            IN_FLIGHT[0] += 1
        try:
            self.handle_counted()
        finally:
            with IN_FLIGHT_LOCK:
                IN_FLIGHT[0] -= 1

    def handle_counted(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length) if length else b""
        delay = 0
        with LOCK:
            state = load()
            portal = url.path in PORTAL_PATHS
            listing = url.path in ("/assignment/accounts", "/assignment/roles")
            if not (listing and state.get("log_portal_lists") is False):
                state.setdefault("log", []).append({
                    "method": self.command, "path": url.path, "query": query,
                    "headers": {name.lower(): value for name, value in self.headers.items()},
                    "body": raw.decode("utf-8", "replace"),
                })
            if portal:
                state["portal_requests"] = state.get("portal_requests", 0) + 1
                delay = state.get("delay", 0)
                with IN_FLIGHT_LOCK:
                    state["max_in_flight"] = max(state.get("max_in_flight", 0), IN_FLIGHT[0])
            try:
                body = json.loads(raw) if raw else {}
                self.route(state, url.path, query, body)
            finally:
                save(state)
        if delay:
            time.sleep(delay)
        self.flush()

    do_GET = do_POST = handle_any

    def route(self, state, path, query, body):
        if path == "/client/register":
            return self.register(state, body)
        if path == "/device_authorization":
            code = secrets.token_hex(8)
            state.setdefault("device_codes", {})[code] = {"client": body.get("clientId"), "polls": 0}
            return self.answer(200, {"deviceCode": code, "userCode": "ABCD-EFGH",
                                     "verificationUri": "https://device.sso.example/",
                                     "verificationUriComplete": "https://device.sso.example/?user_code=ABCD-EFGH",
                                     "expiresIn": state.get("device_expires_in", 600), "interval": 1})
        if path == "/authorize":
            return self.authorize(state, query)
        if path == "/token":
            return self.token(state, body)
        bearer = self.headers.get("x-amz-sso_bearer_token")
        if path in PORTAL_PATHS:
            every = state.get("throttle_every", 0)
            if state.get("throttle", 0) > 0 or (every and state["portal_requests"] % every == 0):
                state["throttle"] = max(0, state.get("throttle", 0) - 1)
                state["throttled"] = state.get("throttled", 0) + 1
                return self.answer(429, {"message": "Too many requests"}, "TooManyRequestsException")
            expiry = state.get("tokens", {}).get(bearer or "")
            if expiry is None or expiry <= time.time():
                return self.answer(401, {"message": "Session token not found or invalid"}, "UnauthorizedException")
        if path == "/federation/credentials":
            return self.role_credentials(state, query)
        if path == "/assignment/accounts":
            accounts = [{"accountId": account, "accountName": info["name"], "emailAddress": state["user"]}
                        for account, info in sorted(state["assignments"].items())]
            return self.page(state, query, accounts, "accountList")
        if path == "/assignment/roles":
            roles = [{"roleName": role, "accountId": query["account_id"]}
                     for role in state["assignments"].get(query.get("account_id"), {}).get("roles", [])]
            return self.page(state, query, roles, "roleList")
        if path == "/logout":
            state["tokens"].pop(bearer, None)
            return self.answer(200)
        self.answer(404, {"message": "no such path"}, "ResourceNotFoundException")

    def register(self, state, body):
        client = "client-" + secrets.token_hex(6)
        expires = int(time.time()) + 90 * 86400
        state.setdefault("clients", {})[client] = {
            "secret": "secret-" + secrets.token_hex(8), "expires": expires,
            "grant_types": body.get("grantTypes", []), "scopes": body.get("scopes", []),
            "redirect_uris": body.get("redirectUris", []),
        }
        self.answer(200, {"clientId": client, "clientSecret": state["clients"][client]["secret"],
                          "clientIdIssuedAt": int(time.time()), "clientSecretExpiresAt": expires})

    def authorize(self, state, query):
        # Approves at once: 302 to the redirect URI with a code bound to the challenge, as
        # IAM Identity Center does for a client registered for the authorization code grant.
        registered = state.get("clients", {}).get(query.get("client_id"))
        if registered is None or "authorization_code" not in registered.get("grant_types", []):
            return self.oauth_error("InvalidClientException", "invalid_client", "client not registered for authorization_code")
        code = "code-" + secrets.token_hex(8)
        state.setdefault("auth_codes", {})[code] = {
            "client": query.get("client_id"), "challenge": query.get("code_challenge"),
            "redirect": query.get("redirect_uri"),
        }
        target = query.get("redirect_uri", "") + "?" + urllib.parse.urlencode(
            {"code": code, "state": state.get("forge_state", query.get("state", ""))} if not state.get("deny") else
            {"error": "access_denied", "state": query.get("state", "")})
        self.answer(302, headers=[("Location", target)])

    def new_token(self, state, client, refreshable):
        access = "access-" + secrets.token_hex(12)
        state.setdefault("tokens", {})[access] = time.time() + state.get("token_lifetime", 28800)
        answer = {"accessToken": access, "tokenType": "Bearer", "expiresIn": state.get("token_lifetime", 28800)}
        if refreshable:
            refresh = "refresh-" + secrets.token_hex(12)
            state.setdefault("refresh_tokens", {})[refresh] = client
            answer["refreshToken"] = refresh
        return answer

    def token(self, state, body):
        client = body.get("clientId")
        registered = state.get("clients", {}).get(client)
        if registered is None or registered["secret"] != body.get("clientSecret"):
            return self.oauth_error("InvalidClientException", "invalid_client", "unknown client")
        grant = body.get("grantType")
        refreshable = "sso:account:access" in registered.get("scopes", []) or "refresh_token" in registered.get("grant_types", [])
        if grant == "refresh_token":
            if state.get("refresh_tokens", {}).pop(body.get("refreshToken"), None) != client:
                return self.oauth_error("InvalidGrantException", "invalid_grant", "refresh token is not valid")
            return self.answer(200, self.new_token(state, client, True))
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            device = state.get("device_codes", {}).get(body.get("deviceCode"))
            if device is None:
                return self.oauth_error("ExpiredTokenException", "expired_token", "device code expired")
            device["polls"] += 1
            if state.get("expire_device_codes"):
                return self.oauth_error("ExpiredTokenException", "expired_token", "device code expired")
            if state.get("deny"):
                return self.oauth_error("AccessDeniedException", "access_denied", "the user denied")
            if device["polls"] <= state.get("pending_polls", 0):
                return self.oauth_error("AuthorizationPendingException", "authorization_pending")
            if device["polls"] <= state.get("pending_polls", 0) + state.get("slow_down_polls", 0):
                return self.oauth_error("SlowDownException", "slow_down")
            del state["device_codes"][body["deviceCode"]]
            return self.answer(200, self.new_token(state, client, refreshable))
        if grant == "authorization_code":
            issued = state.get("auth_codes", {}).pop(body.get("code"), None)
            verifier = body.get("codeVerifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if issued is None or issued["client"] != client or issued["challenge"] != challenge:
                return self.oauth_error("InvalidGrantException", "invalid_grant", "code or verifier does not match")
            return self.answer(200, self.new_token(state, client, True))
        self.oauth_error("UnsupportedGrantTypeException", "unsupported_grant_type")

    def role_credentials(self, state, query):
        account, role = query.get("account_id"), query.get("role_name")
        if role not in state["assignments"].get(account, {}).get("roles", []):
            return self.answer(403, {"message": "No access"}, "ForbiddenException")
        # botocore refuses a DurationSeconds under 900 before sending it; moto takes any.
        sts = boto3.client("sts", endpoint_url=state["sts_endpoint"], region_name="us-east-1",
                           aws_access_key_id="AKIAFAKEIDENTITYCTR", aws_secret_access_key="fake",
                           config=botocore.config.Config(parameter_validation=False))
        lifetime = {"DurationSeconds": state["role_seconds"]} if "role_seconds" in state else {}
        answer = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName=state["user"], **lifetime)
        credentials = answer["Credentials"]
        self.answer(200, {"roleCredentials": {
            "accessKeyId": credentials["AccessKeyId"], "secretAccessKey": credentials["SecretAccessKey"],
            "sessionToken": credentials["SessionToken"],
            "expiration": int(credentials["Expiration"].timestamp() * 1000)}})

    def page(self, state, query, items, key):
        size = min(int(query.get("max_result", "100")), state.get("page_size", 100))
        start = int(query.get("next_token", "0"))
        answer = {key: items[start:start + size]}
        if start + size < len(items):
            answer["nextToken"] = str(start + size)
        self.answer(200, answer)


class Server(http.server.ThreadingHTTPServer):
    # Clients that open many connections at once are not refused by a short backlog.
    request_queue_size = 128
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
print("ready", server.server_address[1], flush=True)
server.serve_forever()
