"""Development sessions: tests, typing, lint, docs, fuzz and bench.

CI runs ``nox -s tests-3.11 typing lint docs`` (see README's Quick start). Under
``CI`` nox treats a missing interpreter as an error, so CI names the 3.11
sessions explicitly.
"""

from __future__ import annotations

import pathlib
import tempfile

import nox

nox.needs_version = ">=2024.10"
nox.options.default_venv_backend = "virtualenv"
nox.options.sessions = ["tests-3.11", "typing", "lint", "docs"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = ["3.11", "3.12", "3.13", "3.14"]
MAIN_PYTHON = "3.11"
# Pinned so that nothing in the suite depends on the machine's zone.
TEST_ENV = {"TZ": "America/Toronto"}


def _install_wheel(session: nox.Session, *groups: str) -> None:
    """Build the wheel, then install it with the dependency groups.

    Tests run against the installed wheel, never the source tree, so that a
    packaging mistake fails them.
    """
    session.install(
        *(req for group in groups for req in nox.project.dependency_groups(PYPROJECT, group))
    )
    with tempfile.TemporaryDirectory() as tmp:
        session.run("python", "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", tmp, ".")
        (wheel,) = pathlib.Path(tmp).glob("secdialogue-*.whl")
        session.install(str(wheel))


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite (with the docs' and README's examples) under coverage."""
    _install_wheel(session, "tests")
    session.run("coverage", "erase")
    session.run("coverage", "run", "-m", "pytest", *session.posargs, env=TEST_ENV)
    session.run("coverage", "combine")
    session.run("coverage", "report")


@nox.session(python=MAIN_PYTHON)
def typing(session: nox.Session) -> None:
    """Type-check: mypy --strict, pyright strict on tests/typing, and type completeness."""
    _install_wheel(session, "typing")
    session.run("mypy")
    session.run("mypy", "--strict", "tests/typing")
    session.run("pyright")
    session.run("pyright", "--verifytypes", "secdialogue", "--ignoreexternal")


@nox.session(python=MAIN_PYTHON)
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=MAIN_PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation with warnings as errors."""
    _install_wheel(session, "docs")
    session.run(
        "sphinx-build", "-n", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )


@nox.session(python=MAIN_PYTHON)
def fuzz(session: nox.Session) -> None:
    """Feed random bytes and mutated dossiers to loads for a fixed time (default 120 s)."""
    _install_wheel(session, "tests")
    seconds = session.posargs[0] if session.posargs else "120"
    session.run("python", "tests/fuzz_loads.py", "--seconds", seconds, env=TEST_ENV)


@nox.session(python=MAIN_PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmark load, dump, query, import and memory against msgspec and pydantic."""
    _install_wheel(session, "bench")
    session.run("python", "bench/run.py", *session.posargs)
