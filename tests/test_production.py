"""Production settings pass Django's deploy checks, and `frontline serve` refuses the demo secret key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL_KEY = "k" * 20 + "-Pq9#zR2$wX7!mN4^vB8&cL1*hJ6@fD3"


def _frontline(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("FRONTLINE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "frontline.cli", *arguments],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _frontline(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"FRONTLINE_ENV": "production", "FRONTLINE_SECRET_KEY": REAL_KEY, "FRONTLINE_HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("key", [None, "frontline-demo-key-not-secret-do-not-use-in-production-0123456789"])
def test_serve_refuses_to_start_without_a_real_secret_key(tmp_path, key):
    env = {"FRONTLINE_HOME": str(tmp_path)}
    if key:
        env["FRONTLINE_SECRET_KEY"] = key
    result = _frontline("serve", "--check-only", env=env)
    assert result.returncode != 0
    assert "FRONTLINE_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_starts_its_checks_with_a_real_key(tmp_path):
    result = _frontline(
        "serve", "--check-only", env={"FRONTLINE_SECRET_KEY": REAL_KEY, "FRONTLINE_HOME": str(tmp_path)}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Start-up checks passed" in result.stdout


def test_production_turns_debug_off_and_cookies_secure(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = _frontline(
        "shell",
        "-c",
        script,
        env={"FRONTLINE_ENV": "production", "FRONTLINE_SECRET_KEY": REAL_KEY, "FRONTLINE_HOME": str(tmp_path)},
    )
    assert result.stdout.strip().splitlines()[-1] == "False True True True", result.stderr
