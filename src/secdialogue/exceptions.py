"""The errors secdialogue raises.

Every error is a :class:`SecDialogueError`. Each one also inherits the builtin
exception that fits it, so an existing ``except ValueError:`` or
``except KeyError:`` keeps working.

An error carries structured :class:`Problem` records, not only text: where the
problem is (a JSON-style path such as ``$.statements[3].speaker``), a stable
code that programs can branch on, and a message for people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "IntegrityError",
    "LoadError",
    "NotFoundError",
    "Problem",
    "SecDialogueError",
    "ValidationError",
]


@attrs.frozen(kw_only=True)
class Problem:
    """One thing that is wrong with a value, and where.

    A Problem is a record, not an exception: errors carry one or more of them.

    Args:
        path: Where the problem is, as a JSON path from the value that was
            checked, for example ``$.statements[3].speaker``.
        code: A short, stable identifier of the kind of problem, such as
            ``unknown-reference`` or ``invalid-zone``. Codes never change
            meaning; new ones may be added.
        message: What is wrong and what to do instead, for people.

    .. versionadded:: 0.1.0
    """

    path: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.code}]"


class SecDialogueError(Exception):
    """The base of every error secdialogue raises.

    Args:
        problems: What is wrong, at least one.

    .. versionadded:: 0.1.0
    """

    problems: tuple[Problem, ...]
    """Every problem found, in the order they were found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        """Keep the problems; the message lists them all."""
        self.problems = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  {p}" for p in self.problems)
        return "\n".join(lines)

    def __str__(self) -> str:
        # KeyError would show repr() of its argument; keep plain text for all.
        return self._summary()


class ValidationError(SecDialogueError, ValueError):
    """A value breaks one of the model's rules.

    Raised by the constructors of the model classes (for example an unknown
    time zone name, or a naive datetime), with the offending field as path.

    .. versionadded:: 0.1.0
    """


class IntegrityError(ValidationError):
    """The entities of a dossier do not fit together.

    Duplicate ids, references to ids that do not exist or name the wrong kind
    of entity, and affiliation cycles. All problems are collected before this
    is raised.

    .. versionadded:: 0.1.0
    """


class LoadError(ValidationError):
    """Data could not be read into secdialogue values.

    Raised by :func:`secdialogue.loads` and :func:`secdialogue.load` for every
    kind of bad input: malformed JSON, wrong types, unknown keys, bad times,
    integrity problems, input over the size limits. It carries all problems
    found, up to a cap.

    .. versionadded:: 0.1.0
    """


class NotFoundError(SecDialogueError, KeyError):
    """No entity has the id that was looked up.

    .. versionadded:: 0.1.0
    """
