"""A recording proxy in front of moto's STS, for tests that must see what rolesh sent
(moto accepts any MFA code and says nothing of it). Each POST is forwarded to UPSTREAM as it
came and its answer returned as it came; before that one JSON line is appended to LOGFILE:
{"action", "params" (the form body, every parameter but Action and Version), "key" (the
access key id of the SigV4 Credential scope)}. A GET stands in for the console federation
endpoint: it is logged as {"action": "federation", "params": query} and answered with a
fixed SigninToken. With LIFETIME (seconds), every answer's credentials say they expire
LIFETIME seconds from now: STS will not make credentials that live less than 15 minutes,
and tests of their renewal cannot wait that long (moto does not check expiry).

    python sts_recording_proxy.py UPSTREAM PORT LOGFILE READYFILE [LIFETIME]
"""
import datetime
import json
import os
import re
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# Descriptors inherited from the test process (pipes of concurrent runs) would keep those
# pipes from reaching their end while this server runs.
os.closerange(3, os.sysconf("SC_OPEN_MAX"))
upstream, port, log, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lifetime = int(sys.argv[5]) if len(sys.argv) > 5 else None
# Straight to moto, whatever proxy the test machine's environment names.
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def record(entry):
    with open(log, "a") as file:
        file.write(json.dumps(entry) + "\n")


def shortened(body):
    """`body` with its credentials' Expiration LIFETIME seconds from now, when one is given."""
    if lifetime is None:
        return body
    expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=lifetime)
    stamp = expiry.strftime("%Y-%m-%dT%H:%M:%SZ")
    return re.sub(rb"<Expiration>[^<]*</Expiration>", b"<Expiration>" + stamp.encode() + b"</Expiration>", body)


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        form = {key: values[0] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}
        authorization = self.headers.get("Authorization", "")
        key = authorization.split("Credential=")[1].split("/")[0] if "Credential=" in authorization else None
        action = form.pop("Action", None)
        form.pop("Version", None)
        record({"action": action, "params": form, "key": key})
        headers = {name: value for name, value in self.headers.items() if name.lower() not in ("host", "content-length")}
        request = urllib.request.Request(upstream + self.path, data=body, headers=headers, method="POST")
        try:
            with opener.open(request) as answer:
                self.answer(answer.status, shortened(answer.read()), answer.headers.get("Content-Type", "text/xml"))
        except urllib.error.HTTPError as error:
            self.answer(error.code, error.read(), error.headers.get("Content-Type", "text/xml"))

    def do_GET(self):
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        record({"action": "federation", "params": query, "key": None})
        self.answer(200, json.dumps({"SigninToken": "FAKE-SIGNIN-TOKEN"}).encode(), "application/json")

    def answer(self, status, data, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", port), Proxy)
open(ready, "w").close()
server.serve_forever()
