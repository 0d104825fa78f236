"""The front when no app server answers (the app server stopped,
or restarting): nginx answers with our page, not its own bare "502 Bad Gateway"."""

import socket
import ssl
import urllib.error
import urllib.request

import pytest

from tests.production.front import (
    REPO,
    free_ports,
    make_certificate,
    missing_tool,
    render_nginx,
    service,
    which,
)

pytestmark = pytest.mark.production


def listening(port: int):
    def check(log) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0
    check.what = f"nginx listening on {port}"
    return check


def test_with_no_app_server_the_front_says_to_try_again_in_a_minute(tmp_path):
    reason = missing_tool()
    if reason:
        pytest.skip(reason)
    https, http, nobody = free_ports(3)
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    certificate, key = make_certificate(tmp_path)
    conf = render_nginx(prefix, {
        "SITE_URL": f"https://127.0.0.1:{https}", "HTTP_LISTEN": f"127.0.0.1:{http}",
        "HTTPS_LISTEN": f"127.0.0.1:{https}", "TLS_CERTIFICATE": str(certificate),
        "TLS_CERTIFICATE_KEY": str(key), "ACME_ROOT": str(prefix / "acme"),
        "APP_ROOT": str(REPO), "APP_ADDRESS": f"127.0.0.1:{nobody}",
        "LOG_DIR": str(prefix / "logs"), "CACHE_DIR": str(prefix / "cache"),
    })
    tls = ssl.create_default_context(cafile=str(certificate))
    nginx = [which("nginx"), "-p", f"{prefix}/", "-c", str(conf), "-g", "daemon off;"]
    with service(nginx, tmp_path / "nginx.out", listening(https)):
        for path in ("/", "/report/anti-social-behaviour/check-your-answers"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(f"https://127.0.0.1:{https}{path}", timeout=10,
                                       context=tls)
            page = answer.value.read().decode()
            assert answer.value.code == 503
            assert "<h1>Sorry, the service is unavailable for a moment</h1>" in page
            assert "Wait a minute, then try again" in page and "press 55" in page
