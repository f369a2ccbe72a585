"""Compiling generated functions so that tracebacks and debuggers show their source."""

from __future__ import annotations

import linecache
from typing import Any

__all__ = ["generate"]


def generate(lines: list[str], filename: str, namespace: dict[str, Any], name: str) -> Any:  # noqa: ANN401
    """Compile ``lines``, define them in ``namespace`` and return the function ``name``.

    The source is registered in :mod:`linecache` under ``filename`` (as attrs
    and cattrs do with theirs), so a traceback through the function shows its
    lines.
    """
    source = "\n".join(lines) + "\n"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 -- our own generated source
    return namespace[name]
