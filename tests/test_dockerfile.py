"""The Dockerfile: its conventions, and its image replayed without Docker, read-only.

How each instruction is replayed, and what cannot be, is in ``tests/support/container.py``.
"""

import json
import re
import shlex
import tomllib
import urllib.request

import pytest

from support.container import (
    DOCKERFILE,
    ROOT,
    Container,
    build_context,
    container_user,
    docker_context,
    git_files,
    ignored,
    read_dockerignore,
    read_recipe,
    run_container,
)
from support.server import ServerError, free_port

RECIPE = read_recipe(DOCKERFILE.read_text(encoding="utf-8"))
"""The replayed build (two uv syncs from this machine's warm uv cache) must stay CI-sized."""
VENV_BIN = f"{RECIPE.workdir}/.venv/bin"


def uv_syncs():
    return [i for i in RECIPE.of("RUN") if i.value.startswith("uv sync")]


def options(argv: list[str]) -> dict[str, str]:
    """``--name value`` and ``--name=value`` pairs of a command line."""
    found = {}
    for index, arg in enumerate(argv):
        if arg.startswith("--"):
            name, equals, value = arg.partition("=")
            nxt = argv[index + 1] if index + 1 < len(argv) else ""
            found[name] = value if equals else ("" if nxt.startswith("--") else nxt)
    return found


# --------------------------------------------------------------------------- conventions


def test_the_base_image_is_the_projects_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert RECIPE.base == f"python:{RECIPE.python_version}-slim"
    minimum = re.fullmatch(r">=(\d+)\.(\d+)", project["requires-python"])
    assert minimum is not None
    version = tuple(int(n) for n in RECIPE.python_version.split("."))
    assert version >= (int(minimum[1]), int(minimum[2]))
    pinned = ROOT / ".python-version"
    if pinned.exists():
        assert pinned.read_text(encoding="utf-8").strip() == RECIPE.python_version


def test_uv_is_installed_at_a_pinned_version():
    installs = [i.value for i in RECIPE.of("RUN") if re.match(r"pip3? install", i.value)]
    assert len(installs) == 1
    assert re.fullmatch(r"pip install --no-cache-dir uv==\d+\.\d+\.\d+", installs[0])


def test_dependencies_are_installed_in_a_layer_before_the_code():
    copies = RECIPE.of("COPY")
    first_sync, last_sync = uv_syncs()
    assert shlex.split(copies[0].value) == ["pyproject.toml", "uv.lock", "./"]
    assert shlex.split(copies[1].value) == [".", "."]
    assert copies[0].line < first_sync.line < copies[1].line < last_sync.line
    assert "--no-install-project" in first_sync.value.split()
    assert "--no-install-project" not in last_sync.value.split()


@pytest.mark.parametrize("index", [0, 1], ids=["dependencies", "project"])
def test_each_sync_installs_exactly_the_lock_without_dev_tools(index):
    sync = uv_syncs()[index]
    words = sync.value.split()
    assert {"--locked", "--no-dev"} <= set(words)
    assert "--frozen" not in words  # --locked also fails when uv.lock is behind pyproject.toml
    assert sync.flag_values("mount") == ["type=cache,target=/root/.cache/uv"]


def test_the_environment_follows_uvs_guide():
    env = RECIPE.env
    assert env["UV_COMPILE_BYTECODE"] == "1"
    assert env["UV_LINK_MODE"] == "copy"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["PATH"].split(":")[0] == VENV_BIN
    assert "CORRIDOR_WRITE" not in env  # a deployed image never edits its data
    # uv reads its settings when it runs: they must be set before the first sync.
    settings = [i for i in RECIPE.of("ENV") if "UV_COMPILE_BYTECODE" in i.value]
    assert settings[0].line < uv_syncs()[0].line


def test_the_app_runs_as_an_unprivileged_user():
    users = RECIPE.of("USER")
    assert len(users) == 1
    uid = RECIPE.user.split(":")[0]
    assert uid.isdigit(), "a numeric USER lets Kubernetes' runAsNonRoot check it"
    assert int(uid) != 0
    assert any(f"--uid {uid}" in run.value for run in RECIPE.of("RUN")), "USER names no user"
    last_run = RECIPE.of("RUN")[-1]
    assert last_run.line < users[0].line < RECIPE.of("CMD")[0].line


def test_the_command_is_the_venvs_streamlit_not_uv_run():
    cmd = RECIPE.cmd
    assert cmd[:3] == [f"{VENV_BIN}/streamlit", "run", "app.py"]
    assert options(cmd) == {
        "--server.address": "0.0.0.0",
        "--server.port": str(RECIPE.exposed[0]),
        "--server.headless": "true",
    }
    assert RECIPE.exposed == [8501]


def test_the_healthcheck_asks_the_health_endpoint_without_curl():
    check = RECIPE.healthcheck
    assert check is not None
    assert check.argv[:2] == ["/bin/sh", "-c"]
    words = shlex.split(check.argv[2])
    assert words[:2] == ["python", "-c"]  # the venv's Python, first on PATH
    assert not {"curl", "wget"} & set(re.findall(r"\w+", check.argv[2]))
    assert f":{RECIPE.exposed[0]}/_stcore/health" in words[2]
    assert check.timeout_seconds <= 10


# --------------------------------------------------------------------------- .dockerignore


