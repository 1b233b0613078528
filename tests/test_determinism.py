"""Same input, same output: records do not depend on the hash seed of the process.

Each test runs ``pressextract extract`` in two fresh processes with different
``PYTHONHASHSEED`` values and compares the output files byte for byte. All texts are invented.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import SHARED, SISTER_CITIES, TEAM_LIST, needs_shared

# "NS" is tagged once as an organisation and once as a place: the label its long form gets
# was a tie broken by the iteration order of a set of strings, i.e. by the hash seed.
TIED_ACRONYM = """\
Night Shift league opens its season in Leeds

LEEDS, 12 September 2024 - The Night Shift league opened its new season on Thursday with eight clubs.

NS will play in Leeds. Fans travelled from NS to Leeds. The Night Shift (NS) league opens today with a match between two clubs.
"""

TRAINING = """\
Harbour Institute trains 40 port officials from Kenya and Tanzania

MOMBASA, Kenya, March 3, 2025 - The Harbour Institute of Logistics (HIL) completed a two-week
training programme for 40 port officials from Kenya and Tanzania on Friday. The course, organized
by HIL in partnership with the East African Ports Council, was held at the Bahari Training Centre.

"Ports connect our economies," said Amina Odhiambo, Director of HIL.
"""

def _extract(paths: list[Path], out: Path, seed: int) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    cmd = [sys.executable, "-c", "from pressextract.cli import app; app()", "extract",
           *map(str, paths), "-o", str(out), "--no-progress"]
    subprocess.run(cmd, env=env, check=False, capture_output=True, timeout=600)
    return out.read_bytes()


def _same_for_two_seeds(paths: list[Path], tmp_path: Path) -> None:
    first = _extract(paths, tmp_path / "seed-1.jsonl", 1)
    second = _extract(paths, tmp_path / "seed-12345.jsonl", 12345)
    assert first, "no records written"
    assert first == second


def test_records_do_not_depend_on_the_hash_seed(tmp_path):
    paths = []
    for name, text in (("team.txt", TEAM_LIST), ("acronym.txt", TIED_ACRONYM),
                       ("training.txt", TRAINING), ("agreement.txt", SISTER_CITIES)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    _same_for_two_seeds(paths, tmp_path)


def test_devset_records_do_not_depend_on_the_hash_seed(tmp_path):
    docs = needs_shared(SHARED / "devset" / "docs")
    _same_for_two_seeds([docs / f"d{n:02d}.txt" for n in (1, 13, 20, 27, 41, 55)], tmp_path)
