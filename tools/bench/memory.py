"""How much memory a browser tab uses: its renderer processes from /proc, its JS heap from CDP."""

from __future__ import annotations

import re
import threading
from pathlib import Path

SAMPLE_S = 0.2  # sampling period


class MemorySampler(threading.Thread):
    """Samples the private memory and RSS of the given renderer PIDs from /proc."""

    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peak_private = 0
        self.peak_rss = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(SAMPLE_S)

    def sample(self) -> tuple[int, int]:
        private = rss = 0
        for pid in self.pids:
            p, r = process_memory(pid)
            private, rss = max(private, p), max(rss, r)
        self.peak_private = max(self.peak_private, private)
        self.peak_rss = max(self.peak_rss, rss)
        return private, rss

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def process_memory(pid: int) -> tuple[int, int]:
    """(private + swap, rss) in bytes from /proc/<pid>/smaps_rollup; (0, 0) once it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    kb = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+):\s+(\d+) kB", text, re.M)}
    private = kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0) + kb.get("Swap", 0)
    return private * 1024, kb.get("Rss", 0) * 1024


def renderer_pids(browser) -> list[int]:
    session = browser.new_browser_cdp_session()
    try:
        info = session.send("SystemInfo.getProcessInfo")
    finally:
        session.detach()
    return [int(p["id"]) for p in info["processInfo"] if p.get("type") == "renderer"]


def js_heap(cdp) -> int | None:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    value = metrics.get("JSHeapUsedSize")
    return int(value) if value is not None else None
