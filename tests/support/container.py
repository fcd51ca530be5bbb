"""Replay the Dockerfile without Docker: read it, build the image's files, run it read-only.

There is no Docker daemon on the machines that run the tests, so each instruction is mapped to
what this machine can do, as closely as is honest:

========================  ===============================================================
Dockerfile                here
========================  ===============================================================
``FROM python:X.Y-slim``  this machine's ``/usr/bin/pythonX.Y`` (given to uv as ``UV_PYTHON``)
                          and the base image's own environment (:data:`BASE_ENV`)
``RUN pip install uv==``  this machine's uv, put first on ``PATH`` (its version is recorded)
``ENV``                   the same variables, with ``$VAR`` expanded
``WORKDIR``               a fresh, world-readable folder; the image path is rewritten to it
``COPY``                  the files of the build context (``git ls-files``, tracked and
                          untracked, less ``.dockerignore``) copied the way COPY copies them
``RUN uv sync ...``       the same command, as root, by ``/bin/sh -c``, in that folder, on
                          this machine's network (:data:`NETWORK_ENV`); a cache mount for
                          uv's cache is this machine's uv cache
``RUN useradd ...``       not applied (this machine's users stay as they are): the container
                          runs as ``nobody:nogroup``, whose home does not exist
``USER``                  ``setpriv`` to that user, with no supplementary groups
``EXPOSE`` / ``CMD``      the command, in a private mount namespace (``unshare -m``) where
                          every mount is remounted read-only, /tmp, /var/tmp and /dev/shm
                          included (``docker run --read-only`` with no tmpfs); the exposed
                          port is replaced by a free one on 127.0.0.1 (``-p 127.0.0.1:P:8501``)
``HEALTHCHECK``           the command, by ``/bin/sh -c``, as the user, inside the running
                          server's mount namespace (``nsenter``, like ``docker exec``)
========================  ===============================================================

Not emulated: Docker itself (image layers and their cache, the network namespace, cgroups,
seccomp), the base image's Debian and Python patch version, and pip installing uv.
Any other instruction or RUN command raises :class:`NotEmulated`, so a change to the
Dockerfile fails loudly until this module learns it.
"""

from __future__ import annotations

import json
import os
import posixpath
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from support.server import answers_health, free_port, wait_until

ROOT = Path(__file__).parents[2]
DOCKERFILE = ROOT / "Dockerfile"

INSTRUCTIONS = ("FROM", "ENV", "WORKDIR", "COPY", "RUN", "USER", "EXPOSE", "HEALTHCHECK", "CMD")
"""The instructions this module can replay."""

BASE_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C.UTF-8",
}
"""What the ``python:*-slim`` images set themselves (besides their version variables)."""

IMAGE_UV_CACHE = "/root/.cache/uv"
"""uv's cache for root inside the image: the target of the Dockerfile's cache mounts."""

PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
NETWORK_ENV = (*PROXIES, *(name.lower() for name in PROXIES), "SSL_CERT_FILE", "SSL_CERT_DIR")
"""This machine's proxy and TLS trust settings, passed to the RUN steps: a build reaches the
registry through the network of the machine that builds (Docker forwards proxy settings too).
uv needs the registry even with a full cache, to build the project with its build backend."""

CONTAINER_USER = "nobody"
TOOLS = ("unshare", "nsenter", "setpriv", "mount", "git")
STEP_SECONDS = 600
START_SECONDS = 60


class NotEmulated(RuntimeError):
    """The Dockerfile uses something this module cannot replay honestly."""


