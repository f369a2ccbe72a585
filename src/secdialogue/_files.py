"""Atomic file replacement: readers see the old file or the new one, never a part.

The codec's :func:`~secdialogue.dump` and the command line write through
:func:`write_atomically`. It imports nothing of the package.

How a write goes, and why:

* On Linux the data goes to an *unnamed* file (``O_TMPFILE``) in the target's
  directory, so a process killed while writing leaves nothing behind. Once the
  data is on disk the file is given a name through ``/proc/self/fd/N``. That
  name is a magic link: plain ``link(2)`` would try to link the link itself and
  fails with ``EXDEV``; ``linkat(2)`` with ``AT_SYMLINK_FOLLOW`` names the file.
  Whether that works (a file system without unnamed files, no ``/proc``, a
  sandbox) is found out once per directory and process with empty files,
  before any data is written, so the data is never written twice.
* Elsewhere, or where that probe failed, a named temporary file is written and
  renamed over the target.
* Temporary names are ``.NAME.<pid>.<hex>.tmp``: every write first removes the
  ones of its target whose writer no longer runs.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import functools
import os
import re
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["write_atomically"]

_CHUNK: Final = 1 << 20
"""Bytes per ``write(2)`` call; a long write can be interrupted between chunks."""

_O_TMPFILE: Final[int] = getattr(os, "O_TMPFILE", 0)
"""Linux's flag for an unnamed file; 0 on systems that have none."""

_O_BINARY: Final[int] = getattr(os, "O_BINARY", 0)
"""Windows' flag for untranslated bytes; 0 elsewhere."""

# Linux ABI constants for renameat2(2).
_AT_FDCWD: Final = -100
_RENAME_NOREPLACE: Final = 1

_NAME_ROOM: Final = 200
"""Bytes of the target's name kept in a temporary name (a name has at most 255)."""

_TEMP_MIDDLE: Final = re.compile(r"([1-9][0-9]{0,8})\.[0-9a-f]{12}")
"""What stands between ``.NAME.`` and ``.tmp`` in a temporary name: pid and random part."""


class _Unnamed(enum.Enum):
    """What the probe of a directory found out about unnamed files there."""

    UNUSABLE = enum.auto()
    """None can be made there, or none can be given a name: use a named file."""

    OWN_MODE = enum.auto()
    """They can be named, but a new one gets another mode than a named file
    would (older kernels did not apply the umask to them): use them only when
    the mode is set explicitly, that is, when an existing file is replaced."""

    USABLE = enum.auto()
    """They can be named and get the mode a named file would."""


_DIRECTORIES: dict[tuple[int, int], _Unnamed] = {}
"""Probe results of this process, by the directory's (device, inode)."""


def write_atomically(
    path: str | os.PathLike[str], data: bytes, *, exclusive: bool = False
) -> None:
    """Replace the file at ``path`` with ``data``; readers see old or new, never a part.

    The data is written and flushed to disk (``fsync``) before it gets the
    target's name, in one atomic step; then the directory is flushed, where
    the system can (a failure there is not reported: the file has been
    replaced by then). The data is written once. A file that is replaced
    keeps its permission bits (read through a symbolic link at ``path``; the
    link itself is replaced by a regular file), not its owner, group or
    extended attributes. A new file gets the mode a file created with
    ``0o666`` gets there: the umask applies, or the directory's default ACL.

    What holds if the process dies at any moment, even by ``SIGKILL``:

    * ``path`` holds the complete old content (or no file, if there was none)
      or the complete new content: never a part, never a mix. After a power
      failure the same holds, as far as the file system keeps the order that
      ``fsync`` promises.
    * On Linux, where unnamed files can be named (the usual case), the data
      has no name while it is being written. With ``exclusive`` it gets its
      final name directly and no other name at all. Otherwise it is linked
      under a temporary name and renamed over ``path`` by the next system
      call; only a kill between those two calls leaves the temporary file.
      Whether unnamed files work is found out by the first write to a
      directory in each process, with two empty files, each of which has a
      temporary name for two system calls.
    * Elsewhere (other systems; a file system without unnamed files, or no
      ``/proc``) the data goes to a named temporary file, which a kill while
      it is written or flushed leaves behind.
    * Temporary files are named ``.NAME.<pid>.<hex>.tmp`` after the target's
      ``NAME`` (its first 200 bytes) and the writer's process id. Each write first removes those of
      its target whose process no longer runs, so a killed writer's leftover
      lasts until the next write of the same file.

    Not guaranteed: a leftover whose process id has been taken by a new
    process stays until that process ends; so do leftovers of this process,
    which only a second interruption during a cleanup can cause. On Windows
    leftovers are never removed: there ``os.kill`` cannot ask whether a
    process runs. Process ids mean something only in one pid namespace on one
    host: a writer elsewhere (another container or host sharing the
    directory) may have its temporary file taken for a leftover and removed;
    its write then fails with :class:`FileNotFoundError`, and ``path`` still
    holds a complete version. The directory is listed on every write to find
    leftovers.

    Args:
        path: The file to write. Its directory must exist.
        data: The complete new content.
        exclusive: Refuse to replace anything that exists at ``path``: a file,
            a directory, a symbolic link, even a dangling one. Checked before
            anything is written, and again by the step that gives the data its
            name, which cannot replace (``linkat(2)``; ``renameat2(2)`` with
            ``RENAME_NOREPLACE``; else a hard link and an unlink of the
            temporary name), so a file created meanwhile is not overwritten.

    Raises:
        FileExistsError: If ``exclusive`` is set and something exists at
            ``path``, or comes to exist there while the data is written; it is
            left as it is.
        IsADirectoryError: If ``path`` names a directory (when replacing, only
            after the data was written, as the final rename fails).
        OSError: If the file cannot be written. ``path`` is then unchanged and
            no temporary file is left. After any other exception in this
            process (such as :class:`KeyboardInterrupt`) no temporary file is
            left either, but ``path`` may already hold the new content.
    """
    target = Path(path).absolute()
    if not target.name:  # the root directory
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
    if exclusive:
        _refuse_existing(target, os.fspath(path))
        mode = None
    else:
        mode = _mode_of(target)
    _sweep(target)
    if _O_TMPFILE and _write_unnamed(target, data, mode, exclusive=exclusive):
        return
    _write_named(target, data, mode, exclusive=exclusive)


