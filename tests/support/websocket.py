"""Talk to a running app over Streamlit's own websocket, as its frontend does.

Used by the benchmark (``tests/bench/run.py``) and the load script (``tests/load/sessions.py``):
open a session, ask for a run of the script with a query string, and read what comes back until
the run ends.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

from components.ui.errors import FRIENDLY_ERROR

MAP_COMPONENT = "st_folium"
"""A part of the map component's name (streamlit-folium registers it under its module path)."""


@dataclass(frozen=True)
class ScriptRun:
    """One run of the app's script, as the session saw it.

    Attributes
    ----------
    seconds : float
        From asking for the run to its end.
    error : str or None
        The first exception, or the app's friendly error message, the run showed; or how the run
        ended if it did not finish (``None`` when it finished cleanly).
    map_args : tuple of str
        The JSON arguments of every map component the run sent (the Leaflet script with its
        GeoJSON), in the order they came.
    """

    seconds: float
    error: str | None
    map_args: tuple[str, ...]


@contextmanager
def open_session(url: str, open_timeout: float = 30) -> Iterator[ClientConnection]:
    """A new browser-less session of the app at ``url`` (``http://host:port``)."""
    address = urlparse(url)
    with connect(
        f"ws://{address.netloc}/_stcore/stream",
        subprotocols=["streamlit"],
        open_timeout=open_timeout,
        max_size=None,  # the map's arguments grow with the data
    ) as ws:
        yield ws


def run_script(ws: ClientConnection, query: str, deadline: float) -> ScriptRun:
    """Ask for a run with ``query`` as the page's query string and wait until it ends.

    Parameters
    ----------
    ws : ClientConnection
        A session from :func:`open_session`.
    query : str
        The query string without ``?``, e.g. ``"country=GE"``; ``""`` for none.
    deadline : float
        A ``time.monotonic()`` value; receiving raises ``TimeoutError`` after it.
    """
    message = BackMsg()
    message.rerun_script.query_string = query
    start = time.perf_counter()
    ws.send(message.SerializeToString())
    error, map_args = None, []
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            error = error or _element_error(element)
            if element.WhichOneof("type") == "component_instance" and (
                MAP_COMPONENT in element.component_instance.component_name
            ):
                map_args.append(element.component_instance.json_args)
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
            if status == "FINISHED_EARLY_FOR_RERUN":
                continue
            if status != "FINISHED_SUCCESSFULLY":
                error = error or status
            return ScriptRun(time.perf_counter() - start, error, tuple(map_args))


def _element_error(element) -> str | None:
    """An exception, or the app's friendly error message, shown by one element."""
    kind = element.WhichOneof("type")
    if kind == "exception":
        return element.exception.message or "exception"
    if kind == "alert" and FRIENDLY_ERROR in element.alert.body:
        return element.alert.body
    return None
