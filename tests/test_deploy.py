"""deploy/: several app processes behind nginx, consistent with itself, with `make run` and .streamlit/config.toml.

nginx.conf's upstream names the ports cchc.target starts; every process reads the env file
that sets the database, the session key and Streamlit's cookie secret; the proxy passes the
WebSocket's upgrade. Where nginx is installed, `nginx -t` checks the file itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = DEPLOY / "nginx.conf"
UNIT = DEPLOY / "cchc@.service"
TARGET = DEPLOY / "cchc.target"
ENV_FILE = DEPLOY / "cchc.env"


def unit_values(path: Path) -> dict[str, list[str]]:
    """A systemd unit's settings: every value each key is given, in order (comments left out)."""
    values: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def env_values(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if line.strip() and line[0] != "#")
    return {key.strip(): value.strip() for key, value in pairs}


def nginx_text() -> str:
    return "\n".join(line.split("#", 1)[0] for line in NGINX.read_text().splitlines())


def block(text: str, head: str) -> str:
    """The body of the first `head { … }` block (nested braces included)."""
    start = re.search(re.escape(head) + r"\s*\{", text)
    assert start, f"no `{head}` block in nginx.conf"
    depth, at = 1, start.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(text[at], 0)
        at += 1
    return text[start.end() : at - 1]


def directives(body: str, name: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(rf"(?m)^\s*{name}\s+([^;]*);", body)]


def target_ports() -> list[int]:
    wanted = " ".join(unit_values(TARGET)["Wants"]).split()
    return [int(re.fullmatch(r"cchc@(\d+)\.service", name).group(1)) for name in wanted]


def upstream_ports() -> list[int]:
    servers = directives(block(nginx_text(), "upstream cchc"), "server")
    return [int(re.fullmatch(r"127\.0\.0\.1:(\d+)(\s.*)?", server).group(1)) for server in servers]


def streamlit_config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def base_path() -> str:
    base = str(streamlit_config().get("server", {}).get("baseUrlPath", "")).strip("/")
    return f"/{base}/" if base else "/"


def test_the_upstream_is_every_port_the_target_starts_with_affinity():
    assert len(target_ports()) >= 2
    assert sorted(upstream_ports()) == sorted(target_ports())
    assert len(set(upstream_ports())) == len(upstream_ports())
    upstream = block(nginx_text(), "upstream cchc")
    assert re.search(r"(?m)^\s*(ip_hash|hash\s+\S+(\s+consistent)?)\s*;", upstream), "no affinity in the upstream"


def test_make_runs_port_is_one_of_the_processes():
    make_port = int(re.search(r"(?m)^PORT \?= (\d+)$", (ROOT / "Makefile").read_text()).group(1))
    configured = streamlit_config().get("server", {}).get("port", make_port)
    assert make_port == configured == target_ports()[0]


def test_each_process_runs_the_app_on_loopback_on_its_own_port_with_the_shared_settings():
    unit = unit_values(UNIT)
    [start] = unit["ExecStart"]
    assert " -m streamlit run server.py " in start
    assert re.search(r"--server\.port %i(\s|$)", start)
    assert re.search(r"--server\.address 127\.0\.0\.1(\s|$)", start)
    assert "--server.baseUrlPath" not in start  # .streamlit/config.toml alone decides, as for `make run`
    [folder] = unit["WorkingDirectory"]
    assert start.startswith(f"{folder}/.venv/bin/python ")  # the checkout's own virtualenv, as `make run` makes it
    [env_file] = unit["EnvironmentFile"]
    assert Path(env_file).name == ENV_FILE.name
    assert unit["WantedBy"] == ["cchc.target"]
    assert unit["Restart"] == ["always"]


def test_the_env_file_gives_every_process_the_database_the_session_key_and_the_cookie_secret():
    env = env_values(ENV_FILE)
    for name in ("CCHC_DATABASE_URL", "CCHC_SESSION_KEY", "STREAMLIT_SERVER_COOKIE_SECRET", "CCHC_SESSION_HOURS"):
        assert env.get(name), f"{name} is not set for the app processes"
    assert env["CCHC_DATABASE_URL"].startswith("postgresql://")
    assert int(env["CCHC_SESSION_HOURS"]) >= 1
    # The placeholder key is refused by the app, so nobody runs with it by mistake.
    from storage import sessions

    assert len(env["CCHC_SESSION_KEY"]) < sessions.MIN_KEY_LENGTH


def test_the_proxy_passes_the_websocket_upgrade_and_the_uploads():
    text = nginx_text()
    assert re.search(r"map\s+\$http_upgrade\s+\$connection_upgrade", text)
    pages = block(text, f"location {base_path()}")
    assert directives(pages, "proxy_pass") == ["http://cchc"]  # the path passed on whole, base path and all
    assert directives(pages, "proxy_http_version") == ["1.1"]
    headers = directives(pages, "proxy_set_header")
    assert "Upgrade $http_upgrade" in headers
    assert "Connection $connection_upgrade" in headers
    assert "Host $http_host" in headers  # the port too: Streamlit compares it with the WebSocket's Origin
    assert int(directives(pages, "proxy_read_timeout")[0]) >= 3600

    uploads = block(text, f"location {base_path()}_stcore/upload_file/")
    [body] = directives(uploads, "client_max_body_size")
    max_upload = streamlit_config()["server"]["maxUploadSize"]
    assert int(body.rstrip("m")) > max_upload  # a workbook of the largest size and its form
    assert directives(uploads, "limit_req")


# ---------------------------------------------------------------- nginx itself


def nginx_or_skip() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificate for nginx.conf's TLS server")
    return found


def runnable_config(folder: Path, *, ports: list[int] | None = None, listen: tuple[int, int] | None = None) -> Path:
    """deploy/nginx.conf with its machine paths moved into `folder` (a self-signed certificate made there).

    `ports`: the app processes' ports instead of the upstream's; `listen`: (http, https) ports on
    127.0.0.1 instead of 80 and 443. Nothing else is changed.
    """
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    (folder / "logs").mkdir(exist_ok=True)
    text = NGINX.read_text()
    text = text.replace("/etc/ssl/cchc/", f"{folder}/").replace("/var/log/nginx/", f"{folder}/logs/")
    text = text.replace("pid /run/nginx.pid;", f"pid {folder}/nginx.pid;")
    if ports is not None:
        servers = "\n".join(f"        server 127.0.0.1:{port};" for port in ports)
        text = re.sub(r"(?m)^\s*server 127\.0\.0\.1:\d+;\n(\s*server 127\.0\.0\.1:\d+;\n)*", servers + "\n", text)
    if listen is not None:
        text = text.replace("listen 80;", f"listen 127.0.0.1:{listen[0]};")
        text = text.replace("listen 443 ssl;", f"listen 127.0.0.1:{listen[1]} ssl;")
    path = folder / "nginx.conf"
    path.write_text(text)
    return path


def test_nginx_accepts_the_configuration(tmp_path):
    nginx = nginx_or_skip()
    config = runnable_config(tmp_path)
    done = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr
