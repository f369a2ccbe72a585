"""Tests of secdialogue.exceptions: the error hierarchy, the codes and Problem records."""

from __future__ import annotations

import pickle
import re
import typing
import unicodedata

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from secdialogue import (
    IntegrityError,
    LoadError,
    NotFoundError,
    Problem,
    SecDialogueError,
    ValidationError,
)
from secdialogue import exceptions as public
from secdialogue.exceptions import (
    CODES,
    MAX_LISTED_PROBLEMS,
    MAX_MESSAGE_LENGTH,
    MAX_PATH_LENGTH,
    Code,
)

SPEAKER = Problem(
    path="$.statements[3].speaker",
    code="unknown-reference",
    message="no actor has the id 'ryabukov' (did you mean 'ryabkov'?): add it, or fix the id",
)
ZONE = Problem(path="$.when", code="invalid-zone", message="'Europe/Geneva' is not a zone")

# What the brief for bounded problems calls unsafe, written out apart from the code
# under test: controls (Cc), lone surrogates (Cs), bidi controls and separators.
BIDI_AND_SEPARATORS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
)
# Each group's edges, and the characters just outside them.
UNSAFE_EDGES = "\x00\t\n\r\x1b\x1f\x7f\x80\x85\x9b\x9f\u061c\u200e\u200f\u2028\u202e\u2066\u2069"
SAFE_NEIGHBOURS = " ~\xa0\u061b\u061d\u200d\u2010\u2027\u202f\u2065\u206a\ud7ff\ue000\ufeff"
SURROGATE_EDGES = "\ud800\udbff\udc00\udfff"

# One path and one message, cut by the rules of their field.
PATH_AND_LIMIT = pytest.mark.parametrize(
    ("field", "limit"), [("path", MAX_PATH_LENGTH), ("message", MAX_MESSAGE_LENGTH)]
)


def unsafe(char: str) -> bool:
    return unicodedata.category(char) in {"Cc", "Cs"} or char in BIDI_AND_SEPARATORS


def escaped(text: str) -> str:
    """The reference escaping, one character at a time."""
    return "".join(repr(char)[1:-1] if unsafe(char) else char for char in text)


def problem(field: str, text: str) -> Problem:
    other = "message" if field == "path" else "path"
    return Problem(code="wrong-type", **{field: text, other: "x"})


# Any character, surrogates included, with the tricky ones often: escapes of every
# length, a backslash, the cut mark itself.
characters = st.one_of(
    st.sampled_from(UNSAFE_EDGES + SAFE_NEIGHBOURS + SURROGATE_EDGES + "\\…ax"),
    st.characters(exclude_categories=()),
)