class BuildError(RuntimeError):
    """A RUN step failed; the message carries its output."""


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction, its continuation lines joined.

    Attributes
    ----------
    keyword : str
        Upper-case (``RUN``).
    flags : tuple of (str, str)
        Its ``--name=value`` options in order (``("mount", "type=cache,...")``).
    value : str
        The rest of the line.
    line : int
        Where it starts in the Dockerfile.
    """

    keyword: str
    flags: tuple[tuple[str, str], ...]
    value: str
    line: int

    def flag_values(self, name: str) -> list[str]:
        """Return the values of every ``--name=...`` option."""
        return [value for key, value in self.flags if key == name]

    def argv(self) -> list[str]:
        """Return the command as Docker runs it: exec form as given, shell form through sh."""
        return command_argv(self.value)


def command_argv(value: str) -> list[str]:
    """Return ``["a", "b"]`` (exec form) as a list, anything else as ``/bin/sh -c value``."""
    if value.startswith("["):
        argv = json.loads(value)
        if not (isinstance(argv, list) and argv and all(isinstance(a, str) for a in argv)):
            raise NotEmulated(f"not an exec-form command: {value}")
        return argv
    return ["/bin/sh", "-c", value]


def parse_dockerfile(text: str) -> list[Instruction]:
    """Return the instructions of a Dockerfile; raise :class:`NotEmulated` on others."""
    instructions = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        # Docker drops comment lines and empty lines, also inside a continued instruction.
        if not stripped or stripped.startswith("#"):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1].strip())
            continue
        pending.append(stripped)
        instructions.append(_instruction(" ".join(part for part in pending if part), start))
        pending = []
    if pending:
        raise NotEmulated(f"the instruction at line {start} ends with a backslash")
    return instructions


def _instruction(text: str, line: int) -> Instruction:
    keyword, _, rest = text.partition(" ")
    keyword = keyword.upper()
    if keyword not in INSTRUCTIONS:
        raise NotEmulated(f"line {line}: {keyword} is not emulated (see {__name__})")
    flags = []
    rest = rest.strip()
    while keyword in ("RUN", "COPY", "HEALTHCHECK") and rest.startswith("--"):
        token, _, rest = rest.partition(" ")
        name, _, value = token[2:].partition("=")
        flags.append((name, value))
        rest = rest.strip()
    return Instruction(keyword, tuple(flags), rest, line)


_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def expand(text: str, env: Mapping[str, str]) -> str:
    """Replace ``$NAME`` and ``${NAME}`` by their values in ``env`` (empty when unset)."""
    return _VARIABLE.sub(lambda m: env.get(m.group(1) or m.group(2), ""), text)


def env_assignments(value: str, env: Mapping[str, str]) -> dict[str, str]:
    """Return what an ``ENV`` line sets; every value is expanded with the variables before it."""
    tokens = shlex.split(value)
    if tokens and "=" not in tokens[0]:  # the legacy form: ENV NAME value with spaces
        return {tokens[0]: expand(" ".join(tokens[1:]), env)}
    assigned = {}
    for token in tokens:
        name, equals, text = token.partition("=")
        if not equals:
            raise NotEmulated(f"ENV {value}: {token} is not NAME=value")
        assigned[name] = expand(text, env)
    return assigned


@dataclass(frozen=True)
class Healthcheck:
    """A ``HEALTHCHECK`` instruction: its options (``timeout`` → ``5s``) and command."""

    options: dict[str, str]
    argv: list[str]

    @property
    def timeout_seconds(self) -> float:
        """The ``--timeout`` option in seconds (Docker's default is 30 s)."""
        return duration_seconds(self.options.get("timeout", "30s"))


def duration_seconds(text: str) -> float:
    """Return a Docker duration (``5s``, ``1m30s``, ``500ms``) in seconds."""
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise NotEmulated(f"not a duration: {text}")
    return sum(float(number) * units[unit] for number, unit in parts)


@dataclass
class Recipe:
    """A Dockerfile read into the image configuration it produces.

    Attributes
    ----------
    instructions : list of Instruction
        In order.
    base : str
        The ``FROM`` image.
    env : dict
        The image's environment at the end (the base image's, then every ``ENV``).
    workdir : str
        The last ``WORKDIR``.
    user : str
        The last ``USER`` (``root`` when there is none).
    exposed : list of int
        The ports of every ``EXPOSE``.
    healthcheck : Healthcheck or None
    cmd : list of str
        The ``CMD`` as Docker runs it.
    """

    instructions: list[Instruction]
    base: str = ""
    env: dict[str, str] = field(default_factory=dict)
    workdir: str = "/"
    user: str = "root"
    exposed: list[int] = field(default_factory=list)
    healthcheck: Healthcheck | None = None
    cmd: list[str] = field(default_factory=list)

    @property
    def python_version(self) -> str:
        """``3.11`` for ``python:3.11-slim``; raise :class:`NotEmulated` for other bases."""
        match = re.fullmatch(r"python:(\d+\.\d+)(?:\.\d+)?-slim(?:-\w+)?", self.base)
        if not match:
            raise NotEmulated(f"FROM {self.base}: only python:X.Y-slim images are emulated")
        return match.group(1)

    def of(self, keyword: str) -> list[Instruction]:
        """Return the instructions with this keyword, in order."""
        return [i for i in self.instructions if i.keyword == keyword]


def read_recipe(text: str) -> Recipe:
    """Read a Dockerfile into the configuration of the image it builds."""
    recipe = Recipe(parse_dockerfile(text), env=dict(BASE_ENV))
    for instruction in recipe.instructions:
        value = instruction.value
        if instruction.keyword == "FROM":
            if recipe.base:
                raise NotEmulated("multi-stage builds are not emulated")
            recipe.base = value
        elif instruction.keyword == "ENV":
            recipe.env.update(env_assignments(value, recipe.env))
        elif instruction.keyword == "WORKDIR":
            recipe.workdir = posixpath.normpath(posixpath.join(recipe.workdir, value))
        elif instruction.keyword == "USER":
            recipe.user = value
        elif instruction.keyword == "EXPOSE":
            recipe.exposed += [int(port.split("/")[0]) for port in value.split()]
        elif instruction.keyword == "HEALTHCHECK":
            kind, _, command = value.partition(" ")
            if kind.upper() != "CMD":
                raise NotEmulated(f"HEALTHCHECK {value}")
            recipe.healthcheck = Healthcheck(dict(instruction.flags), command_argv(command.strip()))
        elif instruction.keyword == "CMD":
            recipe.cmd = instruction.argv()
    return recipe


# --------------------------------------------------------------------------- the build context


@dataclass(frozen=True)
class IgnorePattern:
    """One ``.dockerignore`` line: a path pattern, or with ``!`` an exception to the others."""

    text: str
    regex: re.Pattern[str]
    exception: bool


def read_dockerignore(text: str) -> list[IgnorePattern]:
    """Return the patterns of a ``.dockerignore`` file, in order."""
    patterns = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        body = posixpath.normpath(line.lstrip("!").strip()).lstrip("/")
        patterns.append(IgnorePattern(line, re.compile(_pattern_regex(body)), exception))
    return patterns


def _pattern_regex(pattern: str) -> str:
    """Translate a Docker path pattern (Go's ``filepath.Match`` plus ``**``) to a regex."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            i += 2
            if pattern.startswith("/", i):
                i += 1
            out.append(".*" if i >= len(pattern) else "(?:.*/)?")
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise NotEmulated(f"unclosed [ in .dockerignore pattern {pattern}")
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith(("!", "^")) else body) + "]")
            i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def ignored(path: str, patterns: list[IgnorePattern]) -> bool:
    """Whether Docker leaves ``path`` (relative, with ``/``) out of the build context.

    A pattern that matches a folder leaves out everything in it; the last pattern that
    matches the path or one of its folders decides.
    """
    parts = path.split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    result = False
    for pattern in patterns:
        if any(pattern.regex.fullmatch(candidate) for candidate in candidates):
            result = not pattern.exception
    return result


def git_files(root: Path = ROOT) -> list[str]:
    """The working tree's files that git knows or would add (tracked, or untracked and not
    ignored), as paths relative to ``root``; deleted files are left out."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    names = sorted({name for name in listed.split("\0") if name})
    return [name for name in names if (root / name).is_file()]


