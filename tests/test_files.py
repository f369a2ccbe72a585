"""Tests of atomic file replacement: content, modes, real failures, exclusive writes, kills."""

from __future__ import annotations

import errno
import os
import random
import resource
import signal
import stat
import statistics
import struct
import subprocess
import sys
import time
from collections import Counter, deque
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from secdialogue import _files

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

SIZE = 4_000_000
"""Bytes of a stand-in for the canonical JSON of a 5,000-statement dossier."""

KILL_ROUNDS = 200

# The child processes load the module from its file rather than `import
# secdialogue`: the package's import (attrs, cattrs, pendulum) would take ten
# times as long as the write that is to be killed.
_LOAD = """
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location("files_under_test", sys.argv[1])
files = importlib.util.module_from_spec(spec)
spec.loader.exec_module(files)

def force_named(target):
    info = os.stat(os.path.dirname(target))
    files._DIRECTORIES[info.st_dev, info.st_ino] = files._Unnamed.UNUSABLE
"""

# Forks a fresh writer per request, so that 200 writers cost 200 forks and not
# 200 interpreter start-ups. It reports the writer's pid, and reaps it (and
# reports how it ended) only when told, after the test killed it.
_FORK_SERVER = (
    _LOAD
    + """
print("loaded", flush=True)
while line := sys.stdin.readline():
    target, fill, way = line.split()
    data = fill.encode() * int(sys.argv[2])
    pid = os.fork()
    if pid == 0:
        try:
            if way == "named":
                force_named(target)
            files.write_atomically(target, data)
        finally:
            os._exit(0)
    print(pid, flush=True)
    sys.stdin.readline()
    print(os.waitpid(pid, 0)[1], flush=True)
"""
)

# Writes and stops in the fsync of the data, to be killed there.
_STALLING_WRITER = (
    _LOAD
    + """
import time
def stall(fd):
    print("writing", flush=True)
    time.sleep(60)
if sys.argv[3] == "named":
    force_named(sys.argv[2])
os.fsync = stall
files.write_atomically(sys.argv[2], b"new")
"""
)

# Drops root, then asks whether pid 1 runs: kill(2) can only say EPERM.
_OTHER_USER = (
    _LOAD
    + """
os.setuid(65534)
try:
    os.kill(1, 0)
except PermissionError:
    print("EPERM", files._running(1))
"""
)


