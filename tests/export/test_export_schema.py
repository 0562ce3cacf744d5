"""The export contract: ``newsledger schema`` prints a closed JSON Schema that every JSONL line validates against.

The schema is generated from ``newsledger.records.Article``; the seed's export
(and, when ``../shared`` is there, the export of the first GVA articles) must
validate against it, every line must carry ``schema_version``, and a line with
a field the schema does not know must not validate.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import SHARED, export_records, run_cli
from newsledger.export import write_jsonl
from newsledger.ledger import Ledger
from newsledger.records import EXPORT_SCHEMA_VERSION, Article, export_json_schema

GVA_ARTICLES = SHARED / "eval" / "gva-dev" / "articles.jsonl"
#: gva-dev holds 1,963 JSONL lines; ingesting them all takes about three minutes on one core.
GVA_LINES = 1963


@pytest.fixture(scope="module")
def schema(runner_module: CliRunner) -> dict[str, Any]:
    """The schema as ``newsledger schema`` prints it."""
    result = run_cli(runner_module, "schema")
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def runner_module() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]):
    return jsonschema.Draft202012Validator(schema)


def errors_of(validator, line: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(line)]


# -- the schema itself -----------------------------------------------------------------------------------


def test_schema_command_prints_the_export_json_schema(schema: dict[str, Any]) -> None:
    assert schema == export_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"article-{EXPORT_SCHEMA_VERSION}.json")
    jsonschema.Draft202012Validator.check_schema(schema)  # a valid schema of its draft
    assert schema["type"] == "object"
    assert schema["properties"]["schema_version"]["default"] == EXPORT_SCHEMA_VERSION
    assert set(schema["properties"]) == set(Article.model_fields)


def test_schema_is_closed_at_every_level(schema: dict[str, Any]) -> None:
    """Every object of the contract refuses fields it does not list."""
    objects = {"Article": schema} | {name: d for name, d in schema["$defs"].items() if d.get("type") == "object"}
    assert {name for name, d in objects.items() if d.get("additionalProperties") is not False} == set()
    assert {"Claim", "Count", "Entity", "Span", "WhenSpan", "Timex", "Casualty", "Money"} <= set(objects)


def test_the_schema_requires_what_every_line_carries(schema: dict[str, Any]) -> None:
    assert {"schema_version", "entities", "times", "claims", "counts", "casualties", "money", "story",
            "copy_of"} <= set(schema["required"])


# -- the seed --------------------------------------------------------------------------------------------


def test_seed_export_validates(validator, seed_records: list[dict]) -> None:
    assert len(seed_records) == 5
    for record in seed_records:
        assert errors_of(validator, record) == [], record["id"]


def test_seed_export_from_the_cli_validates_and_every_line_has_the_schema_version(
        validator, runner_module: CliRunner, seed_db: Path) -> None:
    records = export_records(runner_module, seed_db)
    assert len(records) == 5
    for record in records:
        assert record["schema_version"] == EXPORT_SCHEMA_VERSION
        assert errors_of(validator, record) == []


def test_an_unknown_field_fails_validation(validator, seed_records: list[dict]) -> None:
    """The schema is closed: a field it does not describe, at the top or inside a fact, is an error."""
    record = next(r for r in seed_records if r["claims"] and r["counts"] and r["entities"])
    assert errors_of(validator, record) == []

    top = {**record, "sentiment": "negative"}
    assert any("sentiment" in e for e in errors_of(validator, top))

    for path in (("claims", 0), ("counts", 0), ("entities", 0), ("entities", 0, "mentions", 0), ("kicker",)):
        nested = copy.deepcopy(record)
        target: Any = nested
        for key in path:
            target = target[key]
        if target is None:  # the first article has no kicker
            continue
        target["sentiment"] = "negative"
        assert any("sentiment" in e for e in errors_of(validator, nested)), path


def test_a_missing_required_field_or_a_wrong_enum_fails_validation(validator, seed_records: list[dict]) -> None:
    record = next(r for r in seed_records if r["counts"])
    without_id = {k: v for k, v in record.items() if k != "id"}
    assert any("'id' is a required property" in e for e in errors_of(validator, without_id))
    wrong = copy.deepcopy(record)
    wrong["counts"][0]["category"] = "exploded"
    assert any(e.startswith("counts/0/category") for e in errors_of(validator, wrong))


# -- descriptions -----------------------------------------------------------------------------------------


def _undescribed(properties: dict[str, Any]) -> list[str]:
    return sorted(name for name, spec in properties.items() if not spec.get("description"))


def _described_by_its_type(spec: dict[str, Any], defs: dict[str, Any]) -> bool:
    """A property without a description of its own is still explained when its type is a described record
    or enum of the contract (a ``Span``, a ``Claim``, a list of them, or null)."""
    refs = [spec.get("$ref")] + [s.get("$ref") for s in spec.get("anyOf", [])] + \
        [spec.get("items", {}).get("$ref")] + [s.get("items", {}).get("$ref") for s in spec.get("anyOf", [])]
    names = [r.rsplit("/", 1)[1] for r in refs if r]
    return bool(names) and all(defs[n].get("description") for n in names)


def test_every_record_and_enum_of_the_contract_has_a_description(schema: dict[str, Any]) -> None:
    assert schema["description"]
    assert sorted(name for name, d in schema["$defs"].items() if not d.get("description")) == []


def test_every_article_field_has_a_description(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    missing = [name for name in _undescribed(schema["properties"])
               if not _described_by_its_type(schema["properties"][name], defs)]
    assert missing == []


def test_every_property_of_the_contract_has_a_description(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    missing = []
    for name, properties in [("Article", schema["properties"])] + [
            (n, d.get("properties", {})) for n, d in defs.items()]:
        missing += [f"{name}.{p}" for p in _undescribed(properties)
                    if not _described_by_its_type(properties[p], defs)]
    assert missing == []


# -- GVA (../shared/eval/gva-dev) ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gva_records(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    if not GVA_ARTICLES.is_file():
        pytest.skip(f"no {GVA_ARTICLES}")
    folder = tmp_path_factory.mktemp("gva")
    out = io.StringIO()
    with Ledger(folder / "gva.db") as ledger:
        report = ledger.ingest([str(GVA_ARTICLES)])
        assert report.errors == [], report.errors[:3]
        assert report.items == GVA_LINES
        written = write_jsonl(ledger, out)
    lines = out.getvalue().split("\n")[:-1]  # not splitlines(): texts may hold U+2028
    assert written == len(lines)
    return [json.loads(line) for line in lines]


@pytest.mark.slow
def test_gva_export_validates_and_every_line_has_the_schema_version(validator, gva_records: list[dict]) -> None:
    assert len(gva_records) == GVA_LINES  # a JSONL line is one article
    assert {r["schema_version"] for r in gva_records} == {EXPORT_SCHEMA_VERSION}
    invalid = {r["id"]: errors_of(validator, r)[:3] for r in gva_records if errors_of(validator, r)}
    assert invalid == {}
    assert sum(len(r["counts"]) for r in gva_records) > 0  # shootings: the facts are there to validate
