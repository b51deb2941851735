"""A batch's one look at its folder: stale working files cleaned, notes of earlier parts listed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from aemviewer.saving.folder_scan import scan_folder
from aemviewer.saving.working_files import PART_SUFFIX, SIDECAR_SUFFIX, STALE_AFTER


def test_the_scan_lists_noted_parts_and_cleans_stale_temporary_files(tmp_path: Path) -> None:
    (tmp_path / f"a.jpg{PART_SUFFIX}").write_bytes(b"part")
    (tmp_path / f"a.jpg{SIDECAR_SUFFIX}").write_text("{}")
    (tmp_path / f"b.jpg{PART_SUFFIX}").write_bytes(b"a part without a note cannot be continued")
    (tmp_path / "c.jpg.part.json").write_text("another program's")
    stale = tmp_path / ".report.csv.aemviewer-1a2b3c4d.tmp"
    stale.write_bytes(b"left by a killed process")
    old = time.time() - STALE_AFTER - 60
    os.utime(stale, (old, old))

    scan = scan_folder(tmp_path)

    assert scan.noted_parts == frozenset({"a.jpg"})
    assert scan.may_continue("a.jpg")
    assert not scan.may_continue("b.jpg")
    assert not stale.exists()
