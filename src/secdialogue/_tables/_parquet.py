"""A directory of Parquet files, one per table: written in row groups, read back whole.

The writer takes entities one by one and writes each table's rows as a row
group once enough of them wait, so a converter that streams entities writes
in bounded memory. It writes into a hidden directory beside the target and
renames it into place only when every file is complete: a failure leaves
the target as it was, and no half directory.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Final, Self

import pyarrow as pa
import pyarrow.parquet as pq

from secdialogue._checks import excerpt
from secdialogue._kinds import KINDS
from secdialogue._tables._arrow import SCHEMAS, Rows, from_arrow
from secdialogue._tables._layout import FAMILIES, LAYOUTS
from secdialogue.exceptions import LoadError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import TracebackType

    from secdialogue._dossier import Dossier
    from secdialogue._kinds import Entity

__all__ = [
    "DEFAULT_ROW_GROUP",
    "SUFFIX",
    "ParquetWriter",
    "missing_file",
    "read_parquet",
    "write_parquet",
]

DEFAULT_ROW_GROUP: Final = 65_536
"""How many rows of one table the writer keeps before writing them as a row group."""

SUFFIX: Final = ".parquet"
"""The suffix of each table's file: ``statements.parquet``."""


class ParquetWriter:
    """Writes entities, given one by one, to a directory of Parquet files, one per table.

    Use it as a context manager: the directory appears, complete, when the
    block ends without an error, and is not touched when it ends with one.
    Entities of each kind are written in the order they are given. Nothing
    checks that they fit together (references, repeated ids): read the
    directory back with :func:`read_parquet` for that, or check the entities
    before.

    The directory gets the permissions a new directory gets (the umask
    applies), and its files those of new files.

    Args:
        directory: The directory to write. One that exists is replaced if it
            holds nothing but the tables' files (as an earlier write left
            it); so is a file or a link (not what it points to).
        row_group_size: How many rows of one table to hold in memory before
            writing them as a row group.

    Raises:
        FileExistsError: If ``directory`` is a directory holding anything
            but the tables' files: it is not replaced.
        OSError: If the directory beside the target cannot be made.
        ValueError: If ``row_group_size`` is less than 1.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self, directory: str | os.PathLike[str], *, row_group_size: int = DEFAULT_ROW_GROUP
    ) -> None:
        if type(row_group_size) is not int or row_group_size < 1:
            msg = f"row_group_size must be a positive int, not {row_group_size!r:.40}"
            raise ValueError(msg)
        self._target = Path(directory)
        self._size = row_group_size
        _check_replaceable(self._target)
        parent = self._target.parent
        self._temp = Path(tempfile.mkdtemp(prefix=f".{self._target.name}.", dir=parent))
        self._temp.chmod(0o777 & ~_umask())  # mkdtemp makes it 0700, whatever the umask
        self._rows = Rows()
        self._writers = {
            name: pq.ParquetWriter(self._temp / f"{name}{SUFFIX}", schema)
            for name, schema in SCHEMAS.items()
        }
        self._families = {kind.cls: FAMILIES[kind.key] for kind in KINDS}
        self._open = True

    def add(self, entity: Entity) -> None:
        """Add one entity's rows, writing a row group of any table that has enough.

        Raises:
            TypeError: If ``entity`` is not an entity.
            ValueError: If the writer was closed.
        """
        self._check_open()
        self._rows.add(entity)
        rows = self._rows
        for name in self._families[type(entity)]:
            if rows.pending(name) >= self._size:
                self._writers[name].write_batch(rows.take(name))

    def write(self, entities: Iterable[Entity]) -> None:
        """Add every entity of ``entities``, in order (see :meth:`add`)."""
        for entity in entities:
            self.add(entity)

    def close(self) -> None:
        """Write the rows left, finish every file, and put the directory in place.

        Raises:
            OSError: If a file cannot be written or the directory moved.
            ValueError: If the writer was closed.
        """
        self._check_open()
        try:
            for name, writer in self._writers.items():
                if self._rows.pending(name):
                    writer.write_batch(self._rows.take(name))
                writer.close()
            _replace(self._temp, self._target)
        except BaseException:
            self.abort()
            raise
        self._open = False

    def abort(self) -> None:
        """Stop writing and remove what was written; the target is not touched."""
        for writer in self._writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        shutil.rmtree(self._temp, ignore_errors=True)
        self._open = False

    def _check_open(self) -> None:
        if not self._open:
            msg = "the writer is closed: make a new one to write again"
            raise ValueError(msg)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        elif self._open:
            self.abort()


_FILES: Final = frozenset(f"{layout.name}{SUFFIX}" for layout in LAYOUTS)


def _umask() -> int:
    """The process's umask (read by setting it, and setting it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_replaceable(target: Path) -> None:
    """Refuse to replace a directory holding anything but the tables' files.

    So a mistyped name never removes a directory of other files (the input
    being converted among them); only what an earlier write made is replaced.
    """
    if target.is_symlink() or not target.is_dir():
        return
    others = sorted(
        entry.name for entry in target.iterdir() if entry.name not in _FILES or entry.is_dir()
    )
    if others:
        msg = (
            f"{target} holds {excerpt(others[0])}, which is not a table's file (and"
            f" {len(others) - 1} more): it is not replaced; choose another directory"
        )
        raise FileExistsError(msg)


def _replace(new: Path, target: Path) -> None:
    """Put directory ``new`` at ``target``, moving an old one aside and removing it after."""
    if not target.exists() and not target.is_symlink():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    if old.is_symlink() or not old.is_dir():
        old.unlink()
    else:
        shutil.rmtree(old, ignore_errors=True)


def write_parquet(dossier: Dossier, directory: str | os.PathLike[str]) -> None:
    """Write ``dossier`` as a directory of Parquet files (see :mod:`secdialogue.arrow`)."""
    with ParquetWriter(directory) as writer:
        for kind in KINDS:
            writer.write(dossier._entities(kind.key))  # noqa: SLF001 -- in dossier order


def missing_file(folder: Path, name: str) -> Problem:
    """The problem of a directory that lacks the file of table ``name``."""
    msg = f"no file {name}{SUFFIX} in {str(folder)!r}: every table has its file"
    return Problem(path=f"$.{name}", code="missing-key", message=msg)


def read_parquet(directory: str | os.PathLike[str]) -> Dossier:
    """Read the dossier a directory of Parquet files holds (see :mod:`secdialogue.arrow`)."""
    folder = Path(directory)
    if not folder.is_dir():
        what = "no such directory" if not folder.exists() else "not a directory"
        msg = f"{excerpt(str(folder))}: {what}: give the directory that write_parquet wrote"
        raise LoadError([Problem(path="$", code="unreadable", message=msg)])
    tables: dict[str, pa.Table] = {}
    problems: list[Problem] = []
    for layout in LAYOUTS:
        path = folder / f"{layout.name}{SUFFIX}"
        try:
            tables[layout.name] = pq.read_table(path)
        except FileNotFoundError:
            problems.append(missing_file(folder, layout.name))
        except (OSError, pa.ArrowException) as error:
            msg = f"cannot read {path.name} as Parquet: {error}"
            problems.append(Problem(path=f"$.{layout.name}", code="unreadable", message=msg))
    if problems:
        raise LoadError(problems)
    return from_arrow(tables)
