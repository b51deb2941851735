"""The command line against the demo emulator over real loopback HTTP: output, files, exit codes."""

from __future__ import annotations

import resource
import signal
import socket
import stat
from pathlib import Path

import httpx
import pytest

from aemviewer.delivery.errors import ExitCode
from aemviewer.emulator import EmulatorServer, Library

from .cli_support import Result, original_bytes, run_process, without_root_privileges

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
ASTRONAUT = "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102"
RETINA = "urn:aaid:aem:13492894-3d4f-5647-89dd-291229c2985c"  # restricted: role "clinical"
CLOCK = "urn:aaid:aem:6494ea62-64e5-5ad6-a4ff-e62ecc562e36"  # unapproved
UNKNOWN = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"


def editor_token(library: Library) -> str:
    return next(token for token, grant in library.tokens.items() if "clinical" in grant.roles)


# --- url ------------------------------------------------------------------------------------------


def test_url_builds_the_image_url_in_the_api_order(run, emulator: EmulatorServer) -> None:
    result = run("url", CHELSEA, "--width", "800", "--quality", "70", "--rotate", "90", "--format", "webp")
    assert result.code == 0, result.err
    assert result.out.strip() == (
        f"{emulator.base_url}/adobe/assets/{CHELSEA}/as/image.webp?rotate=90&width=800&quality=70"
    )


def test_url_keeps_a_pasted_url_and_applies_options_on_top(run) -> None:
    pasted = f"https://cdn.example.com/adobe/assets/{CHELSEA}/as/cat.png?width=300&blur=4&quality=50"
    result = run("--base-url", "", "url", pasted, "--quality", "90")
    assert result.code == 0, result.err
    assert (
        result.out.strip()
        == f"https://cdn.example.com/adobe/assets/{CHELSEA}/as/cat.png?width=300&quality=90&blur=4"
    )