def build_context(root: Path = ROOT) -> dict[str, Path]:
    """The build context: the git files of ``root`` that ``.dockerignore`` does not exclude."""
    patterns = read_dockerignore((root / ".dockerignore").read_text(encoding="utf-8"))
    return {name: root / name for name in git_files(root) if not ignored(name, patterns)}


def docker_context(root: Path = ROOT) -> list[str]:
    """What ``docker build`` would send from ``root`` as it is on disk (every file, not only
    git's), left-out folders not entered."""
    patterns = read_dockerignore((root / ".dockerignore").read_text(encoding="utf-8"))
    prune = not any(pattern.exception for pattern in patterns)
    sent = []
    for folder, dirs, files in os.walk(root):
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        if prune:
            dirs[:] = [d for d in dirs if not ignored(prefix + d, patterns)]
        sent += [prefix + name for name in files if not ignored(prefix + name, patterns)]
    return sorted(sent)


# --------------------------------------------------------------------------- the build


@dataclass
class BuiltImage:
    """The image's files on this machine, and how its paths and user map here.

    Attributes
    ----------
    recipe : Recipe
    root : Path
        The folder that stands for the image's ``WORKDIR``.
    copied : list of list of str
        The image paths each ``COPY`` wrote, in order.
    synced : list of str
        The ``uv sync`` commands run, in order.
    uv_pinned, uv_used : str
        The uv version the Dockerfile installs and the one that ran here.
    seconds : dict
        How long each step took, keyed by ``line N: KEYWORD``.
    """

    recipe: Recipe
    root: Path
    copied: list[list[str]] = field(default_factory=list)
    synced: list[str] = field(default_factory=list)
    uv_pinned: str = ""
    uv_used: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    def host_path(self, image_path: str) -> Path:
        """Where an image path under ``WORKDIR`` is on this machine."""
        relative = posixpath.relpath(posixpath.normpath(image_path), self.recipe.workdir)
        if relative.startswith(".."):
            raise NotEmulated(f"{image_path} is outside {self.recipe.workdir}")
        return self.root / relative

    def to_host(self, text: str) -> str:
        """Rewrite image paths under ``WORKDIR`` in ``text`` (a command argument, a PATH)."""
        workdir = re.escape(self.recipe.workdir.rstrip("/"))
        return re.sub(rf"(?<![^:=\s]){workdir}(?=/|:|$)", str(self.root), text)

    def env(self) -> dict[str, str]:
        """The image's environment with its paths mapped to this machine."""
        return {name: self.to_host(value) for name, value in self.recipe.env.items()}


