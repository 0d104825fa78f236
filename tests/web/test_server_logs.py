"""gunicorn's logs hold no client address and nothing the client sent: a gunicorn started
by the test on loopback with gunicorn.conf.py gets malformed requests and a normal one
from 127.0.0.2, and its output is read."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.web.server_logs import ClientAddressFilter

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
CLIENT = "127.0.0.2"
USER_AGENT = "SecretBrowser/9.9 (fingerprint)"
MALFORMED = [
    b"GARBAGE\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent\x01: " + USER_AGENT.encode()
    + b"\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: nope\r\n"
    b"User-Agent: " + USER_AGENT.encode() + b"\r\n\r\n",
    b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
]


def test_the_filter_rewrites_gunicorns_invalid_request_line():
    only = ClientAddressFilter(frozenset({"127.0.0.1"}))
    assert only.clean("Invalid request from ip=203.0.113.7: Invalid HTTP Header: "
                      "'User-Agent'") == "Invalid request: Invalid HTTP Header"
    assert only.clean("Invalid request from ip=2001:db8::7: Bad request line: 'x'"
                      ) == "Invalid request: Bad request line"
    assert only.clean("Listening at: http://127.0.0.1:8000 (1)") == (
        "Listening at: http://127.0.0.1:8000 (1)")
    assert only.clean("lost 198.51.100.4 and fe80::1 at 12:30:45") == (
        "lost [address] and [address] at 12:30:45")


def _send(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10,
                                  source_address=(CLIENT, 0)) as conn:
        conn.sendall(raw)
        conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def _wait_for(port: int, log: Path, process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not start: {log.read_text()}")


def test_gunicorn_logs_neither_the_address_nor_what_a_malformed_request_sent(tmp_path):
    if not GUNICORN.exists():
        pytest.skip("needs gunicorn in the virtualenv: make install")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "SOSAFE_ENV": "testing", "BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2"}
    with log.open("wb") as output:
        process = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "--control-socket",
                                    str(tmp_path / "gunicorn.ctl"), "wsgi:app"],
                                   cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, log, process)
        answers = [_send(port, raw) for raw in MALFORMED]
        statuses = [answer.split(b" ", 2)[1] for answer in answers]
        assert statuses == [b"400", b"400", b"400", b"414"], answers
        healthy = _send(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: "
                        + USER_AGENT.encode() + b"\r\nConnection: close\r\n\r\n")
        assert healthy.startswith(b"HTTP/1.1 200"), healthy[:200]
        time.sleep(0.5)  # let the last lines reach the file
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log.read_text()
    assert "Invalid request: " in text, text  # the malformed requests were logged
    assert "GET /healthz" in text  # and the access log wrote the normal one
    for secret in (CLIENT, USER_AGENT, "SecretBrowser", "GARBAGE", "nope"):
        assert secret not in text, f"gunicorn's log holds {secret!r}:\n{text}"
