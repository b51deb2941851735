"""Loading and validating a library folder's `catalogue.json` (format: docs/catalogue.md).

Users point `aemviewer serve --library DIR` at their own files, so every mistake is reported as a
`LibraryError` naming the record (index and id) and the field, and saying what is expected.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import mimetypes
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from aemviewer.api_spec import ASSET_ID_PATTERN, VANITY_ID_PATTERN
from aemviewer.emulator.catalogue_fields import Fields, kind_of, strings
from aemviewer.emulator.library import Asset, Library, LibraryError, Raster, SmartCrop, TokenGrant
from aemviewer.emulator.limits import too_many_pixels
from aemviewer.emulator.transforms import BadParameter, validate_preset
from aemviewer.emulator.video_files import VideoFiles, VideoFolderError, load_video_folder
from aemviewer.emulator.visibility import DELIVERY_TARGET

CATALOGUE_NAME = "catalogue.json"
STATUSES = ("approved", "unapproved", "rejected", "changesRequested")

_TOP_LEVEL_KEYS = ("assets", "tokens", "api_keys", "presets", "description")
_RECORD_KEYS = (
    "id",
    "file",
    "preview",
    "status",
    "activation_target",
    "on_time",
    "off_time",
    "expires",
    "roles",
    "renditions",
    "smart_crops",
    "metadata",
    "video",
    "vanity_ids",
)
_METADATA_KEYS = ("repositoryMetadata", "assetMetadata")
_HASH_WHOLE_UP_TO = 32 * 1024 * 1024
_SAMPLE = 1024 * 1024
_SMART_CROP_KEYS = ("name", "left", "top", "normalizedWidth", "normalizedHeight", "width", "height")
_NAME = re.compile(r"[\w.-]+")
_MEDIA_TYPES = {
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
    ".psd": "image/vnd.adobe.photoshop",
    ".mp4": "video/mp4",
}


def load_library(folder: Path) -> Library:
    """Read and validate `folder/catalogue.json` and every file it names.

    Raises `LibraryError` with a message naming the record and field for anything unusable:
    malformed JSON, unknown or missing fields, wrong types, files that are missing or outside the
    folder, images Pillow cannot read (SVG/PDF originals need a raster `preview`).
    """
    root = Path(folder).resolve()
    catalogue_path = root / CATALOGUE_NAME
    if not catalogue_path.is_file():
        raise LibraryError(f"{root}: no {CATALOGUE_NAME} in this folder")
    try:
        document = json.loads(catalogue_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise LibraryError(f"{catalogue_path}: cannot read it ({error})") from error
    except json.JSONDecodeError as error:
        raise LibraryError(
            f"{catalogue_path}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from error
    except RecursionError as error:
        raise LibraryError(f"{catalogue_path}: nested too deeply to be a catalogue") from error
    top = Fields(document, f"{catalogue_path}", _TOP_LEVEL_KEYS)
    presets = _presets(top)
    records = top.get("assets", list, required=True)
    assets: dict[str, Asset] = {}
    vanity_ids: dict[str, str] = {}
    for index, record in enumerate(records):
        asset = _asset(root, record, f"{catalogue_path}: assets[{index}]")
        if asset.id in assets:
            raise LibraryError(f"{catalogue_path}: assets[{index}] ({asset.id}): field 'id': used twice")
        assets[asset.id] = asset
        for vanity_id in asset.vanity_ids:
            if vanity_id in vanity_ids:
                raise LibraryError(
                    f"{catalogue_path}: assets[{index}] ({asset.id}): field 'vanity_ids': {vanity_id} "
                    f"already stands for {vanity_ids[vanity_id]}"
                )
            vanity_ids[vanity_id] = asset.id
    return Library(
        root=root,
        assets=assets,
        tokens=_tokens(top),
        api_keys=frozenset(strings(top, "api_keys")),
        presets=presets,
        vanity_ids=vanity_ids,
    )


def _presets(top: Fields) -> dict[str, dict[str, str]]:
    presets: dict[str, dict[str, str]] = {}
    for name, modifiers in (top.get("presets", dict) or {}).items():
        where = f"{top.where}: presets[{name!r}]"
        if not isinstance(modifiers, dict):
            raise LibraryError(f"{where}: must be an object of modifier name → value")
        values: dict[str, str] = {}
        for key, value in modifiers.items():
            if isinstance(value, bool):
                values[key] = "true" if value else "false"
            elif isinstance(value, int | float | str):
                values[key] = str(value)
            else:
                raise LibraryError(f"{where}: modifier {key!r}: must be a string or number")
        try:
            validate_preset(values)
        except BadParameter as error:
            raise LibraryError(f"{where}: {error.detail}") from error
        presets[name] = values
    return presets


def _tokens(top: Fields) -> dict[str, TokenGrant]:
    grants: dict[str, TokenGrant] = {}
    for number, (token, roles) in enumerate((top.get("tokens", dict) or {}).items(), start=1):
        # Tokens are secrets: name one by its position and first characters only.
        shown = token if len(token) <= 8 else token[:8] + "…"
        where = f"{top.where}: tokens[#{number} {shown!r}]"
        if not token or any(character.isspace() for character in token):
            raise LibraryError(f"{where}: a token must be non-empty and contain no white space")
        if not isinstance(roles, list) or not all(isinstance(role, str) and role for role in roles):
            raise LibraryError(f"{where}: must be an array of role names (strings), may be empty")
        subject, expires = _jwt_claims(token)
        grants[token] = TokenGrant(roles=frozenset(roles), subject=subject, expires=expires)
    return grants


def _jwt_claims(token: str) -> tuple[str | None, datetime | None]:
    """`sub` and `exp` when the token is JWT-shaped; plain tokens have neither."""
    parts = token.split(".")
    if len(parts) != 3:
        return None, None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (binascii.Error, ValueError):
        return None, None
    if not isinstance(payload, dict):
        return None, None
    subject = payload.get("sub") if isinstance(payload.get("sub"), str) else None
    exp = payload.get("exp")
    if isinstance(exp, int | float) and not isinstance(exp, bool):
        return subject, datetime.fromtimestamp(min(exp, 253402300799), tz=UTC)
    return subject, None


def _asset(root: Path, record: object, where: str) -> Asset:
    if isinstance(record, dict) and isinstance(record.get("id"), str):
        where = f"{where} ({record['id']})"
    fields = Fields(record, where, _RECORD_KEYS)
    asset_id = fields.get("id", str, required=True)
    if not re.fullmatch(ASSET_ID_PATTERN, asset_id):
        raise fields.error("id", "must look like urn:aaid:aem:<uuid>")
    file = _file(root, fields, "file", fields.get("file", str, required=True))
    preview_path = fields.get("preview", str)
    preview = None if preview_path is None else _file(root, fields, "preview", preview_path)
    status = fields.get("status", str) or "approved"
    if status not in STATUSES:
        raise fields.error("status", f"must be one of {', '.join(STATUSES)}; got {status!r}")
    renditions = {}
    for name, relative in (fields.get("renditions", dict) or {}).items():
        if not _NAME.fullmatch(name):
            raise fields.error("renditions", f"rendition name {name!r} may only hold letters, digits, . - _")
        renditions[name] = _file(root, fields, f"renditions[{name!r}]", relative)
    metadata = Fields(fields.get("metadata", dict) or {}, f"{where}: metadata", _METADATA_KEYS)
    repository = dict(metadata.get("repositoryMetadata", dict) or {})
    asset_meta = dict(metadata.get("assetMetadata", dict) or {})
    raster = _raster(preview or file, fields, "preview" if preview else "file")
    video = _video(root, fields)
    smart_crops = _smart_crops(fields)
    stat = file.stat()
    size = stat.st_size
    repository.setdefault("repo:name", file.name)
    repository.setdefault("dc:format", media_type_of(file))
    created_default = datetime.fromtimestamp(stat.st_mtime, tz=UTC).isoformat().replace("+00:00", "Z")
    repository.setdefault("repo:createDate", created_default)
    repository.setdefault("repo:modifyDate", repository["repo:createDate"])
    modified = _date(repository["repo:modifyDate"], fields, "metadata.repositoryMetadata.repo:modifyDate")
    # Facts that follow from the files are always computed, so they can never disagree with them.
    repository["repo:size"] = str(size)
    if smart_crops:
        repository["smartcrops"] = {crop.name: crop.as_api() for crop in smart_crops}
    asset_meta["dam:assetStatus"] = status
    asset_meta["tiff:ImageWidth"] = raster.width
    asset_meta["tiff:ImageLength"] = raster.height
    return Asset(
        id=asset_id,
        file=file,
        media_type=str(repository["dc:format"]),
        size=size,
        raster=raster,
        status=status,
        activation_target=fields.get("activation_target", str) or DELIVERY_TARGET,
        on_time=_date(fields.get("on_time", str), fields, "on_time"),
        off_time=_date(fields.get("off_time", str), fields, "off_time"),
        expires=_date(fields.get("expires", str), fields, "expires"),
        roles=frozenset(strings(fields, "roles")),
        renditions=renditions,
        smart_crops=smart_crops,
        repository_metadata=repository,
        asset_metadata=asset_meta,
        modified=modified or datetime.fromtimestamp(stat.st_mtime, tz=UTC),
        version=_version(
            fields.value,
            [file, *([preview] if preview else []), *renditions.values(), *(video.files() if video else [])],
        ),
        video=video,
        vanity_ids=_vanity_ids(fields),
    )


def _vanity_ids(fields: Fields) -> tuple[str, ...]:
    values = strings(fields, "vanity_ids")
    for value in values:
        if not re.fullmatch(VANITY_ID_PATTERN, value):
            raise fields.error("vanity_ids", f"{value!r} must look like urn:avid:aem:<name>")
    return tuple(dict.fromkeys(values))


def _file(root: Path, fields: Fields, label: str, relative: object) -> Path:
    if not isinstance(relative, str) or not relative:
        raise fields.error(
            label, f"must be a file path (string) relative to the library folder, got {kind_of(relative)}"
        )
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise fields.error(label, f"{relative!r} must be a path inside the library folder (no '..')")
    path = (root / candidate).resolve()
    if not path.is_relative_to(root):
        raise fields.error(label, f"{relative!r} leads outside the library folder")
    if not path.is_file():
        raise fields.error(label, f"no file at {relative!r}")
    return path


def _video(root: Path, fields: Fields) -> VideoFiles | None:
    relative = fields.get("video", str)
    if relative is None:
        return None
    try:
        return load_video_folder(root, relative)
    except VideoFolderError as error:
        raise fields.error("video", str(error)) from error


def _raster(path: Path, fields: Fields, key: str) -> Raster:
    try:
        with Image.open(path) as image:
            width, height = image.size
            if (refused := too_many_pixels(width, height)) is not None:  # from the header: nothing decoded
                raise fields.error(key, f"{path.name}: {refused}")
            if image.getexif().get(0x0112) in (5, 6, 7, 8):
                width, height = height, width
            has_alpha = _has_alpha(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        hint = " (an SVG, PDF or other non-raster original needs a raster `preview`)" if key == "file" else ""
        raise fields.error(key, f"{path.name}: not an image Pillow can read{hint}: {error}") from error
    return Raster(path=path, width=width, height=height, has_alpha=has_alpha)


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        alpha = ImageOps.exif_transpose(image).convert("RGBA").getchannel("A")
        extrema = alpha.getextrema()
        return isinstance(extrema[0], int | float) and extrema[0] < 255
    return False


def _smart_crops(fields: Fields) -> tuple[SmartCrop, ...]:
    crops: list[SmartCrop] = []
    for index, item in enumerate(fields.get("smart_crops", list) or []):
        crop = Fields(item, f"{fields.where}: smart_crops[{index}]", _SMART_CROP_KEYS)
        name = crop.get("name", str, required=True)
        if not re.fullmatch(r"[\w-]+", name):
            raise crop.error("name", f"{name!r} may only hold letters, digits, - and _")
        if any(existing.name == name for existing in crops):
            raise crop.error("name", f"{name!r} is used twice")
        box = [_number(crop, key, 0.0, 1.0) for key in _SMART_CROP_KEYS[1:5]]
        left, top, width, height = box
        if width <= 0 or height <= 0:
            raise crop.error("normalizedWidth", "width and height must be greater than 0")
        if left + width > 1.0001 or top + height > 1.0001:
            raise crop.error("normalizedWidth", "the rectangle must lie inside the image (left + width ≤ 1)")
        nominal = [_number(crop, key, 1, 12000, integer=True) for key in ("width", "height")]
        if (nominal[0] is None) != (nominal[1] is None):
            raise crop.error("width", "give both width and height, or neither")
        crops.append(
            SmartCrop(name, left, top, width, height, *(None if n is None else int(n) for n in nominal))
        )
    return tuple(crops)


def _number(fields: Fields, key: str, low: float, high: float, *, integer: bool = False) -> Any:
    value = fields.value.get(key)
    required = key not in ("width", "height")
    if value is None and not required:
        return None
    try:
        # AEM writes these numbers as strings; accept both.
        number = (
            float(value) if isinstance(value, int | float | str) and not isinstance(value, bool) else None
        )
    except ValueError:
        number = None
    if number is None or not low <= number <= high or (integer and not number.is_integer()):
        kind = "an integer" if integer else "a number"
        raise fields.error(key, f"must be {kind} from {low} to {high}, got {kind_of(value)}")
    return number


def _date(value: object, fields: Fields, key: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise fields.error(key, f"must be an ISO 8601 date-time string, got {kind_of(value)}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise fields.error(
            key, f"{value!r} is not an ISO 8601 date-time like 2025-01-31T12:00:00Z"
        ) from error
    if moment.tzinfo is None:
        raise fields.error(key, f"{value!r} needs a time zone, e.g. a trailing Z")
    return moment


def media_type_of(path: Path) -> str:
    """The media type a file's extension suggests (application/octet-stream when unknown)."""
    return (
        _MEDIA_TYPES.get(path.suffix.lower())
        or mimetypes.guess_type(path.name)[0]
        or "application/octet-stream"
    )


def _version(record: Mapping[str, Any], files: list[Path]) -> str:
    """A fingerprint of the record and its files' contents.

    Small files are hashed whole, so ETags are the same on every checkout of a library; large ones
    by size, modification time and their first and last MiB, so that loading a folder of 2 GB
    originals stays quick.
    """
    digest = hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode())
    for path in files:
        size = path.stat().st_size
        digest.update(f"{path.name}:{size}".encode())
        with path.open("rb") as stream:
            if size <= _HASH_WHOLE_UP_TO:
                digest.update(stream.read())
            else:
                digest.update(str(path.stat().st_mtime_ns).encode())
                digest.update(stream.read(_SAMPLE))
                stream.seek(size - _SAMPLE)
                digest.update(stream.read(_SAMPLE))
    return digest.hexdigest()[:20]
