"""The code passes its own linters: ruff (lint and format) over src/ and training/, mypy over src/.

Run through the venv's tools, with the settings in pyproject.toml, so a
contributor sees the same failures locally as CI does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("target", ["src", "training"])
def test_ruff_finds_nothing_to_lint(target: str) -> None:
    result = run(str(BIN / "ruff"), "check", "--no-cache", target)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("target", ["src", "training"])
def test_code_is_formatted_as_ruff_formats_it(target: str) -> None:
    result = run(str(BIN / "ruff"), "format", "--check", "--no-cache", target)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_type_errors_in_the_package() -> None:
    result = run(str(BIN / "mypy"), "--no-incremental", "--cache-dir", "/dev/null")
    assert result.returncode == 0, result.stdout + result.stderr
