"""File names from servers, lists and patterns: always one harmless name inside the chosen folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from aemviewer.delivery.errors import InvalidInput, LocalFileError
from aemviewer.saving.download_lock import download_lock, lock_path
from aemviewer.saving.filenames import (
    MAX_NAME_BYTES,
    extension_correction,
    name_from_content_disposition,
    safe_file_name,
    suggested_file_name,
    with_extension,
)
from aemviewer.saving.naming import NameFields, NameRegistry, check_pattern, render_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        ("/absolute/path.jpg", "path.jpg"),
        ("photo/", "download"),
    ],
)
def test_path_separators_and_parent_references_keep_only_the_last_name(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


@pytest.mark.parametrize("name", ["..", ".", "...", "x/..", "  "])
def test_dot_names_and_blanks_fall_back(name: str) -> None:
    assert safe_file_name(name, fallback="image") == "image"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CON", "CON_"),
        ("con.jpg", "con_.jpg"),
        ("NUL.txt", "NUL_.txt"),
        ("COM1", "COM1_"),
        ("LPT9.png", "LPT9_.png"),
    ],
)
def test_names_windows_reserves_are_changed(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a\x00b\x1fc.jpg", "a_b_c.jpg"),
        ("line\nbreak.jpg", "line_break.jpg"),
        ("del\x7f.jpg", "del_.jpg"),
        ("evil\u202egpj.exe", "evilgpj.exe"),  # a right-to-left override would show "evilexe.jpg"
        ("zero\u200bwidth\ufeff.jpg", "zerowidth.jpg"),
        ("lone\ud800surrogate.jpg", "lonesurrogate.jpg"),
        ('pipe|star*quote".jpg', "pipe_star_quote_.jpg"),
    ],
)
def test_control_and_invisible_characters_are_removed(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


def test_leading_dots_would_hide_the_file() -> None:
    assert safe_file_name(".bashrc") == "bashrc"
    assert safe_file_name("name. . ") == "name"


@pytest.mark.parametrize("stem", ["a" * 400, "é" * 300, "日本" * 200])
def test_over_long_names_are_cut_below_the_limit_keeping_the_extension(stem: str) -> None:
    name = safe_file_name(stem + ".jpeg")
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert name.endswith(".jpeg")
    assert len((name + ".aemviewer-part.json").encode()) < 255, "the part's sidecar fits too"


def test_content_disposition_prefers_the_encoded_name() -> None:
    header = "attachment; filename=\"fallback.jpg\"; filename*=UTF-8''%C3%A9t%C3%A9.jpg"
    assert name_from_content_disposition(header) == "été.jpg"
    assert name_from_content_disposition('inline; filename="a b.png"') == "a b.png"
    assert (
        name_from_content_disposition("attachment; filename*=UTF-8''..%2Fx%2F..%2Fy.jpg") == "../x/../y.jpg"
    )
    assert name_from_content_disposition("inline") is None
    assert name_from_content_disposition(None) is None


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("photo.jpg", "image/jpeg", "photo.jpg"),
        ("photo.JPEG", "image/jpeg", "photo.JPEG"),
        ("photo.png", "image/jpeg", "photo.jpg"),
        ("photo.jpg", "image/webp", "photo.webp"),
        ("cq5dam.web.1280.1280", "image/jpeg", "cq5dam.web.1280.1280.jpg"),
        ("evil.sh", "image/png", "evil.sh.png"),
        ("clip.mov", "video/quicktime", "clip.mov"),
        ("scan.tiff", "image/tiff", "scan.tiff"),
    ],
)
def test_the_delivered_type_decides_the_extension(name: str, content_type: str, expected: str) -> None:
    assert with_extension(name, content_type) == expected


def test_suggested_name_from_disposition_else_url_with_the_delivered_extension() -> None:
    url = "https://h/adobe/assets/urn:aaid:aem:x/as/summer-sale.jpg?width=800"
    assert suggested_file_name(None, url, "image/avif", "image") == "summer-sale.avif"
    assert suggested_file_name('attachment; filename="../x.png"', url, "image/png", "image") == "x.png"
    assert suggested_file_name(None, "https://h/", "image/jpeg", "image") == "h.jpg"


# --- patterns -------------------------------------------------------------------------------------

FIELDS = NameFields(name="beach", id="6fbf9d63", rendition="original", format="jpg", width=None, line=3)


def test_patterns_fill_in_and_tidy_empty_placeholders() -> None:
    assert render_name("{name}", FIELDS) == "beach"
    assert render_name("{name}-{width}", FIELDS) == "beach"
    assert render_name("{line:03d}_{name}_{id}", FIELDS) == "003_beach_6fbf9d63"
    assert render_name("{name}-{format}", FIELDS) == "beach-jpg"


def test_values_cannot_add_folders() -> None:
    fields = NameFields(name="../../etc/cron", id="x", rendition="a/b", format="", width=1, line=1)
    name = render_name("{name}-{rendition}", fields)
    assert name == "etc_cron-a_b"


@pytest.mark.parametrize(
    ("pattern", "mentions"),
    [
        ("", "empty"),
        ("{nope}", "{nope}"),
        ("sub/{name}", "separator"),
        ("{name", "not valid"),
        ("{name!x}", "cannot be filled in"),
    ],
)
def test_bad_patterns_are_refused_with_a_reason(pattern: str, mentions: str) -> None:
    with pytest.raises(InvalidInput, match=mentions):
        check_pattern(pattern)


def test_the_registry_gives_each_name_once_per_folder(tmp_path: Path) -> None:
    names = NameRegistry()
    first, second, third = object(), object(), object()
    assert names.claim(tmp_path, "a.jpg", first) == "a.jpg"
    assert names.claim(tmp_path, "A.JPG", second) == "A (1).JPG", "case-insensitive file systems"
    assert names.claim(tmp_path, "a.jpg", first) == "a.jpg", "one's own name again"
    assert names.claim(tmp_path / "other", "a.jpg", third) == "a.jpg"
    (tmp_path / "b.jpg").write_bytes(b"")
    assert names.claim(tmp_path, "b.jpg", third) == "b.jpg"
    assert names.claim(tmp_path, "b.jpg", second, avoid_existing=True) == "b (1).jpg"
    names.release(first)
    assert names.claim(tmp_path, "a.jpg", third) == "a.jpg"
    assert names.claim(tmp_path, "b (1).jpg", first) == "b (2).jpg", "numbering goes on, no 'b (1) (1)'"


def test_a_lock_that_cannot_be_created_names_it_and_claims_no_partial_file(tmp_path: Path) -> None:
    url = "http://127.0.0.1/x.jpg"
    blocked = lock_path(tmp_path, url)
    blocked.mkdir()  # a folder where the lock file goes: it cannot be opened, even by root

    with pytest.raises(LocalFileError) as refused, download_lock(tmp_path, url):
        pass

    assert str(blocked) in refused.value.message
    assert "partial file" not in refused.value.message


@pytest.mark.parametrize(
    ("chosen", "saved", "content_type", "message", "summary"),
    [
        (
            "photo.png",
            "photo.jpg",
            "image/jpeg; charset=binary",
            "Saved as photo.jpg: the server delivered image/jpeg, not the PNG that photo.png names",
            "Saved as .jpg: delivered image/jpeg, not PNG",
        ),
        (
            "photo",
            "photo.webp",
            "image/webp",
            "Saved as photo.webp: the server delivered image/webp, so .webp was added to photo",
            "Saved with .webp added: delivered image/webp",
        ),
        (
            "photo.png",
            "photo (2).jpg",
            "image/jpeg",
            "Saved as photo (2).jpg: the server delivered image/jpeg, not the PNG that photo.png names "
            "(photo.jpg is taken and was not replaced)",
            "Saved as .jpg: delivered image/jpeg, not PNG",
        ),
    ],
)
def test_a_corrected_extension_is_told_in_full_and_in_a_few_words(
    chosen: str, saved: str, content_type: str, message: str, summary: str
) -> None:
    correction = extension_correction(chosen, saved, content_type)
    assert correction is not None
    assert correction.message() == message
    assert correction.summary() == summary


@pytest.mark.parametrize(
    ("chosen", "saved", "content_type"),
    [
        ("photo.JPEG", "photo.JPEG", "image/jpeg"),  # a fitting extension stays as typed
        ("photo.jpg", "photo (1).jpg", "image/jpeg"),  # a number for a taken name is no correction
        ("photo.png", "photo.png", ""),  # no type: nothing to fit
        ("notes.bin", "notes.bin", "application/x-unknown"),  # an unknown type leaves names alone
    ],
)
def test_no_correction_when_the_chosen_name_fits(chosen: str, saved: str, content_type: str) -> None:
    assert extension_correction(chosen, saved, content_type) is None
