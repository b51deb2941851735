"""`aemviewer report`: a self-contained QA report, written from the demo emulator, rendered in a real
browser engine (QtWebEngine, offscreen, network blocked), with secrets kept out of it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from aemviewer.delivery.errors import ExitCode
from aemviewer.delivery.tokens import REDACTED
from aemviewer.workspace.history import HistoryEntry, HistoryStore, default_history_path
from tests.support.behaviours import answer
from tests.support.servers import LoopbackServer

from .cli_support import run_process

CHELSEA = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"
COFFEE = "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a"
VIDEO = "urn:aaid:aem:8bbbbddc-bc53-5a08-88e5-ed6370b8f0e8"
RENDERER = [sys.executable, "-m", "tests.support.render_html"]
CANNOT_START = 77
ROOT = Path(__file__).resolve().parents[2]


class Outside(HTMLParser):
    """Every attribute or style that could make a browser load something, and every image."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.images: list[str] = []
        self.tags: set[str] = set()
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "poster", "data") and value is not None:
                self.references.append(value)
            if name == "style" and value:
                self.styles.append(value)
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def outside(html: str) -> Outside:
    parser = Outside()
    parser.feed(html)
    parser.close()
    return parser


def render(page: Path, shot: Path) -> dict[str, object]:
    completed = subprocess.run(
        [*RENDERER, str(page), str(shot)], capture_output=True, text=True, timeout=90, check=False, cwd=ROOT
    )
    if completed.returncode == CANNOT_START:
        pytest.skip(f"QtWebEngine could not start offscreen here: {completed.stderr.strip()[-300:]}")
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture
def history(tmp_path, monkeypatch) -> list[HistoryEntry]:
    """A history file (in a private data folder) with rows of two assets."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    rows = [
        HistoryEntry(time=at, url=f"http://h/adobe/assets/{CHELSEA}/as/a.jpg", asset_id=CHELSEA,
                     operation="image", status=200, content_type="image/jpeg", byte_count=1234),
        HistoryEntry(time=at, url=f"http://h/adobe/assets/{COFFEE}/metadata", asset_id=COFFEE,
                     operation="metadata", status=200),
        HistoryEntry(time=at, url=f"http://h/adobe/assets/{CHELSEA}/metadata", asset_id=CHELSEA,
                     operation="metadata", status=404, error="Chelsea gone missing"),
    ]  # fmt: skip
    path = default_history_path()
    path.parent.mkdir(parents=True)
    HistoryStore(path).append(rows)
    return rows


def test_the_report_renders_offscreen_without_a_single_request(run, tokens, history, tmp_path, monkeypatch):
    monkeypatch.setenv("AEMVIEWER_TOKEN", tokens["viewer"])
    page = tmp_path / "report.html"
    result = run("report", CHELSEA, "-o", str(page), "--width", "300")
    assert result.code == 0, result.err
    html = page.read_text(encoding="utf-8")
    parsed = outside(html)
    assert "script" not in parsed.tags
    assert all(ref.startswith(("data:", "#")) for ref in parsed.references), parsed.references
    assert not any("url(" in style or "@import" in style for style in parsed.styles)
    assert tokens["viewer"] not in html and f"Bearer {REDACTED}" in html
    assert "Chelsea gone missing" in html and COFFEE not in html  # this asset's history rows only
    assert "★ smallest" in html and "Chelsea the cat" in html

    shot = tmp_path / "report.png"
    facts = render(page, shot)
    assert facts["requests"] == []
    assert facts["broken"] == []
    assert facts["images"] == len(parsed.images) == 1 + 1 + 3  # preview, whole image, three crops
    assert facts["sections"] == ["metadata", "preview", "formats", "smart-crops", "video", "history"]
    assert facts["title"] == "QA report: Chelsea the cat"
    screenshot = Image.open(shot)
    assert screenshot.width == 1200 and screenshot.height > 2000
    assert len(screenshot.convert("RGB").getcolors(1 << 24) or []) > 1000  # drawn, not a blank frame
    preview = next(src for src in parsed.images if src.startswith("data:image/jpeg"))
    import base64

    delivered = Image.open(io.BytesIO(base64.b64decode(preview.split(",", 1)[1])))
    assert delivered.width == 300  # the modifier options shape the preview


def test_only_the_sections_asked_for_are_fetched_and_shown(run, tmp_path) -> None:
    page = tmp_path / "meta.html"
    result = run("report", CHELSEA, "-o", str(page), "--include", "metadata")
    assert result.code == 0, result.err
    html = page.read_text(encoding="utf-8")
    assert '<section id="metadata">' in html and '<section id="preview"' not in html
    assert "<img" not in html
    assert "fetching preview" not in result.err and "fetching formats" not in result.err


def test_an_existing_file_is_kept_unless_force_is_given(run, tmp_path) -> None:
    page = tmp_path / "report.html"
    page.write_text("mine", encoding="utf-8")
    refused = run("report", CHELSEA, "-o", str(page), "--include", "metadata")
    assert refused.code == ExitCode.LOCAL_FILE
    assert "exists" in refused.err and "--force" in refused.err
    assert page.read_text(encoding="utf-8") == "mine"
    forced = run("report", CHELSEA, "-o", str(page), "--include", "metadata", "--force")
    assert forced.code == 0, forced.err
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left


def test_an_unknown_section_is_bad_input(run, tmp_path) -> None:
    result = run("report", CHELSEA, "-o", str(tmp_path / "r.html"), "--include", "metadata,gossip")
    assert result.code == ExitCode.BAD_INPUT
    assert "'gossip'" in result.err and not (tmp_path / "r.html").exists()


def test_secrets_a_server_sends_back_are_redacted(tmp_path, monkeypatch) -> None:
    token = "s3cr3t-token-value-0123456789"
    document = {
        "assetId": CHELSEA,
        "repositoryMetadata": {"dc:format": "image/png", "repo:name": "echo.png"},
        "assetMetadata": {"dc:title": "Echo", "dc:description": f"echoed {token}"},
    }
    png = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(png, "PNG")
    with LoopbackServer() as server:
        server.on(
            f"/adobe/assets/{CHELSEA}/metadata",
            answer(200, json.dumps(document).encode(), content_type="application/json"),
        )
        server.on(f"/adobe/assets/{CHELSEA}/as/image.png", answer(
            200, png.getvalue(), ("Set-Cookie", "session=cookie-value-42"), ("X-Asset-Delivery-Token", token),
            content_type="image/png"))  # fmt: skip
        page = tmp_path / "echo.html"
        result = run_process(
            "--base-url", server.url, "report", CHELSEA, "-o", str(page), "--include", "metadata,preview",
            "--format", "png", env={"AEMVIEWER_TOKEN": token},
        )  # fmt: skip
    assert result.code == 0, result.err
    html = page.read_text(encoding="utf-8")
    assert token not in html and "cookie-value-42" not in html
    assert f"echoed {REDACTED}" in html
    assert html.count(REDACTED) >= 4  # description, Authorization, Set-Cookie, the echoed header


def test_a_video_report_carries_the_video_check(emulator, tmp_path) -> None:
    page = tmp_path / "video.html"
    result = run_process(
        "--base-url", emulator.base_url, "report", VIDEO, "-o", str(page), "--include", "preview,video"
    )
    assert result.code == 0, result.err
    html = page.read_text(encoding="utf-8")
    section = html.split('<section id="video">', 1)[1].split("</section>", 1)[0]
    assert "every variant played" in section
    assert section.count("<td>ok</td>") == 3  # the demo video's three variants


def test_the_renderer_records_and_blocks_what_would_leave_the_page(tmp_path) -> None:
    # Keeps the rendering test honest: a page that does reach out is caught.
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><html><head><style>body{background:url("http://127.0.0.1:9/bg.png")}</style>'
        '</head><body><img alt="x" src="http://127.0.0.1:9/pixel.png"><p>leaky</p></body></html>',
        encoding="utf-8",
    )
    facts = render(page, tmp_path / "leaky.png")
    assert sorted(facts["requests"]) == ["http://127.0.0.1:9/bg.png", "http://127.0.0.1:9/pixel.png"]
    assert facts["broken"] == ["x"]


def test_smart_crops_known_by_name_only_are_shown_as_such(tmp_path) -> None:
    document = {"assetId": CHELSEA, "repositoryMetadata": {"dc:format": "image/jpeg"}}
    jpeg = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(jpeg, "JPEG")
    names = {"items": [{"name": "Hero"}, {"name": "Thumb"}]}
    with LoopbackServer() as server:
        base = f"/adobe/assets/{CHELSEA}"
        server.on(
            f"{base}/metadata", answer(200, json.dumps(document).encode(), content_type="application/json")
        )
        server.on(
            f"{base}/smartCrops", answer(200, json.dumps(names).encode(), content_type="application/json")
        )
        server.on(f"{base}/as/image.jpg", answer(200, jpeg.getvalue()))
        page = tmp_path / "names.html"
        result = run_process(
            "--base-url", server.url, "report", CHELSEA, "-o", str(page), "--include", "smart-crops"
        )
        asked = [request.target for request in server.requests if "smartcrop=" in request.target]
    assert result.code == 0, result.err
    html = page.read_text(encoding="utf-8")
    assert html.count("known by name only") == 2 and 'class="rect"' not in html
    assert [target.split("smartcrop=")[1] for target in asked] == ["Hero", "Thumb"]  # each rendered by name
    assert len(outside(html).images) == 1 + 2
