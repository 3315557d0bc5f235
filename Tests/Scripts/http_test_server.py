"""A local HTTP(S) server for the transport tests.

usage: http_test_server.py PORT [--silent] [--tls CERT KEY]
Prints "ready" once listening.
  POST /status/NNN  answers status NNN with the request body as the response body.
  any  /echo        answers 200 with JSON: method, path (as on the request line), headers, body_hex.
  GET  /large/N     answers 200 with N bytes.
--silent accepts connections and never answers.
"""
import http.server
import json
import socket
import ssl
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path.startswith("/status/"):
            self.answer(int(self.path.split("/")[2]), body)
        elif self.path.startswith("/large/"):
            self.answer(200, b"x" * int(self.path.split("/")[2]))
        else:
            seen = {
                "method": self.command,
                "path": self.path,
                "headers": [[name, value] for name, value in self.headers.items()],
                "body_hex": body.hex(),
            }
            self.answer(200, json.dumps(seen).encode())

    do_GET = do_POST = do_PUT = handle_any


def serve_silently(port):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen()
    print("ready", flush=True)
    held = []
    while True:
        connection, _ = listener.accept()
        held.append(connection)


def main():
    port = int(sys.argv[1])
    if "--silent" in sys.argv:
        serve_silently(port)
        return
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    if "--tls" in sys.argv:
        index = sys.argv.index("--tls")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[index + 1], sys.argv[index + 2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
