"""`serve`: several dashboard processes behind nginx on one port (`make serve REPLICAS=N`); `--stop` stops it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from analysis.serving.replicas import DEFAULT_RUN_DIR, Deployment, serve_until_stopped, stop_running

NAME = "serve"
HELP = "serve the dashboard from N processes behind nginx on one port (Ctrl-C or --stop stops them all)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--replicas",
        type=int,
        default=os.cpu_count() or 1,
        help="dashboard processes (default: one per core)",
    )
    parser.add_argument(
        "--port", type=int, default=8501, help="the one port people connect to (default 8501)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address nginx listens on (default 127.0.0.1; 0.0.0.0 for every interface)",
    )
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=DEFAULT_RUN_DIR,
        help=f"configuration, pid file and logs (default {DEFAULT_RUN_DIR})",
    )
    parser.add_argument(
        "--secrets",
        type=Path,
        help="the secrets file (default: $ALLIANCE_SECRETS, else .streamlit/secrets.toml)",
    )
    parser.add_argument(
        "--stop", action="store_true", help="stop the `serve` running from --run-dir, and wait for it"
    )


def run(args: argparse.Namespace) -> int:
    if args.stop:
        pid = stop_running(args.run_dir)
        print(
            "nothing was running" if pid is None else f"stopped `serve` (process {pid}) and everything it ran"
        )
        return 0
    deployment = Deployment(
        replicas=args.replicas,
        port=args.port,
        run_dir=args.run_dir,
        host=args.host,
        store=args.db,
        secrets=args.secrets,
    )
    serve_until_stopped(deployment)
    return 0
