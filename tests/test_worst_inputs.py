"""No input is slow: the worst shapes of input cost in proportion to their size.

Each shape that once took seconds or minutes (a list repeating one id, a long
chain of memberships, an object repeating a key, a huge unknown key, many
unknown references), and each shape that could (a deep chain of dated
memberships under members of several of its links, whose statements take
stances at thousands of times; an actor holding more memberships than
allowed), is read here twice: at about 1 MB, where it must be
accepted or refused with bounded problems; and at two sizes a factor of four
apart, where the number of Python and C function calls made (counted with
``sys.setprofile``, not timed) must grow no faster than the input, give or
take a log factor. A quadratic check would make sixteen times the calls.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import pytest

import secdialogue
from secdialogue import Dossier, LoadError
from secdialogue.exceptions import MAX_MESSAGE_LENGTH, MAX_PATH_LENGTH

if TYPE_CHECKING:
    from collections.abc import Callable

MB = 1_000_000

GROWTH = 5.5
"""The most the call count may grow when the input grows four times (4 x a log factor)."""


def calls(action: Callable[[], object]) -> int:
    """How many Python and C function calls ``action`` makes (its result or error ignored)."""
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        action()
    except LoadError:
        pass
    finally:
        sys.setprofile(previous)
    return count


def file(**collections: list[Any]) -> str:
    """A dossier file's text with the given collections (the others empty)."""
    value: dict[str, Any] = {"format": "secdialogue", "version": 2}
    for key in ("actors", "meetings", "demands", "statements", "outcomes", "sources"):
        value[key] = collections.get(key, [])
    return json.dumps(value)


def state(ident: str, **more: Any) -> dict[str, Any]:
    return {"id": ident, "kind": "state", "name": ident.upper(), **more}


def person(ident: str, organization: str) -> dict[str, Any]:
    memberships = [{"organization": organization}]
    return {"id": ident, "kind": "person", "name": ident.upper(), "memberships": memberships}


def meeting(participants: list[str]) -> dict[str, Any]:
    return {
        "id": "m",
        "participants": participants,
        "when": "2022-01-10[Europe/Zurich]",
        "format": "bilateral_talks",
        "status": "held",
    }


def statement(ident: str, speaker: str) -> dict[str, Any]:
    return {
        "id": ident,
        "speakers": [speaker],
        "when": "2022-01-09[Europe/Moscow]",
        "text": "No concessions.",
        "wording": "paraphrase",
    }


def repeated_id(n: int) -> str:
    return file(actors=[state("russia")], meetings=[meeting(["russia"] * n)])


