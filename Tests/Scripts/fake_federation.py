"""A stand-in for AWS's federation endpoint: answers every GET with a fixed SigninToken
and appends the query parameters of each request, as a JSON object, to a log file.
Usage: fake_federation.py PORT LOGFILE READYFILE"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

# Descriptors inherited from the test process (pipes of concurrent runProcess calls) would
# keep those pipes from ever reaching their end while this server runs.
os.closerange(3, os.sysconf("SC_OPEN_MAX"))
port, log, ready = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Federation(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        with open(log, "a") as file:
            file.write(json.dumps({"path": parts.path, "query": query}) + "\n")
        body = json.dumps({"SigninToken": "FAKE-SIGNIN-TOKEN/+="}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", port), Federation)
open(ready, "w").close()
server.serve_forever()
