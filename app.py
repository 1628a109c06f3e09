"""MedAssist R1: compose the backend and the UI, then serve. Also the Hugging Face Space entry point."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from backend.auth import Authenticator, AuthError, load_users, require_auth_if_exposed
from backend.config import Settings, SettingsError, load_settings
from backend.engines.llama_server import find_llama_server, install_termination_handlers
from backend.factory import build_service
from backend.models import ModelNotAvailable
from backend.types import BackendUnavailable
from ui.layout import CSS, build_app

log = logging.getLogger("medassist")
BUILD_SCRIPT = Path(__file__).resolve().parent / "scripts" / "build_llama_server.sh"


def build_engine_on_a_space(settings: Settings) -> None:
    """A Space installs requirements.txt but runs no setup script: there, build llama-server at the first start
    (minutes, with cmake and g++ from packages.txt); it is cached for later starts. Elsewhere setup.sh builds it."""
    if settings.engine != "embedded" or not settings.space_id:
        return
    try:
        find_llama_server()
    except BackendUnavailable:
        log.info("building llama-server for this Space (first start only: several minutes)…")
        if subprocess.run(["bash", str(BUILD_SCRIPT)], check=False).returncode != 0:
            raise BackendUnavailable(f"building llama-server failed; see the log above ({BUILD_SCRIPT})") from None


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpx2", "httpcore"):  # one line per health probe and token stream otherwise
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        settings = load_settings()
        users = load_users(settings.auth_file, settings.users)
        require_auth_if_exposed(settings.host, users, settings.allow_unauthenticated or settings.demo_active)
        build_engine_on_a_space(settings)
        service = build_service(settings)
        # A container stop, a Space restart or systemd sends SIGTERM: stop the engine process with the app.
        install_termination_handlers(service.close)
        log.info("starting the engine (%s)…", service.health().model)
        service.start()
    except (SettingsError, AuthError, ModelNotAvailable, BackendUnavailable) as exc:
        print(f"medassist: cannot start: {exc}", file=sys.stderr)
        return 2
    demo = build_app(service, concurrency=settings.parallel)
    demo.queue(max_size=settings.queue_size)
    try:
        demo.launch(
            server_name=settings.host,
            server_port=settings.port,
            css=CSS,
            show_error=False,
            footer_links=["api"],
            auth=Authenticator(users) if users else None,
            auth_message="MedAssist R1: sign in with your clinician account.",
        )
    finally:
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
