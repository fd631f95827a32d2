"""`user add|list|remove`: the password users in the secrets file (only bcrypt hashes are stored)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from analysis.auth.roles import Role
from analysis.auth.scope import scope_from_options
from analysis.auth.secrets_file import add_user, read_access_settings, remove_user, secrets_path
from analysis.auth.sign_ins import sign_in_store_beside
from analysis.cli.output import add_json_flag, print_json
from analysis.errors import AllianceError

NAME = "user"
HELP = "add, list or remove dashboard users (viewer or editor) in .streamlit/secrets.toml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--secrets",
        metavar="PATH",
        help="secrets file (default: $ALLIANCE_SECRETS, else .streamlit/secrets.toml)",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user, or set an existing user's role and password")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument(
        "--scope",
        metavar="SCOPE",
        help="limit the user to these rows: region:NAME[,NAME] and/or countries:ISO3[,ISO3], joined by ';' "
        "(e.g. region:europe); without it the user sees the whole alliance",
    )
    add.add_argument(
        "--countries",
        metavar="ISO3,...",
        help="limit the user to these countries (e.g. DEU,FRA); may be combined with --scope",
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    add_json_flag(actions.add_parser("list", help="list users and roles (never passwords)"))
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name", metavar="NAME")


def run(args: argparse.Namespace) -> int:
    path = secrets_path(args.secrets)
    if args.action == "add":
        scope = scope_from_options(args.scope, args.countries)  # checked before the password is asked
        password = _read_password(args.password_stdin)
        is_new = add_user(path, args.name, Role(args.role), password, scope)
        limited = f", limited to {scope.text} ({len(scope.countries)} countries)" if scope else ""
        print(f"{'added' if is_new else 'updated'} {args.role} {args.name}{limited} in {path}")
        _end_sign_ins(path, args.name)  # a new role or password: their open sign-ins end now
    elif args.action == "list":
        settings = read_access_settings(path)
        if args.json:
            print_json(
                {
                    "secrets": path,
                    "users": [
                        {"name": user.name, "role": user.role.value}
                        for user in sorted(settings.users.values(), key=lambda user: user.name)
                    ],
                    "anonymous_viewers": settings.anonymous_viewers,
                }
            )
            return 0
        for user in sorted(settings.users.values(), key=lambda user: user.name):
            limited = user.scope.text if user.scope else "whole alliance"
            print(f"{user.name:<24}{user.role.value:<8}{limited}")
        anonymous = "may" if settings.anonymous_viewers else "may not"
        print(f"{len(settings.users)} users in {path}; anonymous visitors {anonymous} view")
    else:
        remove_user(path, args.name)
        print(f"removed {args.name} from {path}")
        _end_sign_ins(path, args.name)
    return 0


def _end_sign_ins(path: Path, name: str) -> None:
    """Revoke the user's dashboard sign-ins, kept beside the secrets file: out at their next click."""
    ended = sign_in_store_beside(path).revoke_user(name)
    if ended:
        print(
            f"ended {ended} open sign-in{'s' if ended != 1 else ''} of {name}: they sign in again at their next click"
        )
    else:
        print("a running dashboard applies the change at the user's next click")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise AllianceError("No terminal to ask for the password: pipe it in and add --password-stdin.")
        password = getpass.getpass("password: ")
        if getpass.getpass("password again: ") != password:
            raise AllianceError("The two passwords differ; nothing was changed. Run the command again.")
    if not password:
        raise AllianceError("The password is empty; nothing was changed.")
    return password
