"""`aemviewer get --format`: the format asked for is requested, and a file's bytes always match its
extension, even when a server delivers another type than asked."""

from __future__ import annotations

from pathlib import Path

from aemviewer.delivery.errors import ExitCode
from tests.support.behaviours import answer
from tests.support.servers import LoopbackServer

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
ASTRONAUT = "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
WEBP_BODY = b"RIFF\x0c\x00\x00\x00WEBPVP8 "


def test_format_png_saves_png_bytes_into_the_png_file(run, tmp_path: Path) -> None:
    target = tmp_path / "x.png"
    result = run("get", CHELSEA, "--format", "png", "-o", str(target))
    assert result.code == 0, result.err
    assert result.out.strip() == str(target)
    assert target.read_bytes().startswith(PNG_MAGIC)
    assert "auto-format=false" in result.err
    assert "warning" not in result.err


def test_another_delivered_type_gets_its_own_extension_and_a_warning(
    run, server: LoopbackServer, tmp_path: Path
) -> None:
    # A CDN that answers WebP whatever is asked (auto-format=false and Accept: image/png included).
    server.on(f"/adobe/assets/{CHELSEA}/as/cat.png", answer(200, WEBP_BODY, content_type="image/webp"))
    url = f"{server.url}/adobe/assets/{CHELSEA}/as/cat.jpg"
    result = run("--base-url", "", "get", url, "--format", "png", "-o", str(tmp_path / "x.png"))
    assert result.code == 0, result.err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x.webp"]
    assert (tmp_path / "x.webp").read_bytes() == WEBP_BODY
    assert result.out.strip() == str(tmp_path / "x.webp")
    assert "warning: asked for PNG, the server delivered image/webp; saved as x.webp" in result.err
    request = server.requests[-1]
    assert "auto-format=false" in request.target
    assert request.header("accept") == "image/png"


def test_several_formats_of_a_list_each_match_their_bytes(
    run, server: LoopbackServer, tmp_path: Path
) -> None:
    server.on(f"/adobe/assets/{CHELSEA}/as/cat.png", answer(200, WEBP_BODY, content_type="image/webp"))
    server.on(f"/adobe/assets/{CHELSEA}/as/cat.avif", answer(200, PNG_MAGIC, content_type="image/png"))
    listing = tmp_path / "assets.txt"
    listing.write_text(f"{server.url}/adobe/assets/{CHELSEA}/as/cat.jpg\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = run(
        "--base-url",
        "",
        "get",
        "--from-file",
        str(listing),
        "--format",
        "png",
        "--format",
        "avif",
        "-o",
        str(out),
    )
    assert result.code == ExitCode.OK, result.err
    assert sorted(path.name for path in out.iterdir()) == ["cat-image (1).png", "cat-image.webp"]
    assert (out / "cat-image.webp").read_bytes() == WEBP_BODY
    assert (out / "cat-image (1).png").read_bytes() == PNG_MAGIC
    assert "warning: line 1: asked for PNG, the server delivered image/webp" in result.err
    assert "warning: line 1: asked for AVIF, the server delivered image/png" in result.err
    images = [request for request in server.requests if "/as/" in request.target]
    assert len(images) == 2
    assert all("auto-format=false" in request.target for request in images)
