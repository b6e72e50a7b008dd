"""What machine a benchmark ran on, written beside its figures."""

from __future__ import annotations

import pathlib
import platform


def cpu_model() -> str:
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe() -> dict[str, object]:
    """CPU, cores, memory, Python, date and load: what every result file records beside its figures."""
    import datetime
    import os

    try:
        mem = int(next(line.split()[1] for line in pathlib.Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal"))) // 1024 // 1024
    except (OSError, StopIteration):
        mem = None
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "memory_gib": mem, "python": platform.python_version(),
            "system": platform.platform(), "date": datetime.date.today().isoformat(), "load_1min": os.getloadavg()[0]}
