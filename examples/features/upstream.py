"""A tiny upstream for http-proxy.yaml: answers every request with what it received
(method, path, query, headers) as JSON.

Usage: python3 upstream.py [PORT]   (8080 by default; 0 picks a free port)
Prints the port it listens on, then serves until stopped.
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class Echo(BaseHTTPRequestHandler):
    def answer(self):
        url = urlsplit(self.path)
        body = json.dumps(
            {
                "method": self.command,
                "path": url.path,
                "query": url.query,
                "headers": {name.lower(): value for name, value in self.headers.items()},
            }
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer


server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8080), Echo)
print(server.server_address[1], flush=True)
server.serve_forever()
