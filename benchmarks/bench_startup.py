"""Cold start of the CLI (issue 12): `caredraft kb status`, `kb search` and `draft` as a user runs them, per backend.

Each command runs as a fresh process (nothing imported, the model not loaded; the OS file cache is warm, as it
is for a user's second command), several times; the table gives the median wall time and the median CPU time
(user + system of the child: less sensitive than wall time to other processes on a shared machine) and the
load average. Both backends answer from an index of the bundled sample built with that backend, the ONNX one
with its export already cached (the one-off export is timed separately, in ``bench_embedders``).
Targets: `kb status` <= 1 s, `kb search` and `draft` <= 3 s.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import print_table, write_results

ROOT = Path(__file__).resolve().parent.parent
CAREDRAFT = Path(sys.executable).parent / "caredraft"
COMMANDS = {
    "kb status": ["kb", "status"],
    "kb search": ["kb", "search", "how long do refunds take", "-k", "5"],
    "draft": ["draft", "My parcel arrived damaged and I need it by Friday", "--channel", "chat"],
}
TARGETS_S = {"kb status": 1.0, "kb search": 3.0, "draft": 3.0}


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``caredraft argv`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([str(CAREDRAFT), *argv], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"caredraft {' '.join(argv)} failed: {done.stderr[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _index(backend: str, data_dir: Path, cache_dir: Path) -> None:
    from assistant.settings import SAMPLE_KB_DIR, EmbedderSettings, KnowledgeBaseSettings
    from knowledge_base.sync import sync
    from models.embedders import build_embedder

    embedder = build_embedder(EmbedderSettings(backend=backend, cache_dir=cache_dir), data_dir)  # type: ignore[arg-type]
    sync([SAMPLE_KB_DIR], data_dir / "index", embedder, settings=KnowledgeBaseSettings())


def main(quick: bool = False) -> dict:
    from assistant.settings import Settings

    runs = 1 if quick else 3
    rows, results = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        for backend in ("torch", "onnx", "openvino"):
            # the product's own export cache for that backend, built once
            cache_dir = Settings().data_dir.resolve() / "models" / backend
            data_dir = Path(tmp) / backend
            _index(backend, data_dir, cache_dir)
            env = {**os.environ, "CAREDRAFT_DATA_DIR": str(data_dir), "CAREDRAFT_EMBEDDER__BACKEND": backend,
                   "CAREDRAFT_EMBEDDER__CACHE_DIR": str(cache_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
            for name, argv in COMMANDS.items():
                _timed(argv, env)  # one untimed run: the OS file cache warm, as for a user's second command
                walls, cpus, loads = [], [], []
                for _ in range(runs):
                    loads.append(os.getloadavg()[0])
                    wall, cpu = _timed(argv, env)
                    walls.append(wall)
                    cpus.append(cpu)
                row = {"backend": backend, "command": name, "runs": runs, "wall_median_s": statistics.median(walls),
                       "wall_min_s": min(walls), "cpu_median_s": statistics.median(cpus),
                       "load_avg": statistics.median(loads), "target_s": TARGETS_S[name]}
                rows.append(row)
                results[f"{backend} {name}"] = {**row, "walls_s": walls, "cpus_s": cpus}
                print(f"{backend} {name}: median {row['wall_median_s']:.2f} s wall, {row['cpu_median_s']:.2f} s CPU "
                      f"(load {row['load_avg']:.1f})", flush=True)
    print_table(f"CLI cold start ({os.cpu_count()} CPUs; wall time depends on the machine's load, CPU time less)", rows)
    result = {"quick": quick, "cpu_count": os.cpu_count(), "rows": rows, "results": results}
    write_results("startup", result)
    return result


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
