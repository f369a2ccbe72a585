"""The JSON Schema of format v1 (lands with the codec issue)."""

from __future__ import annotations


def schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of the file format."""
    raise NotImplementedError
