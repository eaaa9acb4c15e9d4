"""Four reference runs whose bytes a refactoring must not change.

    python benchmarks/reference_runs.py write DIR      # the four runs into DIR
    python benchmarks/reference_runs.py compare A B    # every file of A's runs against B's

``compare`` prints each file that differs or exists on one side only and exits 1 when
any does. A move that changes no behaviour leaves every table, JSON, figure, workbook and
report byte-identical; an intended change is listed by name in the closing note.
"""

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(Path(sys.executable).parent / "integraatio")]  # the venv's command

RUNS = {
    "default": ["run"],
    "bootstrap_compare_scenarios": ["run", "--bootstrap", "200", "--compare-by", "size_class",
                                    "--scenarios", str(ROOT / "survey_data" / "scenarios.toml")],
    "stability_sweep": ["stability", "--bootstrap", "100", "--sweep", "0.8,1.0,1.2", "--sweep-replicates", "50"],
    "english_frequency_subgroup": ["run", "--lang", "en", "--measure", "frequency",
                                   "--exclude-subgroup", "asumispalvelut"],
}


def write(folder: Path) -> None:
    for name, args in RUNS.items():
        done = subprocess.run([*CLI, *args, "--out", str(folder / name)], capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{name}: exit {done.returncode}\n{done.stderr}")
        print(f"{name}: written")


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def compare(a: Path, b: Path) -> int:
    da, db = digests(a), digests(b)
    differ = [f"differs: {k}" for k in sorted(da.keys() & db.keys()) if da[k] != db[k]]
    alone = [f"only in {a if k in da else b}: {k}" for k in sorted(da.keys() ^ db.keys())]
    for line in differ + alone:
        print(line)
    print(f"{len(da.keys() & db.keys()) - len(differ)} files identical, {len(differ)} differ, {len(alone)} on one side")
    return 1 if differ or alone else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["write"] and len(sys.argv) == 3:
        write(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["compare"] and len(sys.argv) == 4:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
