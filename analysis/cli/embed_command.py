"""`embed create|list|revoke`: signed, expiring, revocable links that show one view in an intranet page."""

from __future__ import annotations

import argparse
import datetime as dt
import urllib.parse

from analysis.auth.scope import parse_scope
from analysis.auth.secrets_file import read_secrets, secrets_path
from analysis.countries import known_country_codes
from analysis.delivery.embeds import (
    EMBEDDABLE_PAGES,
    EmbedRegistry,
    allowed_origins,
    embed_url,
    ensure_signing_key,
    parse_lifetime,
    sign,
)
from analysis.delivery.log import log_path
from analysis.delivery.settings import load_delivery_settings, schedules_path
from analysis.errors import AllianceError
from analysis.filters.url_state import VIEW_PARAMETERS, parse_query
from analysis.paths import store_address
from analysis.store.location import store_location

NAME = "embed"
HELP = "signed, expiring, revocable links to one dashboard view for an iframe: create, list, revoke"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--secrets",
        metavar="PATH",
        help="secrets file (default: $ALLIANCE_SECRETS, else .streamlit/secrets.toml)",
    )
    parser.add_argument(
        "--schedules", metavar="PATH", help="where dashboard_url is set (default: data/schedules.toml)"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="a new link; prints it and the iframe to paste")
    create.add_argument("--page", required=True, choices=EMBEDDABLE_PAGES)
    create.add_argument(
        "--filters",
        default="",
        metavar="QUERY",
        help="the view as in a dashboard link, e.g. 'as_of=2023-11-19&countries=CHN,USA&lang=zh'",
    )
    create.add_argument("--expires", default="30d", help="30d, 12h, 90m or a day 2025-12-31 (default 30d)")
    create.add_argument("--scope", help="show only these rows, e.g. region:Europe or countries:DEU,FRA")
    create.add_argument("--note", help="what the link is for (shown by `embed list`)")
    actions.add_parser("list", help="every link: view, expiry, revoked or not")
    revoke = actions.add_parser(
        "revoke", help="stop a link at once (the page it is in shows that it was revoked)"
    )
    revoke.add_argument("id", metavar="ID")


def run(args: argparse.Namespace) -> int:
    registry = EmbedRegistry(log_path(store_location(store_address(args.db))))
    if args.action == "list":
        embeds = registry.all()
        now = dt.datetime.now(dt.UTC)
        for embed in embeds:
            state = (
                "revoked"
                if embed.revoked_at
                else ("expired" if dt.datetime.fromisoformat(embed.expires_at) <= now else "active")
            )
            shown = urllib.parse.urlencode(embed.query)
            print(
                f"{embed.id}  {state:<8} {embed.page:<11} {shown or '-'}  scope {embed.scope or 'whole alliance'}  until {embed.expires_at}  {embed.note or ''}".rstrip()
            )
        print(f"{len(embeds)} embed links")
        return 0
    if args.action == "revoke":
        embed = registry.revoke(args.id)
        print(
            f"revoked {embed.id} ({embed.page}) at {embed.revoked_at}; pages that show it say so at their next run"
        )
        return 0
    query = dict(urllib.parse.parse_qsl(args.filters.lstrip("?"), keep_blank_values=False))
    unknown = sorted(set(query) - set(VIEW_PARAMETERS))
    if unknown:
        raise AllianceError(
            f"--filters names {', '.join(unknown)}, which no view has; use {', '.join(VIEW_PARAMETERS)}."
        )
    parsed = parse_query(query, dt.date.today(), known_country_codes())
    if parsed.rejected:
        raise AllianceError(
            "--filters holds values the dashboard does not know: "
            + ", ".join(f"{k}={v!r}" for k, v in parsed.rejected.items())
        )
    wanted = parsed.view.to_query()
    if "as_of" not in query:
        wanted.pop("as_of")  # no day given: the view follows the data (the dashboard's default day)
    scope = parse_scope(args.scope, "--scope")
    secrets_file = secrets_path(args.secrets)
    key = ensure_signing_key(secrets_file)
    embed = registry.create(args.page, wanted, scope, parse_lifetime(args.expires), args.note)
    url = embed_url(
        load_delivery_settings(schedules_path(args.schedules)).dashboard_url, embed, sign(embed, key)
    )
    print(f"created embed link {embed.id}, valid until {embed.expires_at}")
    print(url)
    print(f'<iframe src="{url}" width="100%" height="900" style="border:0"></iframe>')
    origins = allowed_origins(read_secrets(secrets_file))
    print(f"sites allowed to frame it ([embedding] allowed_origins in {secrets_file}): {', '.join(origins)}")
    return 0
