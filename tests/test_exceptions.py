"""Tests of secdialogue.exceptions: the error hierarchy and Problem records."""

from __future__ import annotations

import pickle

import attrs
import pytest

from secdialogue import (
    IntegrityError,
    LoadError,
    NotFoundError,
    Problem,
    SecDialogueError,
    ValidationError,
)
from secdialogue import exceptions as public

SPEAKER = Problem(
    path="$.statements[3].speaker",
    code="unknown-reference",
    message="no actor has the id 'ryabukov' (did you mean 'ryabkov'?): add it, or fix the id",
)
ZONE = Problem(path="$.when", code="invalid-zone", message="'Europe/Geneva' is not a zone")


class TestProblem:
    def test_str(self):
        """A problem reads as path, message and code."""
        expected = "$.when: 'Europe/Geneva' is not a zone [invalid-zone]"
        assert expected == str(ZONE)

    def test_frozen(self):
        """A problem is an immutable record."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            ZONE.code = "other"  # type: ignore[misc]

    def test_equality(self):
        """Problems with equal fields are equal and hash alike."""
        again = Problem(path=ZONE.path, code=ZONE.code, message=ZONE.message)
        assert (ZONE, hash(ZONE)) == (again, hash(again))


class TestHierarchy:
    @pytest.mark.parametrize(
        ("error", "bases"),
        [
            (ValidationError, (SecDialogueError, ValueError)),
            (IntegrityError, (ValidationError, SecDialogueError, ValueError)),
            (LoadError, (ValidationError, SecDialogueError, ValueError)),
            (NotFoundError, (SecDialogueError, KeyError, LookupError)),
        ],
    )
    def test_builtin_bases(self, error, bases):
        """Each error is a SecDialogueError and the builtin that fits it."""
        assert all(issubclass(error, base) for base in bases)

    def test_not_found_is_not_a_value_error(self):
        """A missing id is a KeyError, not a ValueError."""
        assert not issubclass(NotFoundError, ValueError)

    def test_caught_by_existing_clauses(self):
        """An `except KeyError` clause catches a NotFoundError."""
        with pytest.raises(KeyError):
            raise NotFoundError([ZONE])

    def test_public_module_names(self):
        """The exceptions module exports the errors and Problem, sorted."""
        expected = [
            "IntegrityError",
            "LoadError",
            "NotFoundError",
            "Problem",
            "SecDialogueError",
            "ValidationError",
        ]
        assert expected == public.__all__


class TestMessages:
    def test_one_problem(self):
        """With one problem the message is that problem."""
        assert str(SPEAKER) == str(ValidationError([SPEAKER]))

    def test_many_problems(self):
        """With several problems the message counts them and lists each on its own line."""
        expected = f"2 problems:\n  {SPEAKER}\n  {ZONE}"
        assert expected == str(IntegrityError([SPEAKER, ZONE]))

    def test_key_error_reads_as_text(self):
        """A NotFoundError prints plain text, not a quoted repr as KeyError would."""
        assert str(ZONE) == str(NotFoundError([ZONE]))

    def test_problems_kept_in_order(self):
        """The error carries its problems as a tuple, in the order given."""
        error = IntegrityError(iter([ZONE, SPEAKER]))
        assert (ZONE, SPEAKER) == error.problems

    @pytest.mark.parametrize("error", [ValidationError, IntegrityError, LoadError, NotFoundError])
    def test_pickle(self, error):
        """An error survives pickling with its type, problems and message."""
        original = error([SPEAKER, ZONE])
        again = pickle.loads(pickle.dumps(original))  # noqa: S301 -- our own data
        assert (error, original.problems, str(original)) == (
            type(again),
            again.problems,
            str(again),
        )
