"""The app server's logs hold no client address and nothing the client sent: granian,
started by the test on loopback through serve.py as production starts it, gets malformed
requests and a normal one from 127.0.0.2, and its output is read."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = "127.0.0.2"
USER_AGENT = "SecretBrowser/9.9 (fingerprint)"
MALFORMED = [
    b"GARBAGE\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent\x01: " + USER_AGENT.encode()
    + b"\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: nope\r\n"
    b"User-Agent: " + USER_AGENT.encode() + b"\r\n\r\n",
    b"\x16\x03\x01\x00\xa5\x01\x00",  # a TLS hello sent to the plain port
]


def _send(port: int, raw: bytes, half_close: bool = True) -> bytes:
    """Send ``raw`` from CLIENT and read until the server closes. A malformed request is
    followed by closing our side; a well-formed one asks for ``Connection: close`` and waits,
    since granian drops a request whose client has already closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=10,
                                  source_address=(CLIENT, 0)) as conn:
        conn.sendall(raw)
        if half_close:
            conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def _wait_for(port: int, log: Path, process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve.py stopped: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"serve.py did not start: {log.read_text()}")


def test_the_app_server_logs_neither_the_address_nor_what_a_malformed_request_sent(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "granian.log"
    env = {**os.environ, "SOSAFE_ENV": "testing", "BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "1", "WEB_THREADS": "2"}
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "serve.py"], cwd=ROOT, env=env,
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, log, process)
        answers = [_send(port, raw) for raw in MALFORMED]
        assert all(answer.startswith(b"HTTP/1.1 400") for answer in answers), answers
        healthy = _send(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: "
                        + USER_AGENT.encode() + b"\r\nConnection: close\r\n\r\n",
                        half_close=False)
        assert healthy.startswith(b"HTTP/1.1 200"), healthy[:200]
        time.sleep(0.5)  # let the last lines reach the file
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log.read_text()
    assert "GET /healthz" in text, text  # the access log wrote the normal request
    for secret in (CLIENT, USER_AGENT, "SecretBrowser", "GARBAGE", "nope"):
        assert secret not in text, f"the app server's log holds {secret!r}:\n{text}"
