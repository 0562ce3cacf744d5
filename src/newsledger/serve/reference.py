"""The API reference page's content, read from the app's OpenAPI document (the one source of truth)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass
class Endpoint:
    method: str
    path: str
    summary: str
    parameters: list[Parameter]
    returns: str


@dataclass
class Schema:
    name: str
    description: str
    fields: list[Parameter] = field(default_factory=list)


@dataclass
class Reference:
    title: str
    version: str
    description: str
    endpoints: list[Endpoint]
    schemas: list[Schema]


def reference(openapi: dict[str, Any]) -> Reference:
    """Endpoints with their parameters and what they return, then every schema with its fields."""
    endpoints = [
        _endpoint(method, path, operation)
        for path, methods in openapi.get("paths", {}).items()
        for method, operation in methods.items()
    ]
    schemas = [
        Schema(name, spec.get("description", ""), _fields(spec))
        for name, spec in sorted(openapi.get("components", {}).get("schemas", {}).items())
        if name not in ("HTTPValidationError", "ValidationError")
    ]
    info = openapi.get("info", {})
    return Reference(info.get("title", ""), info.get("version", ""), info.get("description", ""), endpoints, schemas)


def _endpoint(method: str, path: str, operation: dict[str, Any]) -> Endpoint:
    parameters = [
        Parameter(
            p["name"],
            p.get("in", ""),
            type_name(p.get("schema", {})),
            bool(p.get("required")),
            p.get("description") or p.get("schema", {}).get("description", ""),
        )
        for p in operation.get("parameters", [])
    ]
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    return Endpoint(method.upper(), path, operation.get("summary", ""), parameters, type_name(schema))


def _fields(spec: dict[str, Any]) -> list[Parameter]:
    required = set(spec.get("required", []))
    return [
        Parameter(name, "", type_name(prop), name in required, prop.get("description", ""))
        for name, prop in spec.get("properties", {}).items()
    ]


def type_name(schema: dict[str, Any]) -> str:
    """A JSON Schema as a short type: ``Story``, ``list[Claim]``, ``string | null``, ``"json" | "csv"``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(type_name(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(f'"{v}"' for v in schema["enum"])
    if "const" in schema:
        return f'"{schema["const"]}"'
    if schema.get("type") == "array":
        if "prefixItems" in schema:
            return "[" + ", ".join(type_name(s) for s in schema["prefixItems"]) + "]"
        return f"list[{type_name(schema.get('items', {}))}]"
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return f"dict[string, {type_name(schema['additionalProperties'])}]"
    return str(schema.get("type", "any"))
