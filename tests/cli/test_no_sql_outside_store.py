"""The faces speak no SQL: the CLI, the link stage and the exports go through ``Ledger`` and ``Store``.

``newsledger.store`` (and each kind's ``table`` module) is the only place that
knows the tables; a query written in ``cli/``, ``link/`` or ``export.py`` would
tie them to SQLite again. And ``python -m newsledger --help`` lists every command.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.cli import main

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "newsledger"
#: The project's virtualenv, as the README runs it; the running interpreter when there is none.
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").is_file() else sys.executable
FACES = sorted([*(SRC / "cli").glob("*.py"), *(SRC / "link").glob("*.py"), SRC / "export.py"])

#: SQL as it is written in this project: upper-case keywords followed by what they act on.
SQL = re.compile(
    r"\bSELECT\b[\s\S]*?\bFROM\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+(?:OR\s+\w+\s+)?[\w\"]+\s+SET\b|"
    r"\bDELETE\s+FROM\b|\bCREATE\s+(?:VIRTUAL\s+|UNIQUE\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\b|"
    r"\bDROP\s+(?:TABLE|INDEX|VIEW|TRIGGER)\b|\bALTER\s+TABLE\b|\bPRAGMA\s+\w+|\bWHERE\s+\w+(?:\.\w+)?\s*(?:=|IN\b|LIKE\b)")
#: What running SQL takes, whatever the query looks like.
DB_CALLS = frozenset({"execute", "executemany", "executescript", "cursor", "connect"})


def strings_of(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal, f-strings' literal parts included, with its line."""
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def sql_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = [f"{path.name}:{line}: {text[:60]!r}" for line, text in strings_of(tree) if SQL.search(text)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DB_CALLS:
            found.append(f"{path.name}:{node.lineno}: .{node.func.attr}(...)")
        if isinstance(node, ast.Import) and any(a.name == "sqlite3" for a in node.names):
            found.append(f"{path.name}:{node.lineno}: import sqlite3")
        if isinstance(node, ast.ImportFrom) and node.module == "sqlite3":
            found.append(f"{path.name}:{node.lineno}: from sqlite3 import")
    return found


# -- the detector finds what it is meant to find ---------------------------------------------------------


@pytest.mark.parametrize("code", [
    'rows = conn.execute("SELECT id FROM articles WHERE id = ?", (x,))',
    'q = f"SELECT term, df FROM link_df WHERE term IN ({marks})"',
    'q = ("SELECT a.id, i.source "\n     "FROM articles a JOIN items i ON i.id = a.item_id")',
    'q = "INSERT OR IGNORE INTO stories (id) VALUES (?)"',
    "q = 'UPDATE identities SET name = ? WHERE id = ?'",
    'q = "DELETE FROM identity_keys WHERE identity_id = ?"',
    'q = "CREATE TABLE IF NOT EXISTS x (a TEXT)"',
    'q = "PRAGMA table_info(stories)"',
    "import sqlite3",
    "store.conn.cursor()",
])
def test_the_detector_finds_sql(tmp_path: Path, code: str) -> None:
    source = tmp_path / "face.py"
    source.write_text(code + "\n", encoding="utf-8")
    assert sql_in(source), code


def test_the_detector_finds_the_store_s_own_queries() -> None:
    """Where SQL belongs, it is found: the link tables' module and the store."""
    assert len(sql_in(SRC / "store" / "links.py")) >= 30
    assert any("SELECT" in hit or "INSERT" in hit for hit in sql_in(SRC / "store" / "__init__.py"))


@pytest.mark.parametrize("code", [
    '"""Select the story; insert it into the ledger; update the aliases; delete nothing."""',
    'help = "Only counts whose place, sentence or article\'s places mention TEXT."',
    'click.echo(f"wrote {count} row(s) to {output}", err=True)',
    'fail("no such database (newsledger ingest creates it)")',
    'notes = "deaths reported without a number [FROM the first report]"',
])
def test_the_detector_leaves_prose_alone(tmp_path: Path, code: str) -> None:
    source = tmp_path / "face.py"
    source.write_text(code + "\n", encoding="utf-8")
    assert sql_in(source) == []


# -- the faces ---------------------------------------------------------------------------------------------


def test_the_faces_are_where_they_are_expected() -> None:
    names = {str(p.relative_to(SRC)) for p in FACES}
    assert {"export.py", "cli/app.py", "cli/facts.py", "cli/stories.py", "link/__init__.py", "link/compare.py",
            "link/events.py", "link/stories.py", "link/identities.py", "link/features.py"} <= names


@pytest.mark.parametrize("path", FACES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_sql_outside_the_store(path: Path) -> None:
    assert sql_in(path) == []


# -- every command is reachable ----------------------------------------------------------------------------

COMMANDS = ["articles", "bench", "claims", "counts", "entity", "eval", "export", "ingest", "metadata", "schema",
            "search", "serve", "show", "stories", "story", "timeline"]


def test_every_command_is_registered_on_main() -> None:
    assert sorted(main.commands) == COMMANDS


@pytest.mark.parametrize("module", ["newsledger", "newsledger.cli"])
def test_python_m_newsledger_help_lists_every_command(module: str, tmp_path: Path) -> None:
    proc = subprocess.run([PYTHON, "-m", module, "--help"], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith("Usage: newsledger ")
    listed = [line.split()[0] for line in proc.stdout.split("Commands:", 1)[1].splitlines() if line.strip()]
    assert listed == sorted(main.commands) == COMMANDS
