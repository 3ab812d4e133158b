"""Every import of Connexion in the kit is in this folder: the app stack over the contract, the
lean validation and Swagger UI layers, the validators and Connexion's problem handlers.

The lean layers subclass parts of Connexion 3.3 (its operations' URI parser class, the Swagger
UI mount), so the mock refuses to start on another minor version rather than misbehave.
"""

from __future__ import annotations

from importlib.metadata import version

WRITTEN_FOR = "3.3"


class UnsupportedConnexion(RuntimeError):
    """The installed Connexion is not the minor version the lean layers were written for."""


def require_supported_connexion(installed: str | None = None) -> None:
    installed = installed or version("connexion")
    if installed.split(".")[:2] != WRITTEN_FOR.split("."):
        raise UnsupportedConnexion(
            f"connexion {installed} is installed, but the mock's Connexion layers were written "
            f"for {WRITTEN_FOR}.x: install it with pip install 'connexion[swagger-ui,uvicorn]"
            f"=={WRITTEN_FOR}.*'"
        )
