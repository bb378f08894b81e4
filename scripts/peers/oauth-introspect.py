#!/usr/bin/env python3
"""A minimal OAuth 2.0 token introspection endpoint (RFC 7662) for the test Dovecot's oauth2 passdb.

    oauth-introspect.py PORT TOKENS_FILE

Listens on 127.0.0.1:PORT. `POST /introspect` with the form field `token` (Dovecot's
`introspection_mode = post`) answers {"active": true, "username": NAME} when TOKENS_FILE has a
line "TOKEN NAME", and {"active": false} otherwise. The file is read on every request, so a
test grants a token by appending a line and revokes it by removing the line. Each request is
appended to TOKENS_FILE.log ("token-prefix… active|inactive"), so a test can see that Dovecot
asked. Stops on SIGTERM.
"""
import json
import signal
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main() -> None:
    port, tokens_file = int(sys.argv[1]), sys.argv[2]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
            token = (form.get("token") or [""])[0]
            username = None
            try:
                with open(tokens_file, encoding="utf-8") as tokens:
                    for line in tokens:
                        parts = line.split()
                        if len(parts) == 2 and parts[0] == token:
                            username = parts[1]
            except FileNotFoundError:
                pass
            answer = {"active": True, "username": username} if username else {"active": False}
            with open(tokens_file + ".log", "a", encoding="utf-8") as log:
                log.write(f"{token[:8]}… {'active' if username else 'inactive'}\n")
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


if __name__ == "__main__":
    main()