def test_dockerignore_follows_dockers_rules_not_gits():
    patterns = read_dockerignore("*.pyc\n**/*.log\nbuild\n!build/keep.txt\n/docs/*.md\n")
    assert ignored("a.pyc", patterns)
    assert not ignored("src/a.pyc", patterns)  # unlike .gitignore, * is anchored at the top
    assert ignored("a.log", patterns) and ignored("x/y/a.log", patterns)
    assert ignored("build/out/bin", patterns)  # a folder leaves out everything in it
    assert not ignored("build/keep.txt", patterns)  # the last matching line decides
    assert ignored("docs/a.md", patterns) and not ignored("docs/sub/a.md", patterns)


DOCKERIGNORE = read_dockerignore((ROOT / ".dockerignore").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("path", "left_out"),
    [
        (".venv/bin/python", True),
        (".git/HEAD", True),
        (".gitignore", True),
        ("__pycache__/app.cpython-311.pyc", True),
        ("components/ui/__pycache__/assets.cpython-311.pyc", True),
        (".pytest_cache/README.md", True),
        (".ruff_cache/0.8/x", True),
        (".hypothesis/examples/x", True),
        ("test-artifacts/shot.png", True),
        ("bench-results/run.json", True),
        ("tests/test_app.py", True),
        ("data/review/proposal.json", True),
        ("Dockerfile", True),
        ("app.py", False),
        ("components/ui/served_files.py", False),
        ("pages/map.py", False),
        ("data/countries.geojson", False),
        ("data/sources/a.txt", False),
        ("data/README.md", False),
        (".streamlit/config.toml", False),
        ("pyproject.toml", False),
        ("uv.lock", False),
        ("README.md", False),
        (".python-version", False),
    ],
)
def test_dockerignore_leaves_out_local_files_and_keeps_the_app(path, left_out):
    assert ignored(path, DOCKERIGNORE) is left_out


def test_the_context_holds_every_file_the_app_runs_on():
    context = set(build_context())
    needed = {"app.py", "pyproject.toml", "uv.lock", "README.md", ".streamlit/config.toml"}
    folders = ("components/", "pages/", "data/")
    needed |= {
        name
        for name in git_files()
        if name.startswith(folders) and not name.startswith("data/review/")
    }
    assert needed - context == set()


def test_docker_would_send_nothing_that_git_ignores():
    """What ``docker build .`` sends from this working tree (not only git's files): no venv,
    no caches, no test results."""
    sent = docker_context()
    assert set(sent) - set(git_files()) == set()


# --------------------------------------------------------------------------- the image, replayed


@pytest.fixture(scope="module")
def container(image, tmp_path_factory):
    try:
        with run_container(image, tmp_path_factory.mktemp("container") / "server.log") as running:
            yield running
    except ServerError as error:
        pytest.fail(str(error))


def test_the_build_installs_the_locked_app_without_dev_tools(image):
    assert image.copied[0] == [f"{RECIPE.workdir}/pyproject.toml", f"{RECIPE.workdir}/uv.lock"]
    assert f"{RECIPE.workdir}/components/ui/served_files.py" in image.copied[1]
    assert image.synced == [sync.value for sync in uv_syncs()]
    venv = image.root / ".venv"
    config = (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    assert re.search(rf"^version_info = {re.escape(RECIPE.python_version)}\.", config, re.M)
    assert (venv / "bin" / "streamlit").exists()
    assert (venv / "bin" / "corridor").exists()  # the project itself, from the second sync
    site = next((venv / "lib").glob("python*/site-packages"))
    assert not list(site.glob("pytest*")) and not list(site.glob("playwright*"))
    assert list(site.glob("streamlit/**/__pycache__/*.pyc"))  # UV_COMPILE_BYTECODE


WRITE_PROBE = """
import errno, json, os, sys, tempfile
found = {"uid": os.getuid()}
for folder in sys.argv[1:]:
    try:
        os.close(os.open(os.path.join(folder, "probe"), os.O_CREAT | os.O_WRONLY, 0o600))
        found[folder] = "written"
    except OSError as error:
        found[folder] = errno.errorcode[error.errno]
try:
    tempfile.mkdtemp()
    found["mkdtemp"] = "written"
except OSError as error:
    found["mkdtemp"] = type(error).__name__
print(json.dumps(found))
"""


def test_nothing_is_writable_in_the_container(container: Container):
    uid, _, home = container_user()
    root = str(container.image.root)
    folders = ["/tmp", "/var/tmp", "/dev/shm", root, f"{root}/data", home]
    done = container.exec([f"{root}/.venv/bin/python", "-c", WRITE_PROBE, *folders], timeout=30)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["uid"] == uid != 0
    assert {folder: found[folder] for folder in ("/tmp", "/var/tmp", "/dev/shm")} == dict.fromkeys(
        ("/tmp", "/var/tmp", "/dev/shm"), "EROFS"
    )
    assert found[root] in {"EROFS", "EACCES"}
    assert found[f"{root}/data"] in {"EROFS", "EACCES"}
    assert found[home] in {"EROFS", "EACCES", "ENOENT"}
    assert found["mkdtemp"] == "FileNotFoundError"  # "No usable temporary directory"


def test_the_healthcheck_passes_in_the_running_container(container: Container):
    done = container.healthcheck()
    assert done.returncode == 0, done.stderr


def test_the_healthcheck_fails_when_nothing_answers(container: Container):
    done = container.healthcheck(port=free_port())
    assert done.returncode != 0


def test_the_container_serves_the_app_and_its_health(container: Container):
    with urllib.request.urlopen(f"{container.url}/_stcore/health", timeout=10) as answer:
        assert answer.read() == b"ok"
    with urllib.request.urlopen(f"{container.url}/", timeout=10) as answer:
        assert answer.status == 200
        assert '<div id="root">' in answer.read().decode("utf-8")
    assert container.process.poll() is None
