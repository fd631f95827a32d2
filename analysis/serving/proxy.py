"""The nginx configuration in front of the dashboard's replicas: one port, sticky sessions, security headers.

Written into a run folder (nothing under /etc, no root-owned paths), for `nginx -p RUN -c nginx.conf`
run in the foreground as a child of `python -m analysis serve`:

- **Sticky sessions.** Streamlit keeps each session (its websocket, its uploads, its state) in one
  process, so every request of a browser must reach the same replica. Open-source nginx has no sticky
  cookie, so it is built from `hash`: a browser without the `alliance_route` cookie gets a random key
  (the request id), is sent by it, and is given the cookie with that key; from then on the key always
  hashes to the same replica (`consistent`, so a replica that fails moves only its own sessions).
  `ip_hash` would put everyone behind one office's NAT on one replica.
- **Websockets**: HTTP/1.1 with the Upgrade and Connection headers passed on, and a day's read timeout.
- **Health**: `/_stcore/health` is passed to a replica; a replica that does not answer is taken out for
  a few seconds (`max_fails`), and the supervisor restarts one that exits.
- **Headers** on every answer: a Content-Security-Policy that allows only this origin (no external
  origin at all), `frame-ancestors` from `[embedding] allowed_origins` in the secrets file (default
  'self' only), X-Frame-Options SAMEORIGIN when no other origin may embed, X-Content-Type-Options
  nosniff, and a Referrer-Policy.
- **Private**: `/_stcore/metrics` is refused (403) to everyone.
- **Access log without credentials**: Streamlit's upload addresses carry the session id
  (`/_stcore/upload_file/<session-id>/<file-id>`), which is as good as the session itself. The log
  writes them as `/_stcore/upload_file/-/<file-id>`, and it never writes cookies or headers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.errors import AllianceError

ROUTE_COOKIE = "alliance_route"
MAX_BODY_MB = 25  # above Streamlit's own upload limit (20 MB), so Streamlit gives its own message
# An origin as a browser sends it: scheme, host, optional port; nothing else (no path, no spaces, no ';',
# which would end the directive and let a setting inject another into the header).
_ORIGIN = re.compile(
    r"^https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(:\d{1,5})?$"
)


@dataclass(frozen=True)
class ProxySettings:
    listen_host: str
    listen_port: int
    replica_ports: tuple[int, ...]
    run_dir: Path
    embedding_origins: tuple[str, ...] = ()


def embedding_origins(secrets: dict[str, Any]) -> tuple[str, ...]:
    """The origins allowed to show the dashboard in a frame: `[embedding] allowed_origins = [...]`.

    Each must be an origin (https://example.org or https://example.org:8443); anything else is refused
    with the value named, since it is written into a header.
    """
    section = secrets.get("embedding", {})
    if not isinstance(section, dict):
        raise AllianceError(
            "[embedding] in the secrets file must be a table: [embedding] then allowed_origins = [...]."
        )
    origins = section.get("allowed_origins", [])
    if not isinstance(origins, list) or not all(isinstance(origin, str) for origin in origins):
        raise AllianceError(
            '[embedding] allowed_origins in the secrets file must be a list of origins, e.g. ["https://example.org"].'
        )
    cleaned = []
    for origin in origins:
        value = origin.strip().rstrip("/")
        if not _ORIGIN.match(value):
            raise AllianceError(
                f"[embedding] allowed_origins: {origin!r} is not an origin. Give the scheme and host "
                '(and port, if any) only, e.g. "https://intranet.example.org" or "https://example.org:8443".'
            )
        if value not in cleaned:
            cleaned.append(value)
    return tuple(cleaned)


def content_security_policy(origins: Sequence[str]) -> str:
    """Only this origin: Streamlit's own scripts, styles, websocket and uploads, the bundled plotly.js and
    map outlines, fonts and images. 'unsafe-inline' styles and scripts are what Streamlit's frontend
    and its components need; no other origin is named, so nothing loads from outside."""
    ancestors = " ".join(["'self'", *origins])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",  # also the websocket: CSP 3 counts ws:/wss: of this origin as 'self'
            "worker-src 'self' blob:",
            "frame-src 'self' blob: data:",
            "media-src 'self' blob: data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


def nginx_config(settings: ProxySettings) -> str:
    """The whole nginx.conf for `nginx -p RUN_DIR -c nginx.conf` (paths relative to the run folder)."""
    run = settings.run_dir
    for folder in ("temp",):
        (run / folder).mkdir(parents=True, exist_ok=True)
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in settings.replica_ports
    )
    csp = content_security_policy(settings.embedding_origins)
    frame_options = (
        "" if settings.embedding_origins else '        add_header X-Frame-Options "SAMEORIGIN" always;\n'
    )
    headers = (
        f'        add_header Content-Security-Policy "{csp}" always;\n'
        f"{frame_options}"
        '        add_header X-Content-Type-Options "nosniff" always;\n'
        '        add_header Referrer-Policy "same-origin" always;\n'
        f"        add_header Set-Cookie $route_cookie always;\n"
    )
    listen = settings.listen_host if ":" not in settings.listen_host else f"[{settings.listen_host}]"
    return f"""# Written by `python -m analysis serve`; rewritten at every start. Do not edit: change the command's options.
daemon off;
master_process on;
worker_processes 1;
pid {run / "nginx.pid"};
error_log {run / "error.log"} warn;

events {{
    worker_connections 4096;
}}

http {{
    access_log off;
    client_body_temp_path {run / "temp" / "client_body"};
    proxy_temp_path {run / "temp" / "proxy"};
    fastcgi_temp_path {run / "temp" / "fastcgi"};
    uwsgi_temp_path {run / "temp" / "uwsgi"};
    scgi_temp_path {run / "temp" / "scgi"};
    server_tokens off;
    types {{ }}
    default_type application/octet-stream;

    # Upload addresses without the session id they carry (see analysis/serving/proxy.py).
    map $request_uri $logged_uri {{
        "~^/_stcore/upload_file/[^/?]+(?<rest>.*)$" "/_stcore/upload_file/-$rest";
        default $request_uri;
    }}
    log_format alliance '$remote_addr [$time_iso8601] "$request_method $logged_uri $server_protocol" '
                        '$status $body_bytes_sent $request_time "$upstream_addr"';

    # Sticky sessions: the route cookie's key, or a new random one for a browser that has none.
    map $cookie_{ROUTE_COOKIE} $route_key {{
        "" $request_id;
        default $cookie_{ROUTE_COOKIE};
    }}
    map $cookie_{ROUTE_COOKIE} $route_cookie {{
        "" "{ROUTE_COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" "";
    }}

    # At most 30 uploaded files a minute from one address (a burst of 20 at once).
    limit_req_zone $binary_remote_addr zone=uploads:1m rate=30r/m;
    limit_req_status 429;

    upstream dashboard {{
        hash $route_key consistent;
{servers}
    }}

    server {{
        listen {listen}:{settings.listen_port};
        access_log {run / "access.log"} alliance;
        client_max_body_size {MAX_BODY_MB}m;
        # Bodies and answers are held in memory, never in temporary files (the workers need no folder).
        client_body_buffer_size {MAX_BODY_MB}m;
        proxy_max_temp_file_size 0;

{headers}
        location ^~ /_stcore/metrics {{
            return 403;
        }}

        # Uploads only from a browser holding a sign-in (the password sign-in's cookie or Streamlit's
        # own OpenID Connect one): a session that never signed in cannot fill the server's memory with
        # files. The app still checks the sign-in itself before it imports anything.
        location ^~ /_stcore/upload_file/ {{
            if ($cookie_alliance_sign_in$cookie__streamlit_user = "") {{
                return 403;
            }}
            limit_req zone=uploads burst=20 nodelay;
            proxy_pass http://dashboard;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_hide_header X-Frame-Options;
            proxy_hide_header Content-Security-Policy;
            proxy_hide_header X-Content-Type-Options;
        }}

        location / {{
            proxy_pass http://dashboard;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_next_upstream error timeout;
            proxy_hide_header X-Frame-Options;
            proxy_hide_header Content-Security-Policy;
            proxy_hide_header X-Content-Type-Options;
        }}
    }}
}}
"""
