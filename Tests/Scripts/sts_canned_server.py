"""A local STS that answers every request per one scenario, for the STS client's tests.

moto cannot throttle, expire tokens or hang, so this server plays those parts with the
answers real STS gives (status and ErrorResponse XML). It listens on 127.0.0.1 at a port
the system picks, writes that port to STATE/port, and after each request writes how many
it has seen to STATE/count.

    python sts_canned_server.py SCENARIO STATE
"""
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"


def error_response(code, message, kind="Sender"):
    """STS's usual error shape: ErrorResponse/Error."""
    return (
        f'<ErrorResponse xmlns="{NAMESPACE}">\n'
        f"  <Error>\n    <Type>{kind}</Type>\n    <Code>{code}</Code>\n"
        f"    <Message>{message}</Message>\n  </Error>\n"
        "  <RequestId>0d1a8c7e-5a7b-4c3e-9f43-6a9f4e7b2c11</RequestId>\n"
        "</ErrorResponse>\n"
    )


def errors_response(code, message):
    """The other shape the Query protocol uses: ErrorResponse/Errors/Error."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<ErrorResponse><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
        "<RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></ErrorResponse>\n"
    )


def success(action):
    credentials = (
        "<Credentials><AccessKeyId>ASIACANNEDEXAMPLE</AccessKeyId>"
        "<SecretAccessKey>cannedSecretKeyEXAMPLE</SecretAccessKey>"
        "<SessionToken>cannedSessionTokenEXAMPLE</SessionToken>"
        "<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
    )
    results = {
        "AssumeRole": credentials
        + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/Prod/alice</Arn>"
        "<AssumedRoleId>AROACANNEDEXAMPLE:alice</AssumedRoleId></AssumedRoleUser>",
        "GetSessionToken": credentials,
        "GetCallerIdentity": "<Arn>arn:aws:iam::123456789012:user/alice</Arn>"
        "<UserId>AIDACANNEDEXAMPLE</UserId><Account>123456789012</Account>",
    }
    return (
        f'<{action}Response xmlns="{NAMESPACE}"><{action}Result>{results[action]}</{action}Result>'
        "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>"
        f"</{action}Response>\n"
    )


ERRORS = {
    "AccessDenied": (403, error_response(
        "AccessDenied",
        "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole "
        "on resource: arn:aws:iam::123456789012:role/Prod")),
    "ExpiredToken": (400, error_response("ExpiredToken", "The security token included in the request is expired")),
    "InvalidClientTokenId": (403, error_response(
        "InvalidClientTokenId", "The security token included in the request is invalid.")),
    "RegionDisabledException": (403, error_response(
        "RegionDisabledException",
        "STS is not activated in this region for account:123456789012. Your account administrator "
        "can activate STS in this region using the IAM Console.")),
    "ValidationError": (400, errors_response(
        "ValidationError",
        "1 validation error detected: Value &apos;x y&apos; at &apos;roleSessionName&apos; failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        count = self.server.record()
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        action = urllib.parse.parse_qs(body).get("Action", ["GetCallerIdentity"])[0]
        scenario = self.server.scenario
        if scenario in ERRORS:
            self.answer(*ERRORS[scenario])
        elif scenario == "ThrottlingThenSuccess":
            if count <= 2:
                self.answer(400, error_response("Throttling", "Rate exceeded"))
            else:
                self.answer(200, success(action))
        elif scenario == "ServerErrorThenSuccess":
            if count <= 2:
                self.answer(500, error_response("InternalFailure", "An internal error occurred.", "Receiver"))
            else:
                self.answer(200, success(action))
        elif scenario == "Hang":
            time.sleep(3600)
        elif scenario == "ControlCharacters" and action == "GetCallerIdentity":
            # C1 controls are legal XML characters: a terminal may read U+009B as CSI.
            self.answer(200, success(action).replace("user/alice", "user/alice\u009b2J\u0085x"))
        elif scenario == "NotXML":
            self.answer(200, "Service temporarily unavailable, try again later\n", "text/plain")
        else:
            self.answer(200, success(action))

    def answer(self, status, body, content_type="text/xml"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, scenario, state):
        super().__init__(("127.0.0.1", 0), Handler)
        self.scenario = scenario
        self.state = state
        self.count = 0
        self.lock = threading.Lock()

    def record(self):
        with self.lock:
            self.count += 1
            write_atomically(os.path.join(self.state, "count"), str(self.count))
            return self.count


def write_atomically(path, text):
    with open(path + ".tmp", "w") as file:
        file.write(text)
    os.replace(path + ".tmp", path)


def main():
    scenario, state = sys.argv[1], sys.argv[2]
    server = Server(scenario, state)
    write_atomically(os.path.join(state, "count"), "0")
    write_atomically(os.path.join(state, "port"), str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
