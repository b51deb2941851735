"""Loading a library: the demo library's contents, and clear errors for every kind of mistake."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aemviewer.emulator import Library, LibraryError, load_library
from aemviewer.resources import demo_library

from .emulator_support import DEMO, quadrants

ID = "urn:aaid:aem:00000000-0000-4000-8000-000000000001"


def test_demo_library(demo: Library) -> None:
    assert list(demo.assets) == list(DEMO.values())
    assert demo.api_keys == frozenset({"aemviewer-demo"})
    assert set(demo.presets) == {"thumbnail", "social-square", "hero"}
    mosaic = demo.assets[DEMO["mosaic"]]
    assert (mosaic.raster.width, mosaic.raster.height) == (4096, 2304)
    assert demo.assets[DEMO["logo"]].raster.has_alpha
    assert not demo.assets[DEMO["chelsea"]].raster.has_alpha
    badge = demo.assets[DEMO["badge"]]
    assert badge.media_type == "image/svg+xml"
    assert badge.raster.path.name == "badge.png"
    assert demo.assets[DEMO["retina"]].roles == frozenset({"clinical"})
    total = sum(path.stat().st_size for path in demo_library().rglob("*") if path.is_file())
    assert total < 15_000_000
    for asset in demo.assets.values():
        assert len(asset.smart_crops) >= 3, asset.name
        assert len(asset.renditions) >= 2, asset.name


def test_jwt_claims_of_demo_tokens(demo: Library) -> None:
    grants = {grant.subject: grant for grant in demo.tokens.values()}
    assert grants["demo-editor@aemviewer.example"].expires is None
    assert grants["demo-viewer@aemviewer.example"].expires is not None
    assert grants["demo-viewer@aemviewer.example"].expires.year == 2100
    assert grants["demo-expired@aemviewer.example"].expires.year == 2020  # type: ignore[union-attr]


def write(folder: Path, catalogue: Any, *, raw: str | None = None) -> Path:
    quadrants().save(folder / "photo.png")
    (folder / "notes.txt").write_text("not an image")
    (folder / "catalogue.json").write_text(raw if raw is not None else json.dumps(catalogue))
    return folder


def good(**changes: Any) -> dict[str, Any]:
    record = {"id": ID, "file": "photo.png", **changes}
    return {"assets": [{key: value for key, value in record.items() if value is not ...}]}


def test_a_minimal_record_loads_with_defaults(tmp_path: Path) -> None:
    library = load_library(write(tmp_path, good()))
    asset = library.assets[ID]
    assert (asset.status, asset.activation_target, asset.roles) == ("approved", "delivery", frozenset())
    assert asset.repository_metadata["repo:name"] == "photo.png"
    assert asset.repository_metadata["dc:format"] == "image/png"
    assert asset.asset_metadata["tiff:ImageWidth"] == 400


def test_computed_fields_override_the_catalogue(tmp_path: Path) -> None:
    metadata = {"repositoryMetadata": {"repo:size": "1"}, "assetMetadata": {"tiff:ImageWidth": 9}}
    asset = load_library(write(tmp_path, good(metadata=metadata))).assets[ID]
    assert asset.repository_metadata["repo:size"] == str((tmp_path / "photo.png").stat().st_size)
    assert asset.asset_metadata["tiff:ImageWidth"] == 400


WHERE = f"catalogue.json: assets[0] ({ID})"


@pytest.mark.parametrize(
    ("catalogue", "message"),
    [
        ({"assets": "all"}, "catalogue.json: field 'assets': must be a JSON array, got the string 'all'"),
        ({}, "catalogue.json: field 'assets': is required"),
        ({"assets": [], "asset": []}, "unknown field 'asset'; allowed fields: assets, tokens"),
        ({"assets": [{"file": "photo.png"}]}, "catalogue.json: assets[0]: field 'id': is required"),
        (good(id="photo-1"), "assets[0] (photo-1): field 'id': must look like urn:aaid:aem:<uuid>"),
        ({"assets": [good()["assets"][0]] * 2}, f"catalogue.json: assets[1] ({ID}): field 'id': used twice"),
        (good(file=...), f"{WHERE}: field 'file': is required"),
        (good(file="missing.jpg"), f"{WHERE}: field 'file': no file at 'missing.jpg'"),
        (good(file="../photo.png"), f"{WHERE}: field 'file': '../photo.png' must be a path inside the library"),
        (good(file="/etc/hostname"), "must be a path inside the library folder"),
        (good(file="notes.txt"), "not an image Pillow can read (an SVG, PDF or other non-raster original needs"),
        (good(file="photo.png", preview="notes.txt"), f"{WHERE}: field 'preview': notes.txt: not an image"),
        (good(status="published"), "field 'status': must be one of approved, unapproved, rejected, changesRequested"),
        (good(on_time="tomorrow"), "field 'on_time': 'tomorrow' is not an ISO 8601 date-time"),
        (good(expires="2025-01-01T00:00:00"), "field 'expires': '2025-01-01T00:00:00' needs a time zone"),
        (good(roles="admins"), "field 'roles': must be a JSON array, got the string 'admins'"),
        (good(roles=[""]), "field 'roles': must be an array of non-empty strings"),
        (good(renditions={"web.jpg": "gone.jpg"}), "field \"renditions['web.jpg']\": no file at 'gone.jpg'"),
        (good(renditions={"a/b": "photo.png"}), "rendition name 'a/b' may only hold letters"),
        (good(colour="red"), f"{WHERE}: unknown field 'colour'; allowed fields: id, file, preview"),
        (good(metadata={"assetMetadata": []}), f"{WHERE}: metadata: field 'assetMetadata': must be a JSON object"),
        (good(smart_crops=[{"name": "A", "left": 0, "top": 0, "normalizedWidth": 1}]),
         f"{WHERE}: smart_crops[0]: field 'normalizedHeight': must be a number from 0.0 to 1.0, got null"),
        (good(smart_crops=[{"name": "A", "left": 0.6, "top": 0, "normalizedWidth": 0.5, "normalizedHeight": 1}]),
         "smart_crops[0]: field 'normalizedWidth': the rectangle must lie inside the image"),
        (good(smart_crops=[{"name": "A B", "left": 0, "top": 0, "normalizedWidth": 1, "normalizedHeight": 1}]),
         "smart_crops[0]: field 'name': 'A B' may only hold letters, digits, - and _"),
        (good(smart_crops=[{"name": "A", "left": 0, "top": 0, "normalizedWidth": 1, "normalizedHeight": 1,
                            "width": 100}]), "smart_crops[0]: field 'width': give both width and height"),
        (good(smart_crops=[{"name": "A", "left": "0.0", "top": "x", "normalizedWidth": 1, "normalizedHeight": 1}]),
         "smart_crops[0]: field 'top': must be a number from 0.0 to 1.0, got the string 'x'"),
        ({**good(), "presets": {"small": {"width": "tiny"}}},
         "catalogue.json: presets['small']: width='tiny' is not an integer from 1 to 12000"),
        ({**good(), "presets": {"small": {"size": "1", "zoom": "2"}}}, "presets['small']: unknown parameter 'zoom'"),
        ({**good(), "presets": {"loop": {"preset": "loop"}}}, "a preset cannot name another preset"),
        ({**good(), "tokens": {"abc": "editors"}}, "tokens[#1 'abc']: must be an array of role names"),
        ({**good(), "tokens": {"a b": []}}, "a token must be non-empty and contain no white space"),
        ({**good(), "api_keys": [3]}, "field 'api_keys': must be an array of non-empty strings, found the number 3"),
    ],
)  # fmt: skip
def test_validation_errors_name_the_record_and_field(tmp_path: Path, catalogue: Any, message: str) -> None:
    with pytest.raises(LibraryError) as caught:
        load_library(write(tmp_path, catalogue))
    assert message in str(caught.value)


def test_missing_catalogue_and_bad_json(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match=r"no catalogue\.json in this folder"):
        load_library(tmp_path)
    write(tmp_path, None, raw='{"assets": [\n  {"id": 1,}\n]}')
    with pytest.raises(LibraryError, match=r"not valid JSON: .* at line 2, column 12"):
        load_library(tmp_path)
