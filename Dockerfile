# Corridor Atlas as a container image.
#
#   docker build -t corridor-atlas .
#   docker run --rm --read-only -p 8501:8501 corridor-atlas
#
# Laid out as uv's Docker guide recommends (dependencies in a layer of their own, bytecode compiled,
# a cache mount for uv) and as Streamlit's deployment guide does (port 8501, a health check on
# /_stcore/health). The app writes nothing at run time, so the container runs with --read-only and
# needs no tmpfs. tests/test_dockerfile.py replays these steps without Docker.
FROM python:3.11-slim

# uv from PyPI, pinned. uv's guide also offers `COPY --from=ghcr.io/astral-sh/uv:<version>`: it is
# the same binary, but PyPI is the registry every build host of this project already reaches (CI
# installs uv from PyPI too), while ghcr.io may be closed to it.
RUN pip install --no-cache-dir uv==0.13.9

# Compile the dependencies' bytecode at build time (the image is read-only at run time); copy
# packages out of the cache mount rather than hard-link across file systems; use the base image's
# Python and never download one.
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

WORKDIR /app

# Dependencies first: this layer is rebuilt only when pyproject.toml or uv.lock change.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-install-project

# Then the app (.dockerignore keeps out the local venv, git, caches and the tests).
COPY . .
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev

# A system user with no home; /app stays owned by root, so the app cannot change its own code or
# data even without --read-only. A numeric USER lets Kubernetes' runAsNonRoot verify it.
RUN groupadd --system --gid 10001 corridor \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin corridor
USER 10001:10001

ENV PATH="/app/.venv/bin:$PATH"

EXPOSE 8501

# The slim image has no curl: the venv's Python asks the health endpoint (exit 1 unless "ok").
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"

# The venv's streamlit, not `uv run`: uv would want a writable cache and could re-sync at start.
CMD ["/app/.venv/bin/streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true"]
