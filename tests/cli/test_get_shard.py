"""`get --from-file --shard K/N`: three shards of one list save every entry exactly once, and
their `--report` CSV files concatenate into the report of the whole list."""

from __future__ import annotations

import csv
from pathlib import Path

from aemviewer.delivery.errors import ExitCode

IDS = [
    "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102",
    "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4",
    "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a",
    "urn:aaid:aem:cd952913-3e71-57ae-b211-dc3c3595ed39",
    "urn:aaid:aem:955e8c1d-0c28-5729-bf8e-191e11afaead",
    "urn:aaid:aem:ead6f34d-aff6-5006-a69d-bf02da94ed28",
    "urn:aaid:aem:290dfbc0-df8c-5876-8f10-cabf089c973d",
    "urn:aaid:aem:6fa721ac-8e15-5ec5-a951-8206fb811fad",
    "urn:aaid:aem:f9a67a5b-d980-5182-bacb-3925ba0d1c20",
]


def test_three_shards_save_every_entry_exactly_once(run, tmp_path: Path) -> None:
    listing = tmp_path / "assets.txt"
    listing.write_text("\n".join(IDS) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    reports = [tmp_path / f"report-{k}.csv" for k in (1, 2, 3)]

    for k, report in enumerate(reports, start=1):
        result = run(
            "get",
            "--from-file",
            str(listing),
            "--width",
            "64",
            "--name",
            "{line}",
            "-o",
            str(out),
            "--shard",
            f"{k}/3",
            "--report",
            str(report),
        )
        assert result.code == 0, result.err

    # The documented way to combine the reports: the first header, then every file's rows.
    lines = [reports[0].read_text(encoding="utf-8-sig").splitlines()[0]]
    for report in reports:
        lines += report.read_text(encoding="utf-8-sig").splitlines()[1:]
    rows = list(csv.DictReader(lines))
    assert sorted(int(row["line"]) for row in rows) == list(range(1, len(IDS) + 1))
    assert sorted(row["entry"] for row in rows) == sorted(IDS)
    assert all(row["outcome"] == "saved" for row in rows)
    assert sorted(path.stem for path in out.iterdir()) == sorted(str(n) for n in range(1, len(IDS) + 1))
    assert all(sum(1 for row in csv.DictReader(report.open(encoding="utf-8-sig"))) for report in reports)


def test_shard_needs_a_list(run, tmp_path: Path) -> None:
    result = run("get", IDS[0], "--shard", "1/2", "-o", str(tmp_path))

    assert result.code == ExitCode.BAD_INPUT and "--shard splits a list" in result.err
