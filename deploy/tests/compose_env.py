#!/usr/bin/python3
"""Prints a compose service's environment as NAME=VALUE lines, for running it as a local process, so the
split-topology test uses docker-compose.split.yml's own settings instead of a copy that could drift.

    compose_env.py COMPOSE_FILE SERVICE [HOST:PORT=NEWHOST:NEWPORT | Host=NAME=VALUE | VAR=VALUE]...

- HOST:PORT=NEWHOST:NEWPORT rewrites service addresses inside values (identity:8081=127.0.0.1:41234);
- a word of the form KEY=VALUE where KEY is an UPPER_CASE name sets a ${KEY} variable for interpolation;
- Npgsql connection strings get Host= and Port= rewritten with PGHOST / PGPORT when those are given.
${VAR}, ${VAR:-default} and ${VAR:?message} are interpolated as compose does; an unset ${VAR:?} fails.
"""
import re
import sys

import yaml

compose_file, service, rules = sys.argv[1], sys.argv[2], sys.argv[3:]
addresses, variables = {}, {}
for rule in rules:
    left, _, right = rule.partition("=")
    if re.fullmatch(r"[A-Za-z0-9_.-]+:\d+", left):
        addresses[left] = right
    else:
        variables[left] = right

with open(compose_file, encoding="utf-8") as handle:
    compose = yaml.safe_load(handle)
environment = compose["services"][service].get("environment") or {}
if isinstance(environment, list):
    environment = dict(item.split("=", 1) for item in environment)


def interpolate(value):
    def substitute(match):
        name, operator, argument = match.group(1), match.group(2) or "", match.group(3) or ""
        if name in variables and (variables[name] or operator != ":-"):
            return variables[name]
        if operator == ":-":
            return argument
        if operator == ":?":
            raise SystemExit(f"compose_env: ${{{name}}} is required ({argument})")
        return ""

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:[-?])?([^}]*)\}", substitute, value)


for name, value in environment.items():
    value = interpolate(str(value))
    for old, new in addresses.items():
        value = value.replace(old, new)
    if name.startswith("ConnectionStrings__") and "PGHOST" in variables:
        value = re.sub(r"Host=[^;]*", f"Host={variables['PGHOST']}", value)
        value = re.sub(r"Port=[^;]*", f"Port={variables.get('PGPORT', '5432')}", value)
    print(f"{name}={value}")