def _refuse_existing(target: Path, shown: str) -> None:
    """Raise FileExistsError if anything, even a dangling symlink, is at ``target``."""
    try:
        target.lstat()
    except FileNotFoundError:
        return
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), shown)


def _mode_of(target: Path) -> int | None:
    """The permission bits of the file at ``target``, or None if there is none."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    return stat.S_IMODE(info.st_mode)


def _temp_prefix(name: str) -> str:
    """The start of the temporary names of ``name``: a dot, the name (cut short), a dot."""
    while len(os.fsencode(name)) > _NAME_ROOM:
        name = name[:-1]
    return f".{name}."


def _temp_name(name: str) -> str:
    return f"{_temp_prefix(name)}{os.getpid()}.{os.urandom(6).hex()}.tmp"


def _sweep(target: Path) -> None:
    """Remove the temporary files of ``target`` whose writers no longer run."""
    prefix, suffix, own = _temp_prefix(target.name), ".tmp", os.getpid()
    try:
        with os.scandir(target.parent) as entries:
            names = [entry.name for entry in entries]
    except OSError:  # no such directory, or an unreadable one: the write will tell
        return
    for candidate in names:
        if not (candidate.startswith(prefix) and candidate.endswith(suffix)):
            continue
        match = _TEMP_MIDDLE.fullmatch(candidate[len(prefix) : -len(suffix)])
        if match is None:
            continue
        pid = int(match.group(1))
        if pid != own and not _running(pid):
            _remove(target.with_name(candidate))


def _running(pid: int) -> bool:
    """Whether a process with this id exists (in this pid namespace)."""
    if sys.platform == "win32":  # pragma: no cover -- os.kill(pid, 0) would end it there
        return True
    try:
        with contextlib.suppress(PermissionError):  # another user's process: running
            os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _remove(name: str | Path, dir_fd: int | None = None) -> None:
    """Remove a temporary name if it is there; a cleanup must not raise."""
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=dir_fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view[:_CHUNK]) :]


def _write_unnamed(target: Path, data: bytes, mode: int | None, *, exclusive: bool) -> bool:
    """Write through an unnamed file; False, having written nothing, where that cannot work."""
    name = target.name
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:  # the named path reports what is wrong with the directory
        return False
    try:
        info = os.fstat(dir_fd)
        key = (info.st_dev, info.st_ino)
        found = _DIRECTORIES.get(key)
        if found is None:
            found = _DIRECTORIES[key] = _probe(dir_fd, name)
        if found is _Unnamed.UNUSABLE or (found is _Unnamed.OWN_MODE and mode is None):
            return False
        fd = os.open(".", _O_TMPFILE | os.O_WRONLY, 0o666, dir_fd=dir_fd)
        try:
            _write_all(fd, data)
            if mode is not None:
                os.fchmod(fd, mode)
            os.fsync(fd)
            try:
                _name_unnamed(fd, dir_fd, name, exclusive=exclusive)
            except OSError:
                _DIRECTORIES.pop(key, None)  # /proc may be gone, say: probe again next time
                raise
        finally:
            os.close(fd)
        with contextlib.suppress(OSError):  # some file systems cannot sync a directory
            os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return True


def _link_unnamed(fd: int, name: str, dir_fd: int) -> None:
    """Give the unnamed file ``fd`` a name; fails if something is there already.

    With a ``dst_dir_fd`` CPython calls ``linkat(2)`` with ``AT_SYMLINK_FOLLOW``
    (the default ``follow_symlinks=True``), which names the file that the magic
    link points to. Without one, CPython before 3.14 calls ``link(2)``, which
    tries to link the magic link itself and fails with ``EXDEV``.
    """
    os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=dir_fd)


def _name_unnamed(fd: int, dir_fd: int, name: str, *, exclusive: bool) -> None:
    """Give the complete unnamed file the name ``name``: directly, or via a temporary name."""
    if exclusive:
        _link_unnamed(fd, name, dir_fd)
        return
    temp = _temp_name(name)
    try:
        _link_unnamed(fd, temp, dir_fd)
        os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        _remove(temp, dir_fd)
        raise


def _probe(dir_fd: int, name: str) -> _Unnamed:
    """Find out with empty files whether unnamed files can be named in a directory.

    The unnamed file's mode is compared with that of a named file created with
    the same mode: older kernels did not apply the umask to unnamed files. Each
    name exists for two system calls only, so a kill rarely leaves one.
    """
    linked, named = _temp_name(name), _temp_name(name)
    try:
        fd = os.open(".", _O_TMPFILE | os.O_WRONLY, 0o666, dir_fd=dir_fd)
        try:
            unnamed_mode = os.fstat(fd).st_mode
            try:
                _link_unnamed(fd, linked, dir_fd)
            finally:
                _remove(linked, dir_fd)
        finally:
            os.close(fd)
        try:
            fd = os.open(named, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666, dir_fd=dir_fd)
        finally:
            _remove(named, dir_fd)
        try:
            named_mode = os.fstat(fd).st_mode
        finally:
            os.close(fd)
    except OSError:
        return _Unnamed.UNUSABLE
    return _Unnamed.USABLE if unnamed_mode == named_mode else _Unnamed.OWN_MODE


def _write_named(target: Path, data: bytes, mode: int | None, *, exclusive: bool) -> None:
    """Write a named temporary file and move it to ``target``."""
    temp = target.with_name(_temp_name(target.name))
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666)
        try:
            _write_all(fd, data)
            if mode is not None:
                temp.chmod(mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            _rename_no_replace(temp, target)
        else:
            temp.replace(target)
    except BaseException:
        _remove(temp)
        raise
    _sync_directory(target.parent)


def _rename_no_replace(source: Path, target: Path) -> None:
    """Move ``source`` to ``target``, failing with FileExistsError if that exists."""
    rename = _renameat2()
    error = errno.ENOSYS if rename is None else rename(source, target)
    if error == errno.EEXIST:
        raise FileExistsError(error, os.strerror(error), str(target))
    if error:  # no renameat2, or a file system without the flag: a link does not replace either
        os.link(source, target)
        _remove(source)  # the file is in place: a leftover name is for the next write to sweep


@functools.cache
def _renameat2() -> Callable[[Path, Path], int] | None:
    """``renameat2(2)`` with ``RENAME_NOREPLACE``, returning 0 or the errno; None if missing."""
    if sys.platform != "linux":  # pragma: no cover -- no ctypes but on Linux
        return None
    try:
        import ctypes  # noqa: PLC0415 -- only the rare exclusive named write needs it

        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (ImportError, AttributeError):  # no ctypes, or a C library without renameat2
        return None
    path, at = ctypes.c_char_p, ctypes.c_int
    function.argtypes = [at, path, at, path, ctypes.c_uint]
    function.restype = ctypes.c_int

    def rename(source: Path, target: Path) -> int:
        paths = os.fsencode(source), os.fsencode(target)
        if function(_AT_FDCWD, paths[0], _AT_FDCWD, paths[1], _RENAME_NOREPLACE) == 0:
            return 0
        return ctypes.get_errno()

    return rename


def _sync_directory(directory: Path) -> None:
    """Make a rename durable, where the system can (Windows cannot open a directory)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