def host_python(version: str) -> Path:
    """This machine's Python ``version`` that stands for the base image's."""
    return Path(f"/usr/bin/python{version}")


def host_uv() -> str:
    """The uv binary this machine runs (``$UV`` under ``uv run``, else the one on PATH)."""
    found = os.environ.get("UV") or shutil.which("uv")
    if not found:
        raise NotEmulated("uv is not installed on this machine")
    return os.path.realpath(found)


def missing_tools() -> list[str]:
    """What this machine lacks to replay the image: root, util-linux's tools, git."""
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if os.geteuid() != 0:
        missing.append("root (for unshare -m and setpriv)")
    return missing


def build_image(recipe: Recipe, context: Mapping[str, Path], target: Path) -> BuiltImage:
    """Replay the Dockerfile's build steps into ``target`` (an empty folder).

    Raises
    ------
    NotEmulated
        For an instruction or a RUN command this module does not know.
    BuildError
        When a RUN step fails.
    """
    image = BuiltImage(recipe, target)
    python = host_python(recipe.python_version)
    if not python.exists():
        raise NotEmulated(f"{python} (standing for {recipe.base}) does not exist")
    tools = target.parent / f"{target.name}-uv"  # "pip install uv": this machine's uv
    env = dict(BASE_ENV)
    workdir = "/"
    for instruction in recipe.instructions:
        started = time.monotonic()
        keyword, value = instruction.keyword, instruction.value
        if keyword == "ENV":
            env.update(env_assignments(value, env))
        elif keyword == "WORKDIR":
            workdir = posixpath.normpath(posixpath.join(workdir, value))
            if workdir != recipe.workdir:
                raise NotEmulated("only one WORKDIR is emulated")
            target.mkdir(parents=True, exist_ok=True)
            target.chmod(0o755)
        elif keyword == "COPY":
            image.copied.append(_copy(image, instruction, context, workdir))
        elif keyword == "RUN":
            _run(image, instruction, env, tools, python)
        image.seconds[f"line {instruction.line}: {keyword}"] = time.monotonic() - started
    return image


