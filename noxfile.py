"""Development sessions: tests, typing, lint, docs, fuzz, bench, scale, spark and release.

CI runs ``nox -s tests-3.11 typing lint docs`` (see README's Quick start). A
session whose Python is missing fails, here as under ``CI``: nox would
otherwise skip it and exit 0, and a run that tested nothing would pass.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import tarfile
import tempfile

import nox

nox.needs_version = ">=2024.10"
nox.options.default_venv_backend = "virtualenv"
nox.options.error_on_missing_interpreters = True
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
    """Run the test suite (with the docs' and README's examples) under coverage.

    The docs group is installed too, so that the tests that build pages with
    Sphinx run instead of being skipped.
    """
    _install_wheel(session, "tests", "docs")
    session.run("coverage", "erase")
    session.run("coverage", "run", "-m", "pytest", *session.posargs, env=TEST_ENV)
    session.run("coverage", "combine")
    session.run("coverage", "report")


@nox.session(python=MAIN_PYTHON)
def typing(session: nox.Session) -> None:
    """Type-check: mypy --strict, pyright (tests/typing strictly), type completeness."""
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


@nox.session(python=MAIN_PYTHON)
def scale(session: nox.Session) -> None:
    """JSON Lines to Parquet at a million statements, and DuckDB's answers at ten million."""
    _install_wheel(session, "bench")
    session.run("python", "bench/scale.py", *session.posargs)


@nox.session(python=MAIN_PYTHON)
def spark(session: nox.Session) -> None:
    """The canonical questions on Spark SQL, in local mode: the query API's answers (not in CI).

    pyspark starts a JVM: it needs a Java runtime, 17 or newer, which this
    session looks for first. On Debian or Ubuntu, `apt-get install -y
    openjdk-17-jre-headless` installs one; elsewhere, any JDK 17+ with `java` on
    the PATH or JAVA_HOME set.
    """
    home = os.environ.get("JAVA_HOME")
    java = shutil.which("java", path=str(pathlib.Path(home) / "bin") if home else None)
    if java is None:
        session.error(
            "Spark needs a Java runtime, 17 or newer, and none was found (no `java` on the"
            " PATH, nor in JAVA_HOME). Install one, e.g. on Debian or Ubuntu:"
            " apt-get install -y openjdk-17-jre-headless"
        )
    session.run(java, "-version", external=True)
    _install_wheel(session, "tests")
    session.install("pyspark>=4.3")  # 4.3.0 is the release this was run on
    session.run("pytest", "tests/engines/spark_parity.py", *session.posargs, env=TEST_ENV)


@nox.session(python=MAIN_PYTHON)
def release(session: nox.Session) -> None:
    """Build the sdist and wheel into dist/, check them, and run the wheel alone.

    twine checks both strictly (metadata, and the README as PyPI renders it);
    the sdist must hold every tracked file its include list names, and nothing
    else; the wheel, installed by itself in a fresh venv (runtime dependencies
    only), must run ``secdialogue timeline`` on the built-in dossier.
    """
    session.install(*nox.project.dependency_groups(PYPROJECT, "release"))
    dist = pathlib.Path("dist")
    shutil.rmtree(dist, ignore_errors=True)
    # Without options, build makes the sdist, then the wheel from the sdist:
    # a file the wheel needs but the sdist lacks fails here.
    session.run("python", "-m", "build", "--outdir", str(dist))
    (sdist,) = dist.glob("secdialogue-*.tar.gz")
    (wheel,) = dist.glob("secdialogue-*.whl")
    session.run("twine", "check", "--strict", str(sdist), str(wheel))
    _check_sdist(session, sdist)
    with tempfile.TemporaryDirectory() as tmp:
        venv = pathlib.Path(tmp) / "venv"
        session.run("python", "-m", "venv", str(venv))
        scripts = venv / ("Scripts" if os.name == "nt" else "bin")
        python = str(scripts / "python")
        session.run(python, "-m", "pip", "install", "--quiet", str(wheel), external=True)
        session.run(python, "-m", "pip", "check", external=True)
        # Away from the checkout, so that nothing but the installed wheel is found.
        with session.chdir(tmp):
            session.run(str(scripts / "secdialogue"), "timeline", external=True)


def _check_sdist(session: nox.Session, sdist: pathlib.Path) -> None:
    """Fail unless the sdist holds exactly the tracked files its include list claims."""
    include = PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    tracked = session.run("git", "ls-files", "--", *include, external=True, silent=True)
    if not isinstance(tracked, str) or not tracked.strip():
        session.error("the sdist check needs a git checkout: git ls-files listed nothing")
    # hatchling adds these three to any sdist.
    expected = set(tracked.splitlines()) | {"PKG-INFO", "pyproject.toml", ".gitignore"}
    with tarfile.open(sdist) as archive:
        members = {
            member.name.split("/", 1)[1] for member in archive.getmembers() if member.isfile()
        }
    missing, extra = sorted(expected - members), sorted(members - expected)
    if missing:
        session.error(f"the sdist lacks tracked files it claims: {missing}")
    if extra:
        session.error(f"the sdist has files git does not track: {extra}")
    tests = sum(name.startswith("tests/test_") for name in members)
    docs = sum(name.startswith("docs/") and name.endswith(".md") for name in members)
    session.log(f"{sdist.name}: {len(members)} files, {tests} test modules, {docs} docs pages")
