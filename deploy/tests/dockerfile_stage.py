#!/usr/bin/python3
"""Reads a Dockerfile the way the tests need it, so the tests use the file's own values and cannot drift.

    dockerfile_stage.py deploy/Dockerfile            -> JSON on stdout

The JSON has, for the final (runtime) stage: base image, env (the base image's documented variables, then
this file's ENV in order, with $VAR / ${VAR} expanded as Docker does), user (expanded), workdir,
entrypoint, cmd, expose, volumes, healthcheck {options, cmd}; and for the earlier stages the `dotnet`
commands of their RUN instructions (split on &&, BuildKit --mount flags removed).

Only the Dockerfile subset this project uses is understood (no ONBUILD, no heredocs, no escape directive);
anything else that matters to the tests makes it fail loudly rather than guess.
"""
import json
import re
import shlex
import sys

# What mcr.microsoft.com/dotnet/runtime-deps (8.0 and later) defines before our instructions, per the
# dotnet-docker runtime-deps Dockerfiles; the runtime and aspnet images are built on it and inherit them. Only these
# influence how our app starts.
_RUNTIME_DEPS_ENV = {
    "APP_UID": "1654",
    "ASPNETCORE_HTTP_PORTS": "8080",
    "DOTNET_RUNNING_IN_CONTAINER": "true",
}
BASE_IMAGE_ENV = {
    "mcr.microsoft.com/dotnet/runtime-deps": _RUNTIME_DEPS_ENV,
    "mcr.microsoft.com/dotnet/aspnet": _RUNTIME_DEPS_ENV,
}

_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def logical_lines(text):
    """Joins continuation lines and drops comment lines, as the Dockerfile parser does."""
    lines, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and current):
            continue
        if raw.rstrip().endswith("\\"):
            current += raw.rstrip()[:-1] + " "
            continue
        current += raw
        if current.strip():
            lines.append(current.strip())
        current = ""
    if current.strip():
        lines.append(current.strip())
    return lines


def expand(value, env):
    def substitute(match):
        name = match.group(1) or match.group(2)
        if name not in env:
            raise SystemExit(f"dockerfile_stage: ${name} is not defined at this point of the Dockerfile")
        return env[name]

    return _VAR.sub(substitute, value)


def parse_env(arguments, env):
    if "=" not in arguments.split()[0]:
        key, _, value = arguments.partition(" ")  # legacy form: ENV KEY value
        env[key] = expand(value.strip(), env)
        return
    for token in shlex.split(arguments, posix=True):
        key, sep, value = token.partition("=")
        if not sep:
            raise SystemExit(f"dockerfile_stage: cannot read ENV token {token!r}")
        env[key] = expand(value, env)


def exec_form(arguments):
    arguments = arguments.strip()
    if arguments.startswith("["):
        return json.loads(arguments)
    return ["/bin/sh", "-c", arguments]


def parse_healthcheck(arguments):
    options = {}
    rest = arguments
    while rest.startswith("--"):
        option, _, rest = rest.partition(" ")
        name, _, value = option[2:].partition("=")
        options[name] = value
        rest = rest.lstrip()
    if rest.upper() == "NONE":
        return {"options": options, "cmd": None}
    keyword, _, command = rest.partition(" ")
    if keyword.upper() != "CMD":
        raise SystemExit(f"dockerfile_stage: cannot read HEALTHCHECK {arguments!r}")
    return {"options": options, "cmd": exec_form(command)}


def dotnet_commands(run_arguments):
    text = re.sub(r"--mount=\S+\s*", "", run_arguments)
    return [part.strip() for part in text.split("&&") if part.strip().startswith("dotnet ")]


def read(path):
    with open(path, encoding="utf-8") as handle:
        lines = logical_lines(handle.read())
    stages, stage = [], None
    for line in lines:
        instruction, _, arguments = line.partition(" ")
        instruction, arguments = instruction.upper(), arguments.strip()
        if instruction == "FROM":
            words = arguments.split()
            image = words[0]
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            base = image.split(":")[0]
            stage = {
                "from": image, "name": name, "env": dict(BASE_IMAGE_ENV.get(base, {})), "user": None,
                "workdir": "/", "entrypoint": None, "cmd": None, "expose": [], "volumes": [],
                "healthcheck": None, "dotnet": [],
            }
            stages.append(stage)
        elif stage is None:
            continue  # parser directives and global ARGs before the first FROM
        elif instruction == "ENV":
            parse_env(arguments, stage["env"])
        elif instruction == "USER":
            stage["user"] = expand(arguments, stage["env"])
        elif instruction == "WORKDIR":
            stage["workdir"] = expand(arguments, stage["env"])
        elif instruction == "ENTRYPOINT":
            stage["entrypoint"] = exec_form(arguments)
        elif instruction == "CMD":
            stage["cmd"] = exec_form(arguments)
        elif instruction == "EXPOSE":
            stage["expose"] += expand(arguments, stage["env"]).split()
        elif instruction == "VOLUME":
            stage["volumes"] += json.loads(arguments) if arguments.startswith("[") else arguments.split()
        elif instruction == "HEALTHCHECK":
            stage["healthcheck"] = parse_healthcheck(arguments)
        elif instruction == "RUN":
            stage["dotnet"] += dotnet_commands(arguments)
    if not stages:
        raise SystemExit(f"dockerfile_stage: no FROM in {path}")
    final = dict(stages[-1])
    final["build_dotnet_commands"] = [c for s in stages[:-1] for c in s["dotnet"]]
    return final


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: dockerfile_stage.py DOCKERFILE")
    json.dump(read(sys.argv[1]), sys.stdout, indent=2)
    sys.stdout.write("\n")
