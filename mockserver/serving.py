"""How the command line serves: uvicorn's logging with the mock's own loggers, and a port that is
already taken said in one line before uvicorn starts (uvicorn prints an errno after "startup
complete")."""

from __future__ import annotations

import copy
import errno
import socket
from typing import Any

from uvicorn.config import LOGGING_CONFIG


class PortTaken(RuntimeError):
    """Another process listens on the address and port asked for."""


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def refuse_taken_port(host: str, port: int) -> None:
    """PortTaken when nothing could listen on host:port now; uvicorn binds the same way."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn does: a port left in TIME_WAIT by a mock just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise PortTaken(
                    f"cannot listen on {url_host(host)}:{port}: {error.strerror}"
                ) from None
            raise PortTaken(
                f"port {port} on {host} is in use (another mock still running?): stop it, "
                f"or serve on another port with --port {port + 1} (make mock PORT={port + 1})"
            ) from None


def log_config(quiet: bool) -> dict[str, Any]:
    """uvicorn's own logging, plus the mock's loggers on the same terminal: warnings always,
    the line per request (logger mockserver.requests) unless quiet."""
    config = copy.deepcopy(LOGGING_CONFIG)
    loggers = config["loggers"]
    loggers["mockserver"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    loggers["mockserver.requests"] = {
        "handlers": ["default"],
        "level": "WARNING" if quiet else "INFO",
        "propagate": False,
    }
    return config
