"""A tiny non-JVM application for the sidecar tests: python3 sidecar_app.py SIDECAR_HTTP_ADDRESS.

Prints the port it serves on, then serves until killed. Its endpoints answer POST /{Endpoint};
Hello.relay and Hello.announce use the sidecar's HTTP endpoint to call a service and to publish.
"""
import json
import sys
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIDECAR = sys.argv[1]


def post(path, body):
    request = urllib.request.Request(
        "http://%s%s" % (SIDECAR, path),
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        data = response.read()
        return response.status, json.loads(data) if data else None


class App(BaseHTTPRequestHandler):
    def reply(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/micro/endpoints":
            self.reply(200, [
                "Hello.say",
                "Hello.fail",
                {"name": "Hello.relay",
                 "request": {"type": "object", "properties": {"name": {"type": "string"}}}},
                "Hello.announce",
            ])
        else:
            self.reply(404, "no such path", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/Hello.say":
            self.reply(200, {"greeting": "Hello, %s, from Python!" % body.get("name"),
                             "user": self.headers.get("X-User")})
        elif self.path == "/Hello.fail":
            self.reply(409, "order already exists", "text/plain")
        elif self.path == "/Hello.relay":
            status, reply = post("/greeter/Greeter.hello", {"name": body.get("name")})
            self.reply(200, {"status": status, "relayed": reply})
        elif self.path == "/Hello.announce":
            status, _ = post("/publish/greetings", {"greeting": "announced by Python"})
            self.reply(200, {"published": status})
        else:
            self.reply(404, {"detail": "no route " + self.path})

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), App)
print(server.server_address[1], flush=True)
server.serve_forever()
