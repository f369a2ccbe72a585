"""``python -m secdialogue``: the same as the ``secdialogue`` command."""

from __future__ import annotations

from secdialogue._cli import main

raise SystemExit(main())
