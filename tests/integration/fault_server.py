"""FAKE SERVER, named as such: an OpenAI-style endpoint that misbehaves on purpose.

Used only for faults a real llama.cpp server cannot be made to produce on demand: HTTP 503/429 answers, malformed
stream chunks, an empty completion, a server that accepts and then stalls, and a `reasoning_content` field
(DeepSeek/vLLM-style split reasoning). Every
behaviour a real server can show (streaming, dying mid-stream, refusing connections) is tested on llama-server.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _chunk(content: str | None = None, reasoning: str | None = None, finish: str | None = None) -> bytes:
    delta = {"role": "assistant"}
    if content is not None:
        delta["content"] = content
    if reasoning is not None:
        delta["reasoning_content"] = reasoning
    body = {
        "id": "x",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


class FaultServer:
    """`mode` picks the behaviour: ok, busy_then_ok, always_503, always_429, malformed, empty, heading_only, stall,
    reasoning_content."""

    def __init__(self, mode: str = "ok", port: int = 0) -> None:
        self.mode = mode
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                self.send_response(200 if server.mode != "always_503" else 503)
                self.end_headers()
                self.wfile.write(b'{"status":"ok"}')

            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length", 0)))
                server.requests += 1
                if server.mode == "stall":
                    time.sleep(30)  # accepted, then nothing: the client's read timeout must fire
                    return
                if server.mode in ("always_503", "always_429") or (
                    server.mode == "busy_then_ok" and server.requests == 1
                ):
                    self.send_response(429 if server.mode == "always_429" else 503)
                    self.send_header("content-type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error":"Model is overloaded"}')
                    return
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                if server.mode == "malformed":
                    self.wfile.write(_chunk("Partial "))
                    self.wfile.write(b"data: {this is not json\n\n")
                elif server.mode == "heading_only":  # a budget spent on a bare "## Reasoning" heading
                    self.wfile.write(_chunk("## Reasoning\n"))
                    self.wfile.write(_chunk(finish="length"))
                elif server.mode == "empty":
                    self.wfile.write(_chunk(finish="stop"))
                elif server.mode == "reasoning_content":
                    for piece in ("Step 1: fever. ", "Step 2: stiff neck."):
                        self.wfile.write(_chunk(reasoning=piece))
                    self.wfile.write(_chunk("Meningitis until proven otherwise."))
                    self.wfile.write(_chunk(finish="stop"))
                else:
                    for piece in ("Hello", " from", " the fake."):
                        self.wfile.write(_chunk(piece))
                    self.wfile.write(_chunk(finish="stop"))
                self.wfile.write(b"data: [DONE]\n\n")

        ThreadingHTTPServer.allow_reuse_address = True
        ThreadingHTTPServer.daemon_threads = True
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