def test_url_of_original_and_rendition(run, emulator: EmulatorServer) -> None:
    base = f"{emulator.base_url}/adobe/assets/{CHELSEA}"
    assert run("url", CHELSEA, "--original").out.strip() == f"{base}/original/as/original"
    rendition = run("url", CHELSEA, "--rendition", "cq5dam.web.1280.1280.jpeg").out.strip()
    assert rendition == f"{base}/renditions/cq5dam.web.1280.1280.jpeg/as/cq5dam.web.1280.1280.jpeg"


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (["url", "urn:aaid:aem:1234"], "UUID"),
        (["url", "not an asset"], "urn:aaid:aem:"),
        (["url", CHELSEA, "--quality", "500"], "quality"),
        (["url", CHELSEA, "--rotate", "45"], "rotate"),
        (["url", CHELSEA, "--crop", "10p,10p,95p,50p"], "crop"),
        (["url", CHELSEA, "--param", "novalue"], "NAME=VALUE"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line_and_a_hint(run, argv: list[str], mentions: str) -> None:
    result = run(*argv)
    assert result.code == ExitCode.BAD_INPUT
    assert result.out == ""
    first, hint = result.err.splitlines()[:2]
    assert first.startswith("aemviewer: error: ")
    assert mentions in first
    assert hint.startswith("  hint: ")


def test_url_without_any_host_says_how_to_give_one(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AEMVIEWER_BASE_URL")
    result = run("url", CHELSEA)
    assert result.code == ExitCode.BAD_INPUT
    assert "--base-url" in result.err


# --- meta -----------------------------------------------------------------------------------------


def test_meta_prints_an_aligned_table(run, demo: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AEMVIEWER_TOKEN", editor_token(demo))
    result = run("meta", CHELSEA)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    title = next(line for line in lines if line.startswith("asset:dc:title "))
    assert "Chelsea" in title
    value_columns = {len(line) - len(line.split("  ", 1)[1].lstrip()) for line in lines if "  " in line}
    assert len(value_columns) == 1, "values start in one column"


def test_meta_json_is_the_servers_document_unchanged(emulator: EmulatorServer) -> None:
    direct = httpx.get(f"{emulator.base_url}/adobe/assets/{CHELSEA}/metadata").content
    result = run_process(
        "--base-url", emulator.base_url, "meta", CHELSEA, "--json", env={"AEMVIEWER_TOKEN": ""}
    )
    assert result.code == 0, result.err
    assert result.out.encode() == direct + (b"" if direct.endswith(b"\n") else b"\n")


def test_meta_without_a_token_is_the_minimal_set(run) -> None:
    result = run("meta", CHELSEA)
    assert result.code == 0, result.err
    keys = {line.split()[0] for line in result.out.splitlines()}
    assert "repository:dc:format" in keys
    assert "asset:dc:title" not in keys


def test_meta_of_an_unknown_asset_exits_3_and_explains_404(run) -> None:
    result = run("meta", UNKNOWN)
    assert result.code == ExitCode.NOT_FOUND
    assert UNKNOWN in result.err
    assert "restricted" in result.err


def test_restricted_asset_needs_the_token_from_the_environment(
    run, demo: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("meta", RETINA).code == ExitCode.NOT_FOUND
    monkeypatch.setenv("AEMVIEWER_TOKEN", editor_token(demo))
    result = run("meta", RETINA)
    assert result.code == 0, result.err
    assert "fundus" in result.out.lower()


def test_unapproved_asset_is_not_found(run) -> None:
    assert run("meta", CLOCK).code == ExitCode.NOT_FOUND


# --- get ------------------------------------------------------------------------------------------


def test_get_saves_exactly_the_delivered_bytes(run, emulator: EmulatorServer, tmp_path: Path) -> None:
    result = run("get", CHELSEA, "--width", "200", "--format", "png", "-o", str(tmp_path))
    assert result.code == 0, result.err
    saved = Path(result.out.strip())
    assert saved.parent == tmp_path
    direct = httpx.get(
        f"{emulator.base_url}/adobe/assets/{CHELSEA}/as/image.png?width=200&auto-format=false",
        headers={"Accept": "image/png"},
    )
    assert direct.headers["content-type"] == "image/png"
    assert saved.read_bytes() == direct.content
    assert saved.suffix == ".png"
    assert list(tmp_path.iterdir()) == [saved], "no .part left behind"


def test_get_original_uses_the_dam_file_name(
    run, demo: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AEMVIEWER_TOKEN", editor_token(demo))
    result = run("get", CHELSEA, "--original", "-o", str(tmp_path))
    assert result.code == 0, result.err
    saved = Path(result.out.strip())
    assert saved.name == "chelsea-the-cat.jpg"
    assert saved.read_bytes() == original_bytes(demo, CHELSEA)


def test_get_rendition_to_a_named_file(run, demo: Library, tmp_path: Path) -> None:
    target = tmp_path / "thumb.png"
    result = run("get", ASTRONAUT, "--rendition", "cq5dam.thumbnail.319.319.png", "-o", str(target))
    assert result.code == 0, result.err
    asset = demo.asset(ASTRONAUT)
    assert asset is not None
    assert target.read_bytes() == asset.renditions["cq5dam.thumbnail.319.319.png"].read_bytes()


def test_get_original_to_a_name_of_another_type_saves_the_delivered_type_and_warns(
    run, demo: Library, tmp_path: Path
) -> None:
    result = run("get", CHELSEA, "--original", "-o", str(tmp_path / "photo.png"))
    assert result.code == 0, result.err
    assert result.out.strip() == str(tmp_path / "photo.jpg")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["photo.jpg"]
    assert (tmp_path / "photo.jpg").read_bytes() == original_bytes(demo, CHELSEA)
    said = (
        "warning: the server delivered image/jpeg, not the PNG that photo.png names; "
        "saved as photo.jpg so its extension matches"
    )
    assert said in result.err


def test_force_replaces_the_file_named_never_the_one_the_fitted_name_hits(
    run, demo: Library, tmp_path: Path
) -> None:
    (tmp_path / "photo.png").write_bytes(b"old png")
    (tmp_path / "photo.jpg").write_bytes(b"someone else's jpeg")
    result = run("get", CHELSEA, "--original", "-o", str(tmp_path / "photo.png"), "--force")
    assert result.code == 0, result.err
    assert result.out.strip() == str(tmp_path / "photo (1).jpg")
    assert (tmp_path / "photo.jpg").read_bytes() == b"someone else's jpeg"
    assert (tmp_path / "photo (1).jpg").read_bytes() == original_bytes(demo, CHELSEA)
    said = (
        "warning: the server delivered image/jpeg, not the PNG that photo.png names "
        "(photo.jpg is taken and was not replaced); saved as photo (1).jpg so its extension matches"
    )
    assert said in result.err


def test_get_never_overwrites_without_force(run, tmp_path: Path) -> None:
    target = tmp_path / "cat.jpg"
    target.write_bytes(b"precious")
    result = run("get", CHELSEA, "-o", str(target))
    assert result.code == ExitCode.LOCAL_FILE
    assert "exists" in result.err and "--force" in result.err
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cat.jpg"]


def test_get_force_overwrites_and_rename_keeps_both(run, tmp_path: Path) -> None:
    target = tmp_path / "cat.jpg"
    target.write_bytes(b"old")
    assert run("get", CHELSEA, "--width", "64", "-o", str(target), "--rename").code == 0
    assert target.read_bytes() == b"old"
    assert (tmp_path / "cat (1).jpg").read_bytes()[:2] == b"\xff\xd8"
    assert run("get", CHELSEA, "--width", "64", "-o", str(target), "--force").code == 0
    assert target.read_bytes()[:2] == b"\xff\xd8"


def get_into_a_locked_folder(emulator: EmulatorServer, folder: Path, output: Path) -> Result:
    """`get` run as a user without root's bypass into `folder`, made read-only for the run."""
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        return run_process(
            "--base-url", emulator.base_url, "get", CHELSEA, "-o", str(output),
            wrapper=without_root_privileges(),
        )  # fmt: skip
    finally:
        folder.chmod(stat.S_IRWXU)


def test_get_into_an_unwritable_folder_exits_6_and_leaves_nothing(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    result = get_into_a_locked_folder(emulator, folder, folder)
    assert result.code == ExitCode.LOCAL_FILE
    assert "permission denied" in result.err
    assert list(folder.iterdir()) == []


def test_get_on_a_full_disk_exits_6_and_removes_the_part(emulator: EmulatorServer, tmp_path: Path) -> None:
    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = run_process(
        "--base-url",
        emulator.base_url,
        "get",
        CHELSEA,
        "--original",
        "-o",
        str(tmp_path),
        preexec=limit_file_size,
    )
    assert result.code == ExitCode.LOCAL_FILE, result.err
    assert "larger than this system allows" in result.err
    assert "Traceback" not in result.err
    assert list(tmp_path.iterdir()) == []


def test_get_from_a_host_that_does_not_answer_exits_5(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_process(
        "--base-url", f"http://127.0.0.1:{port}", "--timeout", "2", "get", CHELSEA, "-o", str(tmp_path)
    )
    assert result.code == ExitCode.NETWORK_OR_SERVER
    assert "Traceback" not in result.err
    assert f"127.0.0.1:{port}" in result.err
    assert list(tmp_path.iterdir()) == []


def test_without_a_host_the_demo_library_answers(tmp_path: Path) -> None:
    env = {"AEMVIEWER_BASE_URL": "", "AEMVIEWER_TOKEN": ""}
    result = run_process("meta", CHELSEA, env=env)
    assert result.code == 0, result.err
    assert "demo library" in result.err
    assert CHELSEA in result.out
    assert "image/jpeg" in result.out


def test_serve_prints_its_base_url_first_and_answers(tmp_path: Path) -> None:
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "aemviewer", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        answer = httpx.get(f"{base_url}/adobe/assets/{CHELSEA}/metadata", timeout=10)
        assert answer.status_code == 200
        assert answer.json()["assetId"] == CHELSEA
    finally:
        process.terminate()
        # uvicorn shuts down cleanly, then ends by the signal it was sent, as Unix programs do.
        assert process.wait(timeout=10) in (0, -signal.SIGTERM)


def test_serve_refuses_a_broken_library_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "catalogue.json").write_text('{"assets": [{"id": "nope"}]}')
    result = run_process("serve", "--library", str(tmp_path))
    assert result.code == ExitCode.BAD_INPUT
    assert "catalogue" in result.err
    assert "Traceback" not in result.err


def test_serve_on_a_busy_port_exits_1(emulator: EmulatorServer) -> None:
    port = emulator.base_url.rsplit(":", 1)[1]
    result = run_process("serve", "--port", port)
    assert result.code == ExitCode.OTHER
    assert f"127.0.0.1:{port}" in result.err
    assert "Traceback" not in result.err


def test_get_into_a_virtual_file_system_says_so_not_zero_bytes_free(run, tmp_path: Path) -> None:
    result = run("get", CHELSEA, "-o", "/proc/x.jpg")
    assert result.code == ExitCode.LOCAL_FILE
    assert "/proc is not a folder files can be saved in" in result.err
    assert "bytes free" not in result.err


def test_get_into_an_unwritable_folder_says_the_folder_cannot_be_written(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    result = get_into_a_locked_folder(emulator, folder, folder / "x.jpg")
    assert result.code == ExitCode.LOCAL_FILE
    assert f"The folder {folder} cannot be written" in result.err
    assert "Free some space" not in result.err


def test_get_a_missing_rendition_of_an_existing_asset_names_the_rendition(run, tmp_path: Path) -> None:
    result = run("get", CHELSEA, "--rendition", "cq5dam.zoom.2048.2048.jpeg", "-o", str(tmp_path))
    assert result.code == ExitCode.NOT_FOUND
    assert f"The asset {CHELSEA} exists, but it has no rendition cq5dam.zoom.2048.2048.jpeg" in result.err
    assert "not approved" not in result.err


def test_get_a_rendition_of_an_unknown_asset_says_the_asset_is_not_found(run, tmp_path: Path) -> None:
    unknown = "urn:aaid:aem:00000000-0000-4000-8000-00000000dead"
    result = run("get", unknown, "--rendition", "cq5dam.zoom.2048.2048.jpeg", "-o", str(tmp_path))
    assert result.code == ExitCode.NOT_FOUND
    assert f"Asset {unknown} was not found" in result.err
    assert "no rendition" not in result.err