def repeated_ids(n: int) -> str:
    ids = [f"a{i}" for i in range(n // 2)]
    return file(actors=[state(i) for i in ids], meetings=[meeting(ids + ids)])


def chain(n: int) -> str:
    actors = [state("a0")] + [person(f"a{i}", f"a{i - 1}") for i in range(1, n)]
    return file(actors=actors)


def cycle(n: int) -> str:
    actors = [person(f"a{i}", f"a{(i + 1) % n}") for i in range(n)]
    return file(actors=actors)


def dated_dag(n: int) -> str:
    """A chain of ``n`` bodies, each a member of the one before from a year of its own on;
    ``n`` persons, each a member of two bodies of it in turn, for ten years each; and a
    statement of each person, taking a stance, on a day of its own.

    Each statement's speaker holds two memberships, so the dossier works out the
    speaker's top-level actors at the statement's time: a walk up the chain, cut where a
    period has not begun yet.
    """
    bodies = [
        {
            "id": f"b{i}",
            "kind": "body",
            "name": f"B{i}",
            "memberships": [
                {
                    "organization": f"b{i - 1}" if i else "a",
                    "when": f"{1990 + i % 30}[UTC]/2100[UTC]",
                }
            ],
        }
        for i in range(n)
    ]
    persons = [
        {
            "id": f"p{j}",
            "kind": "person",
            "name": f"P{j}",
            "memberships": [
                {"organization": f"b{(j * 7) % n}", "when": "2000[UTC]/2009[UTC]"},
                {"organization": f"b{(j * 13) % n}", "when": "2010[UTC]/2019[UTC]"},
            ],
        }
        for j in range(n)
    ]
    statements = [
        {
            **statement(f"s{j}", f"p{j}"),
            "when": f"{2000 + j % 20}-{1 + j % 12:02d}-{1 + j % 28:02d}[UTC]",
            "stances": [{"demand": "d", "position": "rejects"}],
        }
        for j in range(n)
    ]
    demand = {"id": "d", "by": "a", "to": ["z"], "summary": "S."}
    actors = [state("a"), state("z"), *bodies, *persons]
    return file(actors=actors, demands=[demand], statements=statements)


def many_memberships(n: int) -> str:
    held = [{"organization": f"a{i}"} for i in range(n)]
    actors = [state(f"a{i}") for i in range(n)]
    return file(actors=[*actors, {**state("x"), "kind": "person", "memberships": held}])


def repeated_key(n: int) -> str:
    keys = ", ".join(['"id": "a"'] * n)
    return file().replace('"actors": []', f'"actors": [{{{keys}, "kind": "state", "name": "A"}}]')


def long_key(n: int) -> str:
    return file(actors=[{**state("a"), "x" * n: 1}])


def unknown_references(n: int) -> str:
    actors = [state(f"a{i}") for i in range(n)]
    statements = [statement(f"s{i}", f"b{i}") for i in range(n)]
    return file(actors=actors, statements=statements)


def postponed(ident: str, successor: str) -> dict[str, Any]:
    return {
        **meeting(["a"]),
        "id": ident,
        "status": "postponed",
        "rescheduled_as": successor,
    }


def reschedule_chain(n: int) -> str:
    meetings = [postponed(f"m{i}", f"m{i + 1}") for i in range(n - 1)]
    return file(actors=[state("a")], meetings=[*meetings, {**meeting(["a"]), "id": f"m{n - 1}"}])


def reschedule_cycle(n: int) -> str:
    meetings = [postponed(f"m{i}", f"m{(i + 1) % n}") for i in range(n)]
    return file(actors=[state("a")], meetings=meetings)


def deep(n: int) -> str:
    return "[" * n + "]" * n


SHAPES: dict[str, tuple[Callable[[int], str], int, str | None]] = {
    # name: (input of size n, n for about 1 MB, the code of its problems; None if valid)
    "one id repeated": (repeated_id, MB // 9, "duplicate"),
    "many ids repeated": (repeated_ids, MB // 36, "duplicate"),
    "chain of memberships": (chain, MB // 90, None),
    "cycle of memberships": (cycle, MB // 90, "affiliation-cycle"),
    "dated membership DAG": (dated_dag, MB // 500, None),
    "too many memberships": (many_memberships, MB // 70, "too-many-items"),
    "key repeated": (repeated_key, MB // 11, "duplicate-key"),
    "huge unknown key": (long_key, MB, "unknown-key"),
    "unknown references": (unknown_references, MB // 200, "unknown-reference"),
    "chain of rescheduled meetings": (reschedule_chain, MB // 180, None),
    "cycle of rescheduled meetings": (reschedule_cycle, MB // 180, "reschedule-cycle"),
    "deep nesting": (deep, MB // 2, "too-deep"),
}


def load(text: str) -> Dossier | tuple[object, ...]:
    try:
        return secdialogue.loads(text)
    except LoadError as error:
        return error.problems


@pytest.mark.parametrize("name", SHAPES)
class TestWorstShapes:
    def test_megabyte_answered(self, name: str) -> None:
        """About 1 MB of the shape is accepted, or refused for its own reason, briefly."""
        make, n, code = SHAPES[name]
        text = make(n)
        assert 0.5 * MB <= len(text) <= 1.5 * MB

        result = load(text)

        assert (code is None) == isinstance(result, Dossier)
        if code is not None:
            assert isinstance(result, tuple)
            assert 1 <= len(result) <= 101
            assert code == result[0].code  # type: ignore[attr-defined]
            for problem in result:
                assert len(problem.path) <= MAX_PATH_LENGTH  # type: ignore[attr-defined]
                assert len(problem.message) <= MAX_MESSAGE_LENGTH  # type: ignore[attr-defined]

    def test_cost_grows_with_size(self, name: str) -> None:
        """Four times the input makes at most about four times the calls."""
        make, n, _ = SHAPES[name]
        small, large = make(n // 64), make(n // 16)

        grown = calls(lambda: secdialogue.loads(large)) / calls(lambda: secdialogue.loads(small))

        assert grown <= GROWTH


class TestMessages:
    def test_repeated_ids_listed_briefly(self) -> None:
        """Thousands of repeated ids are named five at a time, the rest counted."""
        with pytest.raises(LoadError) as info:
            secdialogue.loads(repeated_ids(21_600))

        (problem,) = info.value.problems
        assert "duplicate" == problem.code
        assert problem.message.endswith("and 10,795 others more than once")

    def test_unknown_key_not_echoed_whole(self) -> None:
        """A huge unknown key is cut in the path and the message."""
        with pytest.raises(LoadError) as info:
            secdialogue.loads(long_key(MB))

        (problem,) = info.value.problems
        assert "unknown-key" == problem.code
        assert "did you mean" not in problem.message

    def test_forged_lines_escaped(self) -> None:
        """A key holding a newline and a terminal escape cannot forge output lines."""
        key = "\nevil.json: valid (11 actors, ...)\n\x1b[2K"
        with pytest.raises(LoadError) as info:
            secdialogue.loads(file(actors=[{**state("a"), key: 1}]))

        text = str(info.value)
        assert "\n" not in text
        assert "\x1b" not in text
