"""The JSON codec (format v1): converter, dumps/loads, dump/load.

Placeholder signatures for the codec issue; the bodies land with it.
"""

from __future__ import annotations

import os
from typing import TypeVar, overload

import cattrs

from secdialogue._dossier import Dossier, Entity

__all__ = ["dump", "dumps", "load", "loads", "make_converter"]

_T = TypeVar("_T", bound=Entity | Dossier)


def make_converter() -> cattrs.Converter:
    """A new cattrs converter configured for every secdialogue type."""
    raise NotImplementedError


def dumps(value: Entity | Dossier) -> str:
    """Encode a value as canonical JSON text."""
    raise NotImplementedError


@overload
def loads(data: str | bytes) -> Dossier: ...
@overload
def loads(data: str | bytes, type: type[_T]) -> _T: ...  # noqa: A002
def loads(data: str | bytes, type: type[_T] | type[Dossier] = Dossier) -> _T | Dossier:  # noqa: A002
    """Decode JSON text into a value of ``type`` (a Dossier by default)."""
    raise NotImplementedError


def dump(value: Entity | Dossier, path: str | os.PathLike[str]) -> None:
    """Write a value to ``path`` as canonical JSON, atomically."""
    raise NotImplementedError


@overload
def load(path: str | os.PathLike[str]) -> Dossier: ...
@overload
def load(path: str | os.PathLike[str], type: type[_T]) -> _T: ...  # noqa: A002
def load(path: str | os.PathLike[str], type: type[_T] | type[Dossier] = Dossier) -> _T | Dossier:  # noqa: A002
    """Read a value of ``type`` (a Dossier by default) from a JSON file."""
    raise NotImplementedError