@pytest.fixture(autouse=True)
def fresh_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test probes its directories anew (a removed directory's inode is reused)."""
    monkeypatch.setattr(_files, "_DIRECTORIES", {})


@pytest.fixture(params=["unnamed", "named"])
def way(request: pytest.FixtureRequest) -> str:
    """How the data is written: an unnamed file (Linux) or a named temporary file."""
    return str(request.param)


@pytest.fixture
def directory(tmp_path: Path, way: str) -> Path:
    """A directory whose writes go the way under test."""
    if way == "named":
        force(tmp_path, _files._Unnamed.UNUSABLE)
    return tmp_path


@pytest.fixture
def no_ctypes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The module finds no ctypes, as in a Python built without it."""
    monkeypatch.setitem(sys.modules, "ctypes", None)
    _files._renameat2.cache_clear()
    yield
    _files._renameat2.cache_clear()


def force(directory: Path, found: _files._Unnamed) -> None:
    """Record a probe result for a directory, as if the probe had found it."""
    _files._DIRECTORIES[key(directory)] = found


def key(directory: Path | str) -> tuple[int, int]:
    """The key of a directory in the probe results."""
    info = Path(directory).stat()
    return info.st_dev, info.st_ino


def names(directory: Path) -> list[str]:
    """The names in a directory, sorted."""
    return sorted(path.name for path in directory.iterdir())


def temps(directory: Path) -> list[str]:
    """The temporary files in a directory."""
    return [name for name in names(directory) if name.endswith(".tmp")]


def writer(temp: str) -> int:
    """The pid in the name of a temporary file of ``d.json``."""
    prefix, pid, random_part, suffix = temp.rsplit(".", 3)
    assert (".d.json", 12, "tmp") == (prefix, len(random_part), suffix)
    return int(pid)


def plain_mode(directory: Path) -> int:
    """The mode a file created with 0o666 gets in a directory now."""
    path = directory / "plain"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    mode = stat.S_IMODE(path.stat().st_mode)
    path.unlink()
    return mode


def on_data_fsync(monkeypatch: pytest.MonkeyPatch, action: Callable[[], object]) -> None:
    """Run ``action`` when the written data is flushed, just before the real fsync."""
    real = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            action()
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def bytes_written() -> int:
    """The bytes this process has passed to write(2) so far (/proc/self/io)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        field, _, value = line.partition(":")
        if field == "wchar":
            return int(value)
    raise AssertionError


def dead_pid() -> int:
    """The pid of a process that has ended and been reaped."""
    process = subprocess.Popen([sys.executable, "-I", "-S", "-c", ""])
    process.wait()
    return process.pid


def run_child(script: str, *args: str) -> subprocess.Popen[str]:
    """Start a Python child that loads the module from its file."""
    return subprocess.Popen(  # noqa: S603 -- our own interpreter and script
        [sys.executable, "-I", "-S", "-c", script, _files.__file__, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


class TestWrite:
    def test_new_file(self, directory: Path) -> None:
        """A new file holds the data and nothing else is left in the directory."""
        _files.write_atomically(directory / "d.json", b"new")

        assert b"new" == (directory / "d.json").read_bytes()
        assert ["d.json"] == names(directory)

    def test_replaces(self, directory: Path) -> None:
        """An existing file is replaced by the data."""
        (directory / "d.json").write_bytes(b"old content, longer than the new")
        _files.write_atomically(directory / "d.json", b"new")

        assert b"new" == (directory / "d.json").read_bytes()
        assert ["d.json"] == names(directory)

    def test_empty(self, directory: Path) -> None:
        """Empty data makes an empty file."""
        _files.write_atomically(directory / "d.json", b"")

        assert b"" == (directory / "d.json").read_bytes()

    def test_large(self, directory: Path) -> None:
        """Data of many write chunks arrives whole."""
        data = bytes(range(256)) * (3 * _files._CHUNK // 256 + 7)
        _files.write_atomically(directory / "d.json", data)

        assert data == (directory / "d.json").read_bytes()

    def test_relative_str_path(self, directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A path may be a plain string, relative to the working directory."""
        monkeypatch.chdir(directory)
        _files.write_atomically("d.json", b"new")

        assert b"new" == (directory / "d.json").read_bytes()

    @pytest.mark.parametrize("mode", [0o640, 0o600, 0o604, 0o755])
    def test_keeps_mode(self, directory: Path, mode: int) -> None:
        """A replaced file keeps its permission bits, whatever the umask."""
        path = directory / "d.json"
        path.write_bytes(b"old")
        path.chmod(mode)
        old = os.umask(0o077)
        try:
            _files.write_atomically(path, b"new")
        finally:
            os.umask(old)

        assert mode == stat.S_IMODE(path.stat().st_mode)

    @pytest.mark.parametrize("umask", [0o022, 0o077, 0o002, 0o000])
    def test_new_mode_follows_umask(self, directory: Path, umask: int) -> None:
        """A new file gets the mode a file created with 0o666 gets: the umask applies."""
        old = os.umask(umask)
        try:
            _files.write_atomically(directory / "d.json", b"new")
            expected = plain_mode(directory)
        finally:
            os.umask(old)

        assert 0o666 & ~umask == expected
        assert expected == stat.S_IMODE((directory / "d.json").stat().st_mode)

    def test_new_mode_follows_default_acl(self, tmp_path: Path, way: str) -> None:
        """In a directory with a default ACL a new file gets the ACL's mode, as others do."""
        acl = tmp_path / "acl"
        acl.mkdir()
        if way == "named":
            force(acl, _files._Unnamed.UNUSABLE)
        entries = ((0x01, 6), (0x04, 6), (0x10, 6), (0x20, 4))  # user, group, mask, other
        blob = struct.pack("<I", 2) + b"".join(
            struct.pack("<HHI", tag, perm, 0xFFFFFFFF) for tag, perm in entries
        )
        os.setxattr(acl, "system.posix_acl_default", blob)
        old = os.umask(0o077)
        try:
            _files.write_atomically(acl / "d.json", b"new")
            expected = plain_mode(acl)
        finally:
            os.umask(old)

        assert 0o664 == expected
        assert expected == stat.S_IMODE((acl / "d.json").stat().st_mode)
        if way == "unnamed":  # the kernel applies the ACL to unnamed files as to others
            assert _files._Unnamed.USABLE is _files._DIRECTORIES[key(acl)]

    @pytest.mark.parametrize("exclusive", [False, True])
    def test_long_name(self, directory: Path, way: str, exclusive: bool) -> None:
        """A name of 255 bytes, the most there is, works: temp names keep 200 bytes of it."""
        name = "é" * 100 + "d" * 55
        leftover = f".{'é' * 100}.{dead_pid()}.0123456789ab.tmp"
        _files.write_atomically(directory / name, b"new", exclusive=exclusive)
        (directory / leftover).write_bytes(b"")
        _files.write_atomically(directory / name, b"newer")

        assert 255 == len(os.fsencode(name))
        assert b"newer" == (directory / name).read_bytes()
        assert [name] == names(directory)
        if way == "unnamed":
            assert _files._Unnamed.USABLE is _files._DIRECTORIES[key(directory)]

    def test_symlink_replaced_by_file(self, directory: Path) -> None:
        """A symlink at the path is replaced by a file with the mode of the file it named."""
        (directory / "real").write_bytes(b"old")
        (directory / "real").chmod(0o640)
        (directory / "d.json").symlink_to("real")
        _files.write_atomically(directory / "d.json", b"new")

        assert not (directory / "d.json").is_symlink()
        assert b"new" == (directory / "d.json").read_bytes()
        assert 0o640 == stat.S_IMODE((directory / "d.json").stat().st_mode)
        assert b"old" == (directory / "real").read_bytes()


class TestUnnamedFiles:
    def test_plain_link_meets_exdev(self, tmp_path: Path) -> None:
        """link(2) of /proc/self/fd/N fails with EXDEV here; the module still names the file."""
        fd = os.open(tmp_path, os.O_TMPFILE | os.O_WRONLY, 0o600)
        try:
            with pytest.raises(OSError) as info:  # noqa: PT011 -- the errno is the point
                os.link(f"/proc/self/fd/{fd}", tmp_path / "x", follow_symlinks=False)
        finally:
            os.close(fd)
        _files.write_atomically(tmp_path / "d.json", b"new")

        assert errno.EXDEV == info.value.errno
        assert {key(tmp_path): _files._Unnamed.USABLE} == _files._DIRECTORIES
        assert ["d.json"] == names(tmp_path)

    def test_data_written_once(self, tmp_path: Path) -> None:
        """The first write in a directory, probe included, writes the data exactly once."""
        data = b"x" * SIZE
        before = bytes_written()
        _files.write_atomically(tmp_path / "d.json", data)
        after = bytes_written()

        assert SIZE == after - before
        assert _files._Unnamed.USABLE is _files._DIRECTORIES[key(tmp_path)]

    def test_probe_once(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A directory is probed by its first write only, and the probe leaves no name."""
        _files.write_atomically(tmp_path / "a", b"1")
        probes: list[int] = []
        real = _files._probe

        def probe(dir_fd: int, name: str) -> _files._Unnamed:
            probes.append(dir_fd)
            return real(dir_fd, name)

        monkeypatch.setattr(_files, "_probe", probe)
        _files.write_atomically(tmp_path / "b", b"2")
        _files.write_atomically(tmp_path / "sub", b"3")

        assert [] == probes
        assert ["a", "b", "sub"] == names(tmp_path)

    def test_invisible_while_written(
        self, directory: Path, way: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """While the data is flushed, an unnamed file has no name; a named one has a temp name."""
        seen: list[list[str]] = []
        on_data_fsync(monkeypatch, lambda: seen.append(names(directory)))
        _files.write_atomically(directory / "d.json", b"new")

        assert 1 == len(seen)
        if way == "unnamed":
            assert [] == seen[0]
        else:
            assert [os.getpid()] == [writer(name) for name in seen[0]]

    def test_file_system_without_unnamed_files(self) -> None:
        """Where the file system has no unnamed files (procfs), the named path is taken."""
        with pytest.raises(FileNotFoundError):
            _files.write_atomically("/proc/self/secdialogue-test", b"new")

        assert _files._Unnamed.UNUSABLE is _files._DIRECTORIES[key("/proc/self")]

    def test_own_mode(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Where unnamed files get their own mode, only a replacement (mode set) uses one."""
        force(tmp_path, _files._Unnamed.OWN_MODE)
        seen: list[list[str]] = []
        on_data_fsync(monkeypatch, lambda: seen.append(temps(tmp_path)))
        _files.write_atomically(tmp_path / "d.json", b"new")
        (tmp_path / "d.json").chmod(0o604)
        _files.write_atomically(tmp_path / "d.json", b"newer")

        assert 1 == len(seen[0])
        assert [] == seen[1]
        assert b"newer" == (tmp_path / "d.json").read_bytes()
        assert 0o604 == stat.S_IMODE((tmp_path / "d.json").stat().st_mode)

    def test_naming_failure_forgets_probe(self, tmp_path: Path) -> None:
        """If naming the unnamed file fails, the directory is probed again next time."""
        (tmp_path / "d.json").mkdir()
        with pytest.raises(IsADirectoryError):
            _files.write_atomically(tmp_path / "d.json", b"new")

        assert {} == _files._DIRECTORIES


class TestFailures:
    @pytest.mark.parametrize("exclusive", [False, True])
    def test_parent_is_a_file(self, directory: Path, exclusive: bool) -> None:
        """A path under a file is NotADirectoryError and changes nothing."""
        (directory / "file").write_bytes(b"old")
        with pytest.raises(NotADirectoryError):
            _files.write_atomically(directory / "file" / "d.json", b"new", exclusive=exclusive)

        assert b"old" == (directory / "file").read_bytes()
        assert ["file"] == names(directory)

    @pytest.mark.parametrize("exclusive", [False, True])
    def test_parent_missing(self, tmp_path: Path, exclusive: bool) -> None:
        """A path in a directory that does not exist is FileNotFoundError and makes nothing."""
        with pytest.raises(FileNotFoundError):
            _files.write_atomically(tmp_path / "no" / "d.json", b"new", exclusive=exclusive)

        assert [] == names(tmp_path)

    def test_directory_target(self, directory: Path) -> None:
        """A directory at the path is IsADirectoryError; it stays, and no temp file does."""
        (directory / "d.json").mkdir()
        (directory / "d.json" / "inside").write_bytes(b"kept")
        with pytest.raises(IsADirectoryError):
            _files.write_atomically(directory / "d.json", b"new")

        assert b"kept" == (directory / "d.json" / "inside").read_bytes()
        assert ["d.json"] == names(directory)

    def test_root(self) -> None:
        """The root directory is no file name: IsADirectoryError before anything is done."""
        with pytest.raises(IsADirectoryError):
            _files.write_atomically("/", b"new")

    def test_file_too_large(self, directory: Path) -> None:
        """A write that fails halfway (EFBIG past RLIMIT_FSIZE) leaves the old file, no temp."""
        path = directory / "d.json"
        path.write_bytes(b"old")
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (_files._CHUNK, hard))
        try:
            with pytest.raises(OSError) as info:  # noqa: PT011 -- the errno is the point
                _files.write_atomically(path, b"x" * SIZE)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, handler)

        assert errno.EFBIG == info.value.errno
        assert b"old" == path.read_bytes()
        assert ["d.json"] == names(directory)

    def test_interrupted_while_writing(
        self, directory: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A SIGINT while the data is written: KeyboardInterrupt, old file, no temp file."""
        path = directory / "d.json"
        path.write_bytes(b"old")
        handler = signal.signal(signal.SIGINT, signal.default_int_handler)
        on_data_fsync(monkeypatch, lambda: signal.raise_signal(signal.SIGINT))
        try:
            with pytest.raises(KeyboardInterrupt):
                _files.write_atomically(path, b"new")
        finally:
            signal.signal(signal.SIGINT, handler)

        assert b"old" == path.read_bytes()
        assert ["d.json"] == names(directory)

    def test_interrupted_before_rename(
        self, directory: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A SIGINT when the temp name exists and the rename is next removes the temp name."""
        path = directory / "d.json"
        path.write_bytes(b"old")
        seen: list[list[str]] = []
        real = os.replace

        def replace(*args: object, **kwargs: object) -> None:
            seen.append(temps(directory))
            signal.raise_signal(signal.SIGINT)
            real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "replace", replace)
        handler = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            with pytest.raises(KeyboardInterrupt):
                _files.write_atomically(path, b"new")
        finally:
            signal.signal(signal.SIGINT, handler)

        assert 1 == len(seen[0])
        assert b"old" == path.read_bytes()
        assert ["d.json"] == names(directory)

    @pytest.mark.parametrize("exclusive", [False, True])
    def test_temp_file_vanishes(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exclusive: bool
    ) -> None:
        """A temp file removed under the writer (by a sweep in another pid namespace) fails it."""
        force(tmp_path, _files._Unnamed.UNUSABLE)

        def sweep_all() -> None:
            for name in temps(tmp_path):
                (tmp_path / name).unlink()

        on_data_fsync(monkeypatch, sweep_all)
        with pytest.raises(FileNotFoundError):
            _files.write_atomically(tmp_path / "d.json", b"new", exclusive=exclusive)

        assert [] == names(tmp_path)


class TestExclusive:
    def test_creates(self, directory: Path) -> None:
        """Where nothing is, an exclusive write creates the file, default mode."""
        _files.write_atomically(directory / "d.json", b"new", exclusive=True)

        assert b"new" == (directory / "d.json").read_bytes()
        assert plain_mode(directory) == stat.S_IMODE((directory / "d.json").stat().st_mode)
        assert ["d.json"] == names(directory)

    @pytest.mark.parametrize("kind", ["file", "directory", "symlink", "dangling"])
    def test_refuses_what_exists(self, directory: Path, kind: str) -> None:
        """Anything at the path, even a dangling symlink, is FileExistsError and stays."""
        path = directory / "d.json"
        (directory / "real").write_bytes(b"old")
        if kind == "file":
            path.write_bytes(b"old")
        elif kind == "directory":
            path.mkdir()
        else:
            path.symlink_to("real" if kind == "symlink" else "nowhere")
        before = os.lstat(path)
        with pytest.raises(FileExistsError) as info:
            _files.write_atomically(path, b"new", exclusive=True)

        assert (errno.EEXIST, str(path)) == (info.value.errno, info.value.filename)
        assert before == os.lstat(path)
        assert b"old" == (directory / "real").read_bytes()
        assert ["d.json", "real"] == names(directory)

    def test_file_created_meanwhile(
        self, directory: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file that appears while the data is written is not replaced: FileExistsError."""
        path = directory / "d.json"
        on_data_fsync(monkeypatch, lambda: path.write_bytes(b"theirs"))
        with pytest.raises(FileExistsError):
            _files.write_atomically(path, b"new", exclusive=True)

        assert b"theirs" == path.read_bytes()
        assert ["d.json"] == names(directory)

    @pytest.mark.usefixtures("no_ctypes")
    def test_without_renameat2(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without renameat2 an exclusive named write links and unlinks, refusing the same."""
        force(tmp_path, _files._Unnamed.UNUSABLE)
        _files.write_atomically(tmp_path / "a", b"new", exclusive=True)
        on_data_fsync(monkeypatch, lambda: (tmp_path / "b").write_bytes(b"theirs"))
        with pytest.raises(FileExistsError):
            _files.write_atomically(tmp_path / "b", b"new", exclusive=True)

        assert _files._renameat2() is None
        assert (b"new", b"theirs") == (
            (tmp_path / "a").read_bytes(),
            (tmp_path / "b").read_bytes(),
        )
        assert ["a", "b"] == names(tmp_path)


class TestLeftovers:
    def test_killed_writers_leftover_swept(self, tmp_path: Path, way: str) -> None:
        """A writer killed by SIGKILL in the middle leaves a temp name the next write removes."""
        path = tmp_path / "d.json"
        path.write_bytes(b"old")
        child = run_child(_STALLING_WRITER, str(path), way)
        assert child.stdout is not None
        try:
            assert "writing\n" == child.stdout.readline()
        finally:
            child.kill()
            child.wait()
            child.stdout.close()
            assert child.stdin is not None
            child.stdin.close()
        leftovers = temps(tmp_path)
        _files.write_atomically(path, b"new")

        assert b"new" == path.read_bytes()
        assert ["d.json"] == names(tmp_path)
        if way == "named":
            assert [child.pid] == [writer(name) for name in leftovers]
        else:  # killed before the temp name exists
            assert [] == leftovers

    def test_running_writers_temp_kept(self, tmp_path: Path) -> None:
        """The temp file of a writer that still runs is left alone, until it has died."""
        path = tmp_path / "d.json"
        child = run_child(_STALLING_WRITER, str(path), "named")
        assert child.stdout is not None
        assert child.stdin is not None
        try:
            assert "writing\n" == child.stdout.readline()
            _files.write_atomically(path, b"mine")
            kept = temps(tmp_path)
        finally:
            child.kill()
            child.wait()
            child.stdout.close()
            child.stdin.close()
        _files.write_atomically(path, b"mine again")

        assert 1 == len(kept)
        assert ["d.json"] == names(tmp_path)

    def test_only_stale_temps_of_the_target(self, tmp_path: Path) -> None:
        """The sweep removes exactly the temp names of its target whose pid has ended."""
        dead, own = dead_pid(), os.getpid()
        stale = f".d.json.{dead}.0123456789ab.tmp"
        others = [
            f".d.json.{own}.0123456789ab.tmp",  # this process: it may be writing
            f".d.json.{dead}.0123456789AB.tmp",  # not our spelling
            f".d.json.{dead}.0123456789a.tmp",
            f".d.json.{dead}.0123456789ab.tmp.bak",
            ".d.json.0.0123456789ab.tmp",  # kill(0, 0) is the process group
            ".d.json.01.0123456789ab.tmp",
            ".d.json.1234567890.0123456789ab.tmp",  # more digits than a pid has
            ".d.json.x.0123456789ab.tmp",
            f".e.json.{dead}.0123456789ab.tmp",  # another target
            f"..d.json.{dead}.0123456789ab.tmp",
            ".d.json.tmp",
            "d.json.tmp",
        ]
        for name in [stale, *others]:
            (tmp_path / name).write_bytes(b"")
        _files.write_atomically(tmp_path / "d.json", b"new")

        assert sorted([*others, "d.json"]) == names(tmp_path)

    def test_other_users_process_runs(self) -> None:
        """A process that kill(2) may not signal (EPERM) counts as running."""
        if os.geteuid() != 0:
            assert _files._running(1)
            return
        child = run_child(_OTHER_USER)
        out, _ = child.communicate()

        assert "EPERM True\n" == out

    def test_dead_process(self) -> None:
        """A process that has ended and been reaped no longer runs; this one does."""
        assert (False, True) == (_files._running(dead_pid()), _files._running(os.getpid()))


class _ForkServer:
    """A child Python that forks writers on request; see _FORK_SERVER."""

    def __init__(self) -> None:
        self.process = run_child(_FORK_SERVER, str(SIZE))
        assert "loaded\n" == self._line()

    def _line(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline()

    def _send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text)
        self.process.stdin.flush()

    def write(self, target: Path, fill: str, way: str, kill_after: float | None) -> float:
        """Fork a writer and kill it after ``kill_after`` seconds.

        Returns:
            The seconds from the fork until the writer was reaped, negative if
            it was killed.
        """
        self._send(f"{target} {fill} {way}\n")
        pid = int(self._line())
        start = time.perf_counter()
        if kill_after is not None:
            time.sleep(kill_after)
            os.kill(pid, signal.SIGKILL)  # a zombie until reaped: the pid is not reused
        self._send("reap\n")
        status = int(self._line())
        seconds = time.perf_counter() - start
        return -seconds if os.WIFSIGNALED(status) else seconds

    def close(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait()
        self.process.stdout.close()


def kill_rounds(directory: Path, way: str, rounds: int, seed: int) -> Counter[str]:
    """Kill ``rounds`` writers at random moments; check each time; count what was found.

    Each writer replaces a complete old file with 4 MB; it is killed at a moment
    drawn from the time a whole write takes (measured now and then with a writer
    that is let finish: the machine's pace changes). Then the file must be the
    old or the new one, and the test's own next write must leave no temp file.
    """
    target = directory / "dossier.json"
    old, new = b"old dossier\n" * 1000, b"B" * SIZE
    rng = random.Random(seed)  # noqa: S311 -- moments to kill at, not secrets
    counts: Counter[str] = Counter()

    def write_old() -> None:  # also sweeps the last writer's leftover
        _files.write_atomically(target, old)
        assert [target.name] == names(directory), counts

    server = _ForkServer()
    durations: deque[float] = deque(maxlen=5)

    def measure() -> None:  # a writer let finish: how long a whole write takes now
        write_old()
        durations.append(server.write(target, "B", way, None))
        assert new == target.read_bytes()

    try:
        for _ in range(3):
            measure()
        for number in range(1, rounds + 1):
            if number % 10 == 0:
                measure()
            write_old()
            window = statistics.median(durations)
            seconds = server.write(target, "B", way, rng.uniform(0, window))
            content = target.read_bytes()
            assert content in (old, new), "a torn file"
            counts["killed" if seconds < 0 else "finished"] += 1
            counts["new" if content == new else "old"] += 1
            for leftover in temps(directory):
                size = (directory / leftover).stat().st_size
                kind = "empty" if size == 0 else "complete" if size == SIZE else "partial"
                counts[f"leftover {kind}"] += 1
        write_old()
    finally:
        server.close()
    return counts


class TestKilledWriters:
    @pytest.mark.parametrize(("way", "rounds"), [("unnamed", KILL_ROUNDS), ("named", 50)])
    def test_random_kills(self, directory: Path, way: str, rounds: int) -> None:
        """Writers of 4 MB killed at random moments: never a torn file, no temp file left."""
        counts = kill_rounds(directory, way, rounds, seed=2022)

        assert rounds == counts["old"] + counts["new"]
        assert counts["old"] > 0, counts
        assert counts["new"] > 0, counts
        assert counts["killed"] > 0, counts
