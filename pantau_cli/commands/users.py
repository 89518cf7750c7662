"""``pantau users add|list|remove|reset|token``: the accounts of this installation.

The first admin is made with ``pantau users add NAME --role admin``. Passwords are asked on the
terminal (``getpass``) or read from the first line of standard input when it is not a terminal
(scripts, containers); tokens for scripts are printed once and stored only as a hash.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.auth.accounts import (
    AccountError,
    add_user,
    audit,
    list_users,
    new_api_token,
    remove_user,
    set_password,
)
from search_api.digests.db import open_office

CLI_ACTOR = "cli"


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Kata sandi / password: ")
        if getpass.getpass("Ulangi / repeat: ") != first:
            raise AccountError("the two passwords differ", "password")
        return first
    return sys.stdin.readline().rstrip("\n")


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    try:
        with open_office(settings) as conn:
            action = args.users_command
            if action == "list":
                users = [
                    {"username": u.username, "role": u.role, "created_at": u.created_at}
                    for u in list_users(conn)
                ]
                print_json(users)
                return 0
            if action == "add":
                user = add_user(conn, args.username, args.role, _password())
                audit(conn, CLI_ACTOR, "user added", f"{user.username} ({user.role})")
                print(f"{user.username}: {user.role}")
            elif action == "remove":
                remove_user(conn, args.username)
                audit(conn, CLI_ACTOR, "user removed", args.username)
            elif action == "reset":
                set_password(conn, args.username, _password())
                audit(conn, CLI_ACTOR, "password reset", args.username)
            elif action == "token":
                token = new_api_token(conn, args.username, args.name)
                audit(conn, CLI_ACTOR, "api token", f"{args.username}: {args.name}")
                print(token)
    except AccountError as exc:
        return fail(str(exc))
    return 0
