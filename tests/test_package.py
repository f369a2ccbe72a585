"""Tests of the package as users get it: public names, typing marker, version, import cost."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import secdialogue

# The names the issue promises, importable from `secdialogue`.
PROMISED = (
    "Actor",
    "ActorKind",
    "Demand",
    "Dossier",
    "Meeting",
    "MeetingStatus",
    "Place",
    "Position",
    "SecDialogueError",
    "Source",
    "Stance",
    "Statement",
    "When",
)

# Modules that `import secdialogue` must not load: they are for the CLI,
# the schema, the exports, reading and writing, and load on first use.
HEAVY = (
    "pyarrow",
    "duckdb",
    "secdialogue.arrow",
    "secdialogue._tables._arrow",
    "secdialogue._tables._layout",
    "secdialogue._format._schema",
    "secdialogue._format._fast",
    "secdialogue._format._read",
    "secdialogue._format._write",
    "secdialogue._format._wire",
    "secdialogue._files",
    "msgspec",
    "secdialogue._cli",
    "secdialogue._export",
    "secdialogue.examples",
    "argparse",
    "jsonschema",
    "icalendar",
    "anyascii",
)


class TestPublicNames:
    @pytest.mark.parametrize("name", PROMISED)
    def test_promised_names_import(self, name):
        """Every promised name is exported and importable from the package."""
        assert name in secdialogue.__all__
        exec(f"from secdialogue import {name}", {})  # noqa: S102 -- fixed names

    def test_all_sorted_and_unique(self):
        """__all__ is sorted and lists each name once."""
        assert sorted(set(secdialogue.__all__)) == secdialogue.__all__

    def test_all_public(self):
        """__all__ exports no private name, and every listed name exists."""
        assert [] == [n for n in secdialogue.__all__ if n.startswith("_")]
        assert [] == [n for n in secdialogue.__all__ if not hasattr(secdialogue, n)]

    def test_all_complete(self):
        """Every public, non-module name the package defines is in __all__."""
        defined = {
            name
            for name, value in vars(secdialogue).items()
            if not name.startswith("_")
            and not isinstance(value, types.ModuleType)
            and name != "annotations"  # from `from __future__ import annotations`
        }
        assert set() == defined - set(secdialogue.__all__)

    @pytest.mark.parametrize("name", secdialogue.__all__)
    def test_exported_names_are_documented(self, name):
        """Every exported class and function is defined in secdialogue, with a docstring."""
        value = getattr(secdialogue, name)
        if isinstance(value, type | types.FunctionType):
            # A class's own docstring, not one inherited from a base.
            doc = vars(value).get("__doc__") if isinstance(value, type) else value.__doc__
            assert ("secdialogue", True) == (
                value.__module__.split(".")[0],
                bool((doc or "").strip()),
            )
        else:  # a type alias such as Entity
            assert isinstance(value, types.UnionType)

    def test_every_error_is_a_secdialogue_error(self):
        """Each exported exception derives from SecDialogueError."""
        errors = [
            value
            for value in (getattr(secdialogue, n) for n in secdialogue.__all__)
            if isinstance(value, type) and issubclass(value, BaseException)
        ]
        assert [] == [e for e in errors if not issubclass(e, secdialogue.SecDialogueError)]


class TestDistribution:
    def test_py_typed_shipped(self):
        """The typing marker sits in the package, and in the installed file list of a wheel."""
        assert importlib.resources.files("secdialogue").joinpath("py.typed").is_file()
        files = [str(f) for f in importlib.metadata.files("secdialogue") or []]
        if "secdialogue/__init__.py" in files:  # installed from a wheel, not editable
            assert "secdialogue/py.typed" in files

    def test_typed_classifier(self):
        """The metadata says the package is typed."""
        classifiers = importlib.metadata.metadata("secdialogue").get_all("Classifier") or []
        assert "Typing :: Typed" in classifiers

    def test_runtime_dependencies(self):
        """The package depends on anyascii, attrs, cattrs, msgspec and pendulum only."""
        requires = importlib.metadata.requires("secdialogue") or []
        runtime = {
            r.split(";")[0].split(">")[0].split("=")[0].strip()
            for r in requires
            if "extra" not in r
        }
        assert {"anyascii", "attrs", "cattrs", "msgspec", "pendulum"} == runtime

    def test_version(self):
        """__version__ is the installed distribution's version."""
        assert importlib.metadata.version("secdialogue") == secdialogue.__version__

    def test_unknown_attribute(self):
        """Asking the package for a name it lacks raises AttributeError naming it."""
        with pytest.raises(AttributeError, match="no attribute 'Summit'"):
            _ = secdialogue.Summit  # type: ignore[attr-defined]


class TestImportCost:
    def test_import_stays_light(self):
        """`import secdialogue` in a fresh interpreter loads no CLI, schema or export code."""
        code = "import json, sys, secdialogue; print(json.dumps(sorted(sys.modules)))"
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        result = subprocess.run(  # noqa: S603 -- our own interpreter and code
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=Path(__file__).parent,
        )
        loaded = set(json.loads(result.stdout))
        assert "secdialogue" in loaded
        assert [] == sorted(loaded & set(HEAVY))
