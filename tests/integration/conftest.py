"""Integration tests run daypane.core against real servers started on 127.0.0.1.

tests/servers holds the helpers (a Radicale subprocess, a urllib Transport); it is put on sys.path
here rather than made a package, as the rest of tests/ has no __init__.py files.
"""

from __future__ import annotations

import sys
from pathlib import Path

SERVERS = Path(__file__).resolve().parents[1] / "servers"
if str(SERVERS) not in sys.path:
    sys.path.insert(0, str(SERVERS))
