"""``secdialogue convert IN OUT``: a dossier from one form of the format to another.

The forms are a JSON document (``.json``), a JSON Lines stream (``.jsonl``)
and a directory of Parquet files, one per table (a directory, a name ending
in ``.parquet`` or ``/``). From JSON Lines to Parquet the entities stream
through, a line read, a row written, in bounded memory, with the checks over
the whole dossier made at the end; the other ways read the whole dossier
first. Nothing is written unless the input is a valid dossier.
"""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, get_args

from secdialogue._cli_output import counted, counts_text, problem_lines, sizes
from secdialogue._kinds import KINDS
from secdialogue.exceptions import LoadError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from secdialogue._dossier import Dossier
    from secdialogue._kinds import Kind

__all__ = ["FORMS", "Form", "convert", "form_of"]

Form: TypeAlias = Literal["json", "jsonl", "parquet"]
"""A form of the format: a JSON document, a JSON Lines stream or a Parquet directory."""

FORMS: Final[tuple[Form, ...]] = get_args(Form)

_BY_SUFFIX: Final[dict[str, Form]] = {".json": "json", ".jsonl": "jsonl", ".parquet": "parquet"}

_ARROW: Final = "Parquet needs pyarrow, which is not installed: pip install 'secdialogue[arrow]'"


class ConvertError(Exception):
    """A failure to report in plain words, one line each."""

    def __init__(self, lines: Iterable[str]) -> None:
        super().__init__()
        self.lines = list(lines)


def form_of(path: str, given: Form | None) -> Form:
    """The form of ``path``: ``given`` if any, else by its name, or for a directory by what it is.

    Raises:
        ConvertError: If the name does not tell.
    """
    if given is not None:
        return given
    if path == "-":
        return "json"
    form = _BY_SUFFIX.get(pathlib.PurePath(path).suffix)
    if form is not None:
        return form
    if path.endswith(("/", "\\")) or pathlib.Path(path).is_dir():
        return "parquet"
    msg = (
        f"{path}: cannot tell its form by its name: name it .json, .jsonl or .parquet"
        " (a directory), or say which with --from or --to"
    )
    raise ConvertError([msg])


def _shown(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _read(path: str, form: Form) -> Dossier:
    """The whole dossier at ``path``, in ``form``."""
    import sys  # noqa: PLC0415

    import secdialogue  # noqa: PLC0415

    if form == "parquet":
        dossier: Dossier = _arrow().read_parquet(path)
        return dossier
    if path == "-":
        data = sys.stdin.buffer.read()
        return secdialogue.loads_lines(data) if form == "jsonl" else secdialogue.loads(data)
    return secdialogue.load_lines(path) if form == "jsonl" else secdialogue.load(path)


def _arrow() -> Any:  # noqa: ANN401 -- the optional module
    try:
        from secdialogue import arrow  # noqa: PLC0415 -- optional: needs pyarrow
    except ModuleNotFoundError:  # pragma: no cover -- tested in a subprocess without pyarrow
        raise ConvertError([_ARROW]) from None
    return arrow


def convert(
    source: str,
    target: str,
    *,
    source_form: Form,
    target_form: Form,
    force: bool,
    write: Callable[[str, bytes], None],
    text_out: Callable[[str], object],
) -> str:
    """Convert the dossier at ``source`` to ``target``; the line to print about it.

    ``write`` writes bytes to a file atomically, keeping what exists there
    unless ``force`` (the command line's own writer, which says so);
    ``text_out`` prints text to standard output, for ``-``.

    Raises:
        ConvertError: For input that is not a valid dossier, or output that
            cannot be written.
    """
    import secdialogue  # noqa: PLC0415

    if (source, source_form) == ("-", "parquet") or (target, target_form) == ("-", "parquet"):
        msg = (
            "a Parquet directory is not read from standard input nor written to standard"
            " output: name a directory"
        )
        raise ConvertError([msg])
    if target_form == "parquet" and not force and pathlib.Path(target).exists():
        msg = f"{target} exists: choose another name, or pass --force to replace it"
        raise ConvertError([msg])
    try:
        if source_form == "jsonl" and target_form == "parquet" and source != "-":
            arrow = _arrow()
            counts: dict[Kind[Any], int] = dict.fromkeys(KINDS, 0)
            with arrow.ParquetWriter(target) as writer:
                writer.write(counted(secdialogue.iter_lines(source), counts))
            return f"{target}: written as parquet ({counts_text(counts)})"
        dossier = _read(source, source_form)
        if target_form == "parquet":
            _arrow().write_parquet(dossier, target)
        else:
            text = (
                secdialogue.dumps_lines(dossier)
                if target_form == "jsonl"
                else secdialogue.dumps(dossier)
            )
            if target == "-":
                text_out(text)
                return ""
            write(target, text.encode())
    except LoadError as error:
        name = _shown(source)
        raise ConvertError(problem_lines(name, error.problems)) from None
    except FileExistsError as error:  # a directory of other files, which is not replaced
        raise ConvertError([str(error)]) from None
    except OSError as error:
        raise ConvertError([f"{target}: cannot write: {error.strerror or error}"]) from None
    return f"{target}: written as {target_form} ({counts_text(sizes(dossier))})"
