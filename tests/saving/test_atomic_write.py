"""Small user files written in one step: permissions, folders made on request, the error's wording."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from aemviewer.delivery.errors import LocalFileError
from aemviewer.saving.atomic_write import write_user_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_user_file_is_readable_by_all_and_a_private_one_by_its_owner(tmp_path: Path) -> None:
    shared, private = tmp_path / "export.png", tmp_path / "profiles.json"
    write_user_file(shared, b"png", what="The export", hint="-")
    write_user_file(private, b"{}", what="The profiles", hint="-", private=True)
    assert (shared.read_bytes(), _mode(shared)) == (b"png", 0o644)
    assert (private.read_bytes(), _mode(private)) == (b"{}", 0o600)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["export.png", "profiles.json"]


def test_the_folder_is_made_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "data" / "aemviewer" / "downloads.json"
    with pytest.raises(LocalFileError) as refused:
        write_user_file(target, b"[]", what="The Downloads list", hint="Check the folder.")
    assert str(target) in refused.value.message
    assert refused.value.message.startswith("The Downloads list could not be written to ")
    assert refused.value.hint == "Check the folder."
    assert not target.parent.exists()

    write_user_file(target, b"[]", what="The Downloads list", hint="Check the folder.", create_folder=True)
    assert target.read_bytes() == b"[]"