def _copy(
    image: BuiltImage, instruction: Instruction, context: Mapping[str, Path], workdir: str
) -> list[str]:
    """COPY from the context: a folder's contents go into ``dest``; a file goes into ``dest``
    when it ends with ``/`` (or is ``.``), else it becomes ``dest``."""
    if instruction.flags:
        raise NotEmulated(f"line {instruction.line}: COPY options are not emulated")
    value = instruction.value
    *sources, raw_dest = json.loads(value) if value.startswith("[") else shlex.split(value)
    dest = posixpath.normpath(posixpath.join(workdir, raw_dest))
    dest_is_folder = raw_dest.endswith("/") or posixpath.normpath(raw_dest) == "."
    written = []
    for source in sources:
        source = posixpath.normpath(source).lstrip("/")
        if source == ".":
            chosen = {name: posixpath.join(dest, name) for name in context}
        elif source in context:
            name = posixpath.basename(source)
            chosen = {source: posixpath.join(dest, name) if dest_is_folder else dest}
        else:
            chosen = {
                name: posixpath.join(dest, name[len(source) + 1 :])
                for name in context
                if name.startswith(source + "/")
            }
        if not chosen:
            raise NotEmulated(f"line {instruction.line}: COPY {source}: not in the build context")
        for name, image_path in chosen.items():
            host = image.host_path(image_path)
            _make_folder(host.parent, image.root)
            shutil.copy2(context[name], host)  # keeps the mode bits, as COPY does
            written.append(image_path)
    return written


def _make_folder(folder: Path, root: Path) -> None:
    """Create ``folder`` and its parents up to ``root``, each readable by everyone (0755)."""
    if folder == root or folder.is_dir():
        return
    _make_folder(folder.parent, root)
    folder.mkdir()
    folder.chmod(0o755)


def _run(
    image: BuiltImage, instruction: Instruction, env: dict[str, str], tools: Path, python: Path
) -> None:
    command = instruction.value
    if command.startswith("["):
        raise NotEmulated(f"line {instruction.line}: exec-form RUN is not emulated")
    run_env = {k: image.to_host(v) for k, v in env.items()}
    run_env |= {k: os.environ[k] for k in NETWORK_ENV if k in os.environ} | {"HOME": "/root"}
    for mount in instruction.flag_values("mount"):
        options = dict(part.partition("=")[::2] for part in mount.split(","))
        if options.get("type") != "cache" or options.get("target") != IMAGE_UV_CACHE:
            raise NotEmulated(f"line {instruction.line}: --mount={mount}")
        run_env["UV_CACHE_DIR"] = _host_uv_cache()
    pin = re.fullmatch(r"pip install (?:--no-cache-dir )?uv==([\w.]+)", command)
    if pin:
        image.uv_pinned = pin.group(1)
        tools.mkdir(exist_ok=True)
        (tools / "uv").unlink(missing_ok=True)
        (tools / "uv").symlink_to(host_uv())
        image.uv_used = _uv_version(host_uv())
    elif re.match(r"(useradd|groupadd|adduser|addgroup)\b", command):
        pass  # the container runs as nobody here instead (see run_container)
    elif re.match(r"uv sync\b", command):
        if not image.uv_pinned:
            raise NotEmulated(f"line {instruction.line}: uv runs before it is installed")
        run_env["PATH"] = f"{tools}:{run_env['PATH']}"
        run_env["UV_PYTHON"] = str(python)  # the base image's Python, here
        done = subprocess.run(
            ["/bin/sh", "-c", command],
            cwd=image.root,
            env=run_env,
            capture_output=True,
            text=True,
            timeout=STEP_SECONDS,
        )
        if done.returncode:
            raise BuildError(f"line {instruction.line}: RUN {command}\n{done.stderr}")
        image.synced.append(command)
    else:
        raise NotEmulated(f"line {instruction.line}: RUN {command}")


def _uv_version(uv: str) -> str:
    output = subprocess.run([uv, "--version"], capture_output=True, text=True, timeout=30).stdout
    return output.split()[1] if output.startswith("uv ") else output.strip()


def _host_uv_cache() -> str:
    return subprocess.run(
        [host_uv(), "cache", "dir"], capture_output=True, text=True, check=True, timeout=30
    ).stdout.strip()


# --------------------------------------------------------------------------- running it


def writable_mounts() -> list[str]:
    """This machine's writable mount points, except /proc and /sys (not files)."""
    points = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        point = re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
        if point in ("/proc", "/sys") or point.startswith(("/proc/", "/sys/")):
            continue
        if "ro" not in fields[5].split(",") and point not in points:
            points.append(point)
    return points