def texts(limit: int) -> st.SearchStrategy[str]:
    """Texts of any size, and often of sizes around ``limit`` and a sixth of it."""
    near = st.sampled_from([limit // 6, limit // 4, limit - 1, limit, limit + 1]).flatmap(
        lambda n: st.integers(max(0, n - 6), n + 6)
    )
    sized = near.flatmap(lambda n: st.text(characters, min_size=n, max_size=n))
    return st.one_of(st.text(characters), sized)


class TestCodes:
    def test_every_code_described(self):
        """CODES describes exactly the codes of the Code literal."""
        assert set(typing.get_args(Code)) == set(CODES)

    def test_sorted(self):
        """Code and CODES list the codes in alphabetical order, with no repeats."""
        codes = typing.get_args(Code)
        assert (sorted(set(codes)), sorted(codes)) == (list(codes), list(CODES))

    def test_shape(self):
        """Every code is lowercase words of letters and digits joined by hyphens."""
        shape = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
        assert [] == [code for code in CODES if not shape.fullmatch(code)]

    def test_descriptions_are_one_line(self):
        """Every description is one trimmed, non-empty line, with its backquotes paired."""
        bad = [
            code
            for code, text in CODES.items()
            if not text
            or text != text.strip()
            or len(text.splitlines()) != 1
            or text.count("`") % 2
        ]
        assert [] == bad

    def test_read_only(self):
        """CODES cannot be changed."""
        with pytest.raises(TypeError):
            CODES["new-code"] = "a description"  # type: ignore[index]

    def test_unknown_code_rejected(self):
        """A Problem with a code outside the set is refused, naming the code."""
        with pytest.raises(ValueError, match=r"^'no-such-code' is not a problem code: add it"):
            Problem(path="$", code="no-such-code", message="m")  # type: ignore[arg-type]

    def test_unknown_code_message_bounded(self):
        """A huge unknown code is cut in the message that rejects it."""
        with pytest.raises(ValueError, match="is not a problem code") as caught:
            Problem(path="$", code="x\n" * 10_000, message="m")  # type: ignore[arg-type]
        assert "'x\\nx\\nx" == str(caught.value)[:8]
        assert 200 > len(str(caught.value))


class TestProblem:
    def test_str(self):
        """A problem reads as path, message and code."""
        expected = "$.when: 'Europe/Geneva' is not a zone [invalid-zone]"
        assert expected == str(ZONE)

    def test_repr(self):
        """A problem's repr shows its fields as keywords."""
        expected = (
            "Problem(path='$.when', code='invalid-zone',"
            " message=\"'Europe/Geneva' is not a zone\")"
        )
        assert expected == repr(ZONE)

    def test_frozen(self):
        """A problem is an immutable record."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            ZONE.code = "other"  # type: ignore[misc]

    def test_equality(self):
        """Problems with equal fields are equal and hash alike."""
        again = Problem(path=ZONE.path, code=ZONE.code, message=ZONE.message)
        assert (ZONE, hash(ZONE)) == (again, hash(again))

    def test_keyword_only(self):
        """A problem is made with keywords only."""
        with pytest.raises(TypeError):
            Problem("$", "blank", "m")  # type: ignore[misc]


class TestEscaping:
    def test_forged_line(self):
        """A JSON key that forges a line and a terminal escape prints as one harmless line."""
        key = "\nevil.json: valid (11 actors, ...)\n\x1b[2K"
        found = Problem(path=f"$.actors[0].{key}", code="unknown-key", message="unknown key")
        expected = (
            "$.actors[0].\\nevil.json: valid (11 actors, ...)\\n\\x1b[2K:"
            " unknown key [unknown-key]"
        )
        assert expected == str(found)

    @pytest.mark.parametrize("char", UNSAFE_EDGES + SURROGATE_EDGES)
    @pytest.mark.parametrize("field", ["path", "message"])
    def test_escape_is_reprs(self, field, char):
        """Each unsafe character becomes the escape repr() gives it: \\n, \\xNN or \\uNNNN."""
        expected = repr(char)[1:-1]
        assert (expected, True) == (
            getattr(problem(field, char), field),
            bool(re.fullmatch(r"\\[ntr]|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}", expected)),
        )

    @pytest.mark.parametrize("field", ["path", "message"])
    def test_neighbours_kept(self, field):
        """Characters next to the escaped ranges, a backslash and the cut mark stay as given."""
        text = SAFE_NEIGHBOURS + "\\n\\x1b…"
        assert text == getattr(problem(field, text), field)

    @PATH_AND_LIMIT
    @given(data=st.data())
    def test_safe(self, field, limit, data):
        """Whatever the text, the stored one has no unsafe character, encodes, and fits."""
        stored = getattr(problem(field, data.draw(texts(limit))), field)
        stored.encode("utf-8")  # raises UnicodeEncodeError for a lone surrogate
        assert ([], True) == ([char for char in stored if unsafe(char)], len(stored) <= limit)

    @PATH_AND_LIMIT
    @given(data=st.data())
    def test_as_escaped_when_it_fits(self, field, limit, data):
        """A text whose escaped form fits is stored escaped and whole."""
        text = data.draw(texts(limit))
        full = escaped(text)
        if len(full) <= limit:
            assert full == getattr(problem(field, text), field)

    @given(text=texts(MAX_MESSAGE_LENGTH))
    def test_message_cut_keeps_start(self, text):
        """A message too long escaped keeps as much of its start as fits, then "…"."""
        full = escaped(text)
        stored = problem("message", text).message
        if len(full) > MAX_MESSAGE_LENGTH:
            assert (True, "…", True) == (
                full.startswith(stored[:-1]),
                stored[-1],
                len(stored) > MAX_MESSAGE_LENGTH - 6,
            )

    @given(text=texts(MAX_PATH_LENGTH))
    def test_path_cut_keeps_start_and_end(self, text):
        """A path too long escaped keeps its start and its end around "…", filling the room."""
        full = escaped(text)
        stored = problem("path", text).path
        if len(full) > MAX_PATH_LENGTH:
            splits = [
                (stored[:at], stored[at + 1 :]) for at, char in enumerate(stored) if char == "…"
            ]
            assert (True, True) == (
                any(full.startswith(h) and full.endswith(t) and len(t) > 54 for h, t in splits),
                len(stored) > MAX_PATH_LENGTH - 6,
            )

    @given(text=st.text(characters))
    def test_one_line(self, text):
        """A problem, whatever its path and message, prints as one line."""
        printed = str(Problem(path=text, code="blank", message=text))
        assert [printed] == printed.splitlines()

    @PATH_AND_LIMIT
    @given(data=st.data())
    def test_idempotent(self, field, limit, data):
        """Making a problem again from a problem's fields gives an equal problem."""
        once = problem(field, data.draw(texts(limit)))
        assert once == attrs.evolve(once)

    @PATH_AND_LIMIT
    @pytest.mark.parametrize(("extra", "cut"), [(0, 0), (1, 1)])
    def test_limit_edge(self, field, limit, extra, cut):
        """A plain text of the limit's length is kept; one more character and it is cut."""
        stored = getattr(problem(field, "a" * (limit + extra)), field)
        assert (limit, cut) == (len(stored), stored.count("…"))

    @pytest.mark.parametrize(("field", "room"), [("path", 139), ("message", 999)])
    def test_cut_never_splits_an_escape(self, field, room):
        """An escape that does not fit before the cut is left out whole."""
        stored = getattr(problem(field, "a" * (room - 1) + "\x1b" + "b" * 2000), field)
        assert "a" * (room - 1) == stored.split("…")[0]

    def test_path_of_escapes(self):
        """A path of escapes keeps whole escapes of its first and last characters."""
        text = "".join(chr(c) for c in range(0xDC00, 0xDC00 + 34))  # 204 escaped
        head, tail = problem("path", text).path.split("…")
        assert (escaped(text[:23]), escaped(text[-10:])) == (head, tail)

    @pytest.mark.parametrize("unit", ["x", "\x1b"])
    def test_huge(self, unit):
        """A 50 MB path and message are cut to their limits without escaping them whole."""
        text = unit * 50_000_000
        found = Problem(path=text, code="too-long", message=text)
        piece = escaped(unit)
        expected_path = (
            piece * ((MAX_PATH_LENGTH - 61) // len(piece)) + "…" + piece * (60 // len(piece))
        )
        expected_message = piece * ((MAX_MESSAGE_LENGTH - 1) // len(piece)) + "…"
        assert (expected_path, expected_message) == (found.path, found.message)


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
        """The exceptions module exports the errors, Problem, the codes and the limits, sorted."""
        expected = [
            "CODES",
            "MAX_LISTED_PROBLEMS",
            "MAX_MESSAGE_LENGTH",
            "MAX_PATH_LENGTH",
            "Code",
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

    def test_listed_up_to_the_cap(self):
        """As many problems as the cap are all listed, with no count of the rest."""
        lines = str(LoadError([ZONE] * MAX_LISTED_PROBLEMS)).splitlines()
        assert (f"{MAX_LISTED_PROBLEMS} problems:", 1 + MAX_LISTED_PROBLEMS) == (
            lines[0],
            len(lines),
        )

    def test_one_more(self):
        """One problem over the cap is counted in the singular."""
        lines = str(LoadError([ZONE] * (MAX_LISTED_PROBLEMS + 1))).splitlines()
        assert ("  ... and 1 more problem", 2 + MAX_LISTED_PROBLEMS) == (lines[-1], len(lines))

    def test_a_million_problems(self):
        """A million problems are all kept, but the message lists only the first ones."""
        error = LoadError([SPEAKER, *[ZONE] * 999_999])
        lines = str(error).splitlines()
        assert (
            1_000_000,
            "1,000,000 problems:",
            f"  {SPEAKER}",
            f"  ... and {1_000_000 - MAX_LISTED_PROBLEMS:,} more problems",
            2 + MAX_LISTED_PROBLEMS,
        ) == (len(error.problems), lines[0], lines[1], lines[-1], len(lines))

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

    def test_pickle_keeps_notes(self):
        """Notes added to an error survive pickling."""
        original = LoadError([ZONE])
        original.add_note("while reading talks.json")
        again = pickle.loads(pickle.dumps(original))  # noqa: S301 -- our own data
        assert ["while reading talks.json"] == again.__notes__