def read_only_script(command: list[str], uid: int, gid: int) -> str:
    """A shell script that remounts everything read-only, then runs ``command`` as uid:gid.

    Run it under ``unshare --mount``: the remounts then stay inside that new namespace.
    """
    mount, setpriv = shutil.which("mount"), shutil.which("setpriv")
    lines = ["set -e"]
    lines += [f"{mount} -o remount,bind,ro {shlex.quote(p)}" for p in writable_mounts()]
    as_user = [setpriv, f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--", *command]
    lines.append("exec " + shlex.join(as_user))
    return "\n".join(lines)


@dataclass
class Container:
    """The image's CMD running read-only as an unprivileged user (see :func:`run_container`)."""

    image: BuiltImage
    process: subprocess.Popen
    port: int
    env: dict[str, str]
    uid: int
    gid: int
    log_path: Path

    @property
    def url(self) -> str:
        """Where the exposed port is published."""
        return f"http://127.0.0.1:{self.port}"

    def exec(self, argv: list[str], timeout: float) -> subprocess.CompletedProcess:
        """Run ``argv`` as the container's user in its mount namespace (``docker exec``)."""
        as_user = [
            shutil.which("setpriv"),
            f"--reuid={self.uid}",
            f"--regid={self.gid}",
            "--clear-groups",
            "--",
            *argv,
        ]
        return subprocess.run(
            [shutil.which("nsenter"), f"--target={self.process.pid}", "--mount", "--", *as_user],
            cwd=self.image.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def healthcheck(self, port: int | None = None) -> subprocess.CompletedProcess:
        """Run the HEALTHCHECK command (against ``port`` instead of the server's, if given)."""
        check = self.image.recipe.healthcheck
        assert check is not None, "the Dockerfile has no HEALTHCHECK"
        argv = _publish(check.argv, self.image.recipe, port or self.port)
        return self.exec(argv, timeout=check.timeout_seconds + 5)

    def log(self) -> str:
        """The server's output so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _publish(argv: list[str], recipe: Recipe, port: int) -> list[str]:
    """Replace the exposed port by ``port`` in a command, and 0.0.0.0 by 127.0.0.1."""
    exposed = {str(p) for p in recipe.exposed}
    out = []
    for index, arg in enumerate(argv):
        if arg in exposed and index and argv[index - 1] in ("--server.port", "-p", "--port"):
            arg = str(port)
        elif arg == "0.0.0.0":
            arg = "127.0.0.1"
        for number in exposed:
            arg = re.sub(rf"(?<=[:/=]){number}(?=/|$|\b)", str(port), arg)
        out.append(arg)
    return out


def container_user() -> tuple[int, int, str]:
    """The uid, gid and home of the unprivileged user the container runs as here."""
    entry = pwd.getpwnam(CONTAINER_USER)
    return entry.pw_uid, entry.pw_gid, entry.pw_dir


@contextmanager
def run_container(
    image: BuiltImage, log_path: Path, env: Mapping[str, str] | None = None
) -> Iterator[Container]:
    """Start the image's CMD (``docker run --read-only [-e NAME=value]``); stop it on exit.

    Waits until ``/_stcore/health`` answers ``ok`` from *this* process.

    Raises
    ------
    ServerError
        If the server exits or does not answer in time; the message carries its log.
    """
    uid, gid, home = container_user()
    port = free_port()
    container_env = {**image.env(), "HOME": home, "HOSTNAME": "corridor-atlas", **(env or {})}
    command = [image.to_host(arg) for arg in _publish(image.recipe.cmd, image.recipe, port)]
    script = read_only_script(command, uid, gid)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [shutil.which("unshare"), "--mount", "--propagation=private", "/bin/sh", "-c", script],
            cwd=image.root,
            env=container_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        container = Container(image, process, port, container_env, uid, gid, log_path)
        try:
            _wait_until_ready(container)
            yield container
        finally:
            _stop(process)


def _wait_until_ready(container: Container) -> None:
    def ready() -> bool:
        return answers_health(container.url) and container.process.poll() is None

    wait_until(ready, container.process, START_SECONDS, "the container", container.log)


def _stop(process: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def emulated_image(recipe_text: str | None = None) -> Iterator[BuiltImage]:
    """Build the image from this checkout into a fresh folder under /tmp; remove it on exit.

    The folder is not under pytest's ``tmp_path`` (mode 700, closed to the container's user).
    """
    recipe = read_recipe(recipe_text or DOCKERFILE.read_text(encoding="utf-8"))
    folder = Path(tempfile.mkdtemp(prefix="corridor-image-"))
    try:
        folder.chmod(0o755)
        yield build_image(recipe, build_context(), folder / "app")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
