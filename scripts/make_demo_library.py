"""Generate the built-in demo library in resources/demo/ (catalogue, originals, renditions, previews).

Reproducible: fixed ids (uuid5), fixed dates, fixed tokens, and only scikit-image sample images that
ship inside its wheel (no downloads). Run from the repository root:

    .venv/bin/python scripts/make_demo_library.py            # writes resources/demo/
    .venv/bin/python scripts/make_demo_library.py --out DIR  # somewhere else

Needs scikit-image and Pillow (both in the dev environment), and PyAV for the videos
(scripts/make_demo_videos.py, `pip install -e '.[video]'`). See resources/demo/SOURCES.md for what
each file is, where it comes from and its licence; docs/catalogue.md for the catalogue format.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import skimage
from demo_assets import asset_id, fit, profile_crops
from PIL import Image, ImageDraw
from skimage import data, measure

ROOT = Path(__file__).resolve().parent.parent
JWT_KEY = b"aemviewer-demo-library-not-a-secret"
API_KEY = "aemviewer-demo"


def jwt(payload: dict[str, Any]) -> str:
    """A well-formed HS256 JWT (the emulator matches tokens as strings; the signature is real anyway)."""

    def part(value: bytes) -> str:
        return base64.urlsafe_b64encode(value).decode().rstrip("=")

    header = part(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = part(json.dumps(payload, separators=(",", ":")).encode())
    signature = hmac.new(JWT_KEY, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{part(signature)}"


TOKENS = {
    "editor": jwt({"sub": "demo-editor@aemviewer.example", "name": "Demo Editor", "iss": "aemviewer-demo",
                   "iat": 1735689600}),
    "viewer": jwt({"sub": "demo-viewer@aemviewer.example", "name": "Demo Viewer", "iss": "aemviewer-demo",
                   "iat": 1735689600, "exp": 4102444800}),
    "expired": jwt({"sub": "demo-expired@aemviewer.example", "name": "Expired Token", "iss": "aemviewer-demo",
                    "iat": 1546300800, "exp": 1577836800}),
}  # fmt: skip
TOKEN_ROLES = {
    "editor": ["clinical", "marketing"],
    "viewer": ["marketing"],
    "expired": ["clinical", "marketing"],
}

# Licences as skimage.data's docstrings state them (scikit-image 0.26); see SOURCES.md.
SKIMAGE_SOURCES = {
    "astronaut": "NASA Great Images database (https://flic.kr/p/r9qvLn). No known copyright restrictions, "
    "released into the public domain.",
    "chelsea": "Photograph by Stefan van der Walt. No copyright restrictions, CC0.",
    "coffee": "Photograph by Rachel Michetti, courtesy of Pikolo Espresso Bar. No copyright restrictions, CC0.",
    "rocket": "SpaceX Photos (https://www.flickr.com/photos/spacexphotos/16511594820/). Released into the "
    "public domain by SpaceX.",
    "hubble_deep_field": "HubbleSite, NASA (release 2012-37). May be freely used in the public domain.",
    "camera": "Photograph by Lav Varshney. No copyright restrictions, CC0.",
    "coins": "Brooklyn Museum Collection (opencollection/archives/image/51611). No known copyright restrictions.",
    "retina": "Wikimedia Commons, 'Fundus photograph of normal left eye', Mikael Häggström. CC0 1.0.",
    "clock": "Photograph by Stefan van der Walt. Released into the public domain by the photographer.",
    "gravel": "CC0Textures 'Gravel04'; rescaled, cropped and made grayscale by scikit-image. CC0.",
    "brick": "CC0Textures 'Bricks25'; perspective-corrected, rotated, cropped and made grayscale by "
    "scikit-image. CC0.",
    "grass": "DeviantArt 'Grass 01' by linolafett; cropped and made grayscale by scikit-image. CC0.",
    "immunohistochemistry": "Center for Microscopy And Molecular Imaging (CMMI). No known copyright "
    "restrictions.",
    "logo": "The scikit-image logo. skimage.data states no separate licence for it; it ships in the "
    "scikit-image wheel, whose LICENSE.txt puts all files (`Files: *`) under BSD-3-Clause, "
    "© the scikit-image team.",
}


@dataclass
class Spec:
    """One demo asset to make."""

    slug: str
    title: str
    description: str
    keywords: list[str]
    creator: str
    source: str
    """skimage.data function name, or 'mosaic', 'badge', 'contact-sheet'."""
    original: str
    """File name of the original (its extension picks the format)."""
    focus: tuple[float, float] = (0.5, 0.5)
    machine: list[tuple[str, float]] = field(default_factory=list)
    collection: str = "Samples"
    rules: dict[str, Any] = field(default_factory=dict)
    created: str = "2025-03-03T09:15:00.000Z"
    modified: str = "2025-03-10T14:30:00.000Z"


SPECS = [
    Spec("astronaut", "Astronaut Eileen Collins", "Portrait of NASA astronaut Eileen Collins in her flight suit, "
         "with the US flag and a space shuttle model.", ["astronaut", "portrait", "NASA", "space"],
         "NASA", "astronaut", "astronaut-eileen-collins.jpg", (0.45, 0.3),
         [("person", 0.98), ("astronaut", 0.93), ("flag", 0.81)], "Space"),
    Spec("chelsea", "Chelsea the cat", "A tabby cat looking into the camera.", ["cat", "pet", "animal"],
         "Stefan van der Walt", "chelsea", "chelsea-the-cat.jpg", (0.45, 0.45),
         [("cat", 0.99), ("whiskers", 0.9), ("pet", 0.88)], "Animals",
         {"vanity_ids": ["urn:avid:aem:chelsea-the-cat", "urn:avid:aem:ChelseaCat"]}),
    Spec("coffee", "Coffee cup", "An espresso in a red cup and saucer on a wooden table at Pikolo Espresso Bar.",
         ["coffee", "espresso", "cafe", "drink"], "Rachel Michetti", "coffee", "coffee-cup.jpg", (0.5, 0.45),
         [("coffee", 0.97), ("cup", 0.95), ("table", 0.7)], "Food & drink",
         {"off_time": "2099-12-31T23:59:59Z"}),
    Spec("rocket", "Falcon 9 with DSCOVR on the pad", "SpaceX Falcon 9 carrying the DSCOVR satellite on its "
         "launch pad at Cape Canaveral at night, February 2015.", ["rocket", "launch pad", "SpaceX", "space"],
         "SpaceX", "rocket", "falcon-9-dscovr-launch.jpg", (0.55, 0.45),
         [("rocket", 0.96), ("launch pad", 0.9), ("night", 0.85)], "Space", {"on_time": "2025-01-01T00:00:00Z"}),
    Spec("hubble", "Hubble eXtreme Deep Field", "The Hubble Space Telescope's deepest view of the universe, "
         "thousands of galaxies.", ["galaxies", "Hubble", "astronomy", "space"], "NASA",
         "hubble_deep_field", "hubble-extreme-deep-field.jpg", (0.5, 0.5),
         [("galaxy", 0.94), ("night sky", 0.88), ("stars", 0.86)], "Space"),
    Spec("camera", "Cameraman", "A photographer with a tripod-mounted camera on a lawn, in black and white.",
         ["photographer", "camera", "black and white"], "Lav Varshney", "camera", "cameraman.tif", (0.45, 0.35),
         [("person", 0.95), ("camera", 0.91), ("tripod", 0.82)], "People"),
    Spec("coins", "Greek coins from Pompeii", "Twenty-four ancient Greek coins on a grey background.",
         ["coins", "archaeology", "Pompeii", "museum"], "Brooklyn Museum", "coins", "greek-coins-pompeii.png",
         (0.5, 0.5), [("coin", 0.97), ("metal", 0.8), ("collection", 0.7)], "Heritage"),
    Spec("mosaic", "Sample photographs mosaic", "Twelve sample photographs in a 4 × 3 grid, 4096 × 2304 "
         "pixels: the large image for crop and zoom work.", ["mosaic", "collage", "large image"],
         "aemviewer (from scikit-image sample images)", "mosaic", "sample-photographs-mosaic.jpg", (0.5, 0.5),
         [("collage", 0.9), ("space", 0.7), ("cat", 0.6)], "Samples"),
    Spec("logo", "scikit-image logo (cut out)", "The scikit-image logo, its white background made "
         "transparent.",
         ["logo", "transparent", "scikit-image"], "the scikit-image team", "logo", "scikit-image-logo.png",
         (0.5, 0.5), [("logo", 0.92), ("graphic", 0.85)], "Brand"),
    Spec("badge", "aemviewer demo badge", "A vector badge (SVG) drawn for the demo library.",
         ["badge", "vector", "SVG"], "aemviewer developers", "badge", "aemviewer-demo-badge.svg", (0.5, 0.5),
         [("graphic", 0.9), ("circle", 0.8)], "Brand"),
    Spec("contact-sheet", "Demo contact sheet", "A two-page PDF contact sheet of the sample photographs.",
         ["contact sheet", "PDF", "print"], "aemviewer developers", "contact-sheet", "demo-contact-sheet.pdf",
         (0.5, 0.3), [("document", 0.93), ("photo", 0.8)], "Print"),
    Spec("retina", "Fundus photograph of a normal left eye", "Retina with optic disc and blood vessels; "
         "restricted to the clinical team.", ["retina", "fundus", "ophthalmology", "medical"],
         "Mikael Häggström", "retina", "fundus-normal-left-eye.jpg", (0.5, 0.5),
         [("eye", 0.95), ("medical", 0.9), ("circle", 0.7)], "Clinical",
         {"roles": ["clinical"], "vanity_ids": ["urn:avid:aem:retina-left-eye"]}),
    Spec("clock", "Motion-blurred wall clock", "A wall clock photographed while moving the camera "
         "(not approved: too blurry).", ["clock", "motion blur", "time"], "Stefan van der Walt", "clock",
         "wall-clock-motion-blur.png", (0.5, 0.5), [("clock", 0.9), ("blur", 0.8)], "Objects",
         {"status": "unapproved"}),
    Spec("gravel", "Gravel texture", "Close-up of gravel (expired: licence period ended).",
         ["gravel", "texture", "stone"], "CC0Textures", "gravel", "gravel-texture.jpg", (0.5, 0.5),
         [("gravel", 0.93), ("texture", 0.9)], "Textures", {"expires": "2024-12-31T23:59:59Z"}),
    Spec("brick", "Brick wall texture", "A brick wall (scheduled: goes live in 2099).",
         ["brick", "wall", "texture"], "CC0Textures", "brick", "brick-wall-texture.jpg", (0.5, 0.5),
         [("brick", 0.95), ("wall", 0.92)], "Textures", {"on_time": "2099-01-01T00:00:00Z"}),
]  # fmt: skip

MOSAIC_TILES = [
    ("Astronaut", "astronaut"), ("Rocket", "rocket"), ("Hubble", "hubble_deep_field"), ("Retina", "retina"),
    ("Cat", "chelsea"), ("Coffee", "coffee"), ("Cameraman", "camera"), ("Coins", "coins"),
    ("Clock", "clock"), ("Tissue", "immunohistochemistry"), ("Brick", "brick"), ("Grass", "grass"),
]  # fmt: skip
TILE = (1024, 768)


def sample(name: str) -> Image.Image:
    """A scikit-image sample image (bundled in the wheel) as a Pillow image."""
    array = getattr(data, name)()
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    return Image.fromarray(array)


def cut_out(image: Image.Image) -> Image.Image:
    """Make the white background around the subject transparent: the near-white region connected to
    the border gets alpha from its distance to white (GIMP's colour-to-alpha), so the edge stays soft;
    everything else stays opaque."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float64)
    distance = (255.0 - rgb).max(axis=2)
    labels = measure.label(distance < 24, connectivity=1)
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    background = np.isin(labels, border[border > 0])
    alpha = np.where(background, distance * 255.0 / 24.0, 255.0).clip(0, 255)
    safe = np.maximum(alpha, 1.0)[..., None]
    colour = np.where(background[..., None], np.clip((rgb - 255.0) * 255.0 / safe + 255.0, 0, 255), rgb)
    return Image.fromarray(np.dstack([colour, alpha]).round().astype(np.uint8), "RGBA")


def cover(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Centre-crop to the aspect ratio of `size`, then resize to it."""
    width, height = image.size
    aspect = size[0] / size[1]
    if width / height > aspect:
        new_width = round(height * aspect)
        box = ((width - new_width) // 2, 0, (width - new_width) // 2 + new_width, height)
    else:
        new_height = round(width / aspect)
        box = (0, (height - new_height) // 2, width, (height - new_height) // 2 + new_height)
    return image.convert("RGB").crop(box).resize(size, Image.Resampling.LANCZOS)


def mosaic() -> Image.Image:
    """4 × 3 tiles of 1024 × 768: twelve photographs, the smaller ones upscaled to fill their tile."""
    canvas = Image.new("RGB", (TILE[0] * 4, TILE[1] * 3))
    for index, (_name, source) in enumerate(MOSAIC_TILES):
        canvas.paste(cover(sample(source), TILE), ((index % 4) * TILE[0], (index // 4) * TILE[1]))
    return canvas


BADGE_SIZE = (1200, 630)
BADGE_SHAPES = [
    ("rect", (60, 60, 1140, 570), 48, "#1d2b53", 1.0),
    ("circle", (430, 315, 170), 0, "#29adff", 0.8),
    ("circle", (600, 315, 170), 0, "#ff77a8", 0.8),
    ("circle", (770, 315, 170), 0, "#ffec27", 0.8),
    ("polygon", ((560, 235), (560, 395), (690, 315)), 0, "#ffffff", 1.0),
]
"""Drawn twice: as SVG (the original) and with Pillow (its raster preview), so they match."""


def badge_svg() -> str:
    """The hand-written SVG original."""
    width, height = BADGE_SIZE
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        "  <title>aemviewer demo badge</title>",
    ]
    for kind, geometry, radius, colour, opacity in BADGE_SHAPES:
        if kind == "rect":
            x0, y0, x1, y1 = geometry
            lines.append(
                f'  <rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="{radius}" fill="{colour}"/>'
            )
        elif kind == "circle":
            cx, cy, r = geometry
            lines.append(f'  <circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}" fill-opacity="{opacity}"/>')
        else:
            points = " ".join(f"{x},{y}" for x, y in geometry)
            lines.append(f'  <polygon points="{points}" fill="{colour}"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def badge_raster() -> Image.Image:
    """The SVG drawn with Pillow on a transparent canvas (shapes with opacity are composited)."""
    canvas = Image.new("RGBA", BADGE_SIZE, (0, 0, 0, 0))
    for kind, geometry, radius, colour, opacity in BADGE_SHAPES:
        layer = Image.new("RGBA", BADGE_SIZE, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        fill = (*Image.new("RGB", (1, 1), colour).getpixel((0, 0)), round(255 * opacity))
        if kind == "rect":
            draw.rounded_rectangle(geometry, radius=radius, fill=fill)
        elif kind == "circle":
            cx, cy, r = geometry
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
        else:
            draw.polygon(geometry, fill=fill)
        canvas = Image.alpha_composite(canvas, layer)
    return canvas


PAGE = (1240, 1754)  # A4 at 150 dpi


def contact_pages() -> list[Image.Image]:
    """Two A4 pages, six photographs each in a 2 × 3 grid."""
    pages = []
    for page_index in range(2):
        page = Image.new("RGB", PAGE, "white")
        draw = ImageDraw.Draw(page)
        for slot in range(6):
            _name, source = MOSAIC_TILES[page_index * 6 + slot]
            x, y = 90 + (slot % 2) * 550, 120 + (slot // 2) * 540
            page.paste(cover(sample(source), (500, 375)), (x, y))
            draw.rectangle((x - 1, y - 1, x + 500, y + 375), outline="#888888")
        pages.append(page)
    return pages


def smart_crops(spec: Spec, size: tuple[int, int]) -> list[dict[str, Any]]:
    """The profile's crops around the asset's focus point; the mosaic adds one per tile."""
    crops = profile_crops(size, spec.focus)
    if spec.source == "mosaic":
        for index, (name, _source) in enumerate(MOSAIC_TILES):
            crops.append({"name": name, "left": (index % 4) / 4, "top": round((index // 4) / 3, 4),
                          "normalizedWidth": 0.25, "normalizedHeight": round(1 / 3, 4),
                          "width": TILE[0], "height": TILE[1]})  # fmt: skip
    return crops


def write_original(spec: Spec, path: Path) -> Image.Image:
    """Write the original file; returns the raster the renditions are made from."""
    if spec.source == "mosaic":
        image = mosaic()
        image.save(path, "JPEG", quality=85, optimize=True)
        return image
    if spec.source == "badge":
        path.write_text(badge_svg(), encoding="utf-8")
        return badge_raster()
    if spec.source == "contact-sheet":
        pages = contact_pages()
        moment = time.strptime("2025-03-10 14:30:00", "%Y-%m-%d %H:%M:%S")
        pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=150, title=spec.title,
                      author=spec.creator, creationDate=moment, modDate=moment, quality=80)  # fmt: skip
        return pages[0]
    image = sample(spec.source)
    if spec.source == "logo":
        image = cut_out(image)
    suffix = path.suffix.lower()
    if suffix == ".jpg":
        image.convert("RGB" if image.mode != "L" else "L").save(path, "JPEG", quality=90, optimize=True)
    elif suffix == ".tif":
        image.save(path, "TIFF", compression="tiff_lzw")
    else:
        image.save(path, "PNG", optimize=True)
    return image


def write_renditions(spec: Spec, image: Image.Image, folder: Path) -> dict[str, str]:
    """AEM's default renditions: two PNG thumbnails and the web rendition (PNG if transparent)."""
    folder.mkdir(parents=True, exist_ok=True)
    transparent = image.mode == "RGBA"
    rgb = image if transparent else image.convert("RGB")
    files = {
        "cq5dam.thumbnail.140.100.png": fit(rgb, (140, 100)),
        "cq5dam.thumbnail.319.319.png": fit(rgb, (319, 319)),
        f"cq5dam.web.1280.1280.{'png' if transparent else 'jpeg'}": fit(rgb, (1280, 1280)),
    }
    if spec.source == "mosaic":
        files["cq5dam.zoom.2048.2048.jpeg"] = fit(rgb, (2048, 2048))
    names = {}
    for name, rendition in files.items():
        if name.endswith(".png"):
            rendition.save(folder / name, "PNG", optimize=True)
        else:
            rendition.save(folder / name, "JPEG", quality=82, optimize=True)
        names[name] = f"renditions/{spec.slug}/{name}"
    return names


def record(spec: Spec, out: Path) -> dict[str, Any]:
    """Make one asset's files and return its catalogue record."""
    original = out / "originals" / spec.original
    image = write_original(spec, original)
    preview = None
    if spec.source in ("badge", "contact-sheet"):
        preview_path = out / "previews" / f"{spec.slug}.{'png' if image.mode == 'RGBA' else 'jpg'}"
        if image.mode == "RGBA":
            image.save(preview_path, "PNG", optimize=True)
        else:
            image.save(preview_path, "JPEG", quality=85, optimize=True)
        preview = preview_path.relative_to(out).as_posix()
    entry: dict[str, Any] = {
        "id": asset_id(spec.slug),
        "file": original.relative_to(out).as_posix(),
        **({"preview": preview} if preview else {}),
        "status": spec.rules.get("status", "approved"),
        "activation_target": "delivery",
        **{key: value for key, value in spec.rules.items() if key != "status"},
        "renditions": write_renditions(spec, image, out / "renditions" / spec.slug),
        "smart_crops": smart_crops(spec, image.size),
        "metadata": {
            "repositoryMetadata": {
                "repo:name": spec.original,
                "repo:createDate": spec.created,
                "repo:modifyDate": spec.modified,
            },
            "assetMetadata": {
                "dc:title": spec.title,
                "dc:description": spec.description,
                "dc:subject": spec.keywords,
                "dc:creator": [spec.creator],
                "dc:rights": rights(spec),
                "xmp:CreateDate": spec.created,
                "xmp:ModifyDate": spec.modified,
                "xmp:CreatorTool": "aemviewer scripts/make_demo_library.py",
                "xcm:machineKeywords": [
                    {"value": value, "confidence": score} for value, score in spec.machine
                ],
                "collection": spec.collection,
            },
        },
    }
    return entry


def rights(spec: Spec) -> str:
    if spec.source in ("badge", "contact-sheet", "mosaic"):
        return "Made for aemviewer's demo library from the sources in SOURCES.md."
    return SKIMAGE_SOURCES[spec.source]


def sources_markdown(entries: list[dict[str, Any]], out: Path) -> str:
    """SOURCES.md: every file, what it is, where it comes from, its licence."""
    lines = [
        "# Sources of the demo library",
        "",
        f"Generated by `scripts/make_demo_library.py` from the sample images bundled in the scikit-image "
        f"{skimage.__version__} wheel (`skimage.data`, no downloads) with Pillow. Licences are quoted from "
        "the `skimage.data` docstrings. Renditions and previews are derived from their original by the "
        "same script and carry the original's licence.",
        "",
        "| asset | original | made from | source and licence | how the file was made |",
        "|---|---|---|---|---|",
    ]
    for spec, entry in zip(SPECS, entries, strict=True):
        size = (out / entry["file"]).stat().st_size
        if spec.source == "mosaic":
            made_from = ", ".join(f"`{source}` ({name})" for name, source in MOSAIC_TILES)
            licence = "Each tile's own licence (see the tile table below)."
            how = ("4 × 3 tiles of 1024 × 768: each photograph centre-cropped to 4:3 and resized with Lanczos "
                   "(the smaller ones upscaled, up to 2.6×); JPEG quality 85.")  # fmt: skip
        elif spec.source == "badge":
            made_from, licence = "hand-written", "Written for this project (MIT, like aemviewer)."
            how = "SVG written by the script; preview drawn with Pillow from the same shapes."
        elif spec.source == "contact-sheet":
            made_from = "the same twelve photographs as the mosaic"
            licence = "Each photograph's own licence (see the tile table)."
            how = "Two A4 pages at 150 dpi, six photographs each, written with Pillow's PDF writer."
        else:
            made_from, licence = f"`skimage.data.{spec.source}()`", SKIMAGE_SOURCES[spec.source]
            how = {".jpg": "decoded and saved as JPEG quality 90", ".tif": "written as LZW TIFF (lossless)",
                   ".png": "written as PNG (lossless)"}[Path(spec.original).suffix]  # fmt: skip
            if spec.source == "logo":
                how = ("the sample is RGBA but fully opaque; the script makes the white background around "
                       "the logo transparent (the near-white region touching the border, with a soft "
                       "colour-to-alpha edge) and writes a PNG")  # fmt: skip
        lines.append(
            f"| {spec.title} | `{entry['file']}` ({size:,} bytes) | {made_from} | {licence} | {how} |"
        )
    lines += ["", "## Mosaic and contact-sheet tiles", "", "| tile | source | licence |", "|---|---|---|"]
    for name, source in MOSAIC_TILES:
        lines.append(f"| {name} | `skimage.data.{source}()` | {SKIMAGE_SOURCES[source]} |")
    lines += [
        "",
        "Renditions (`renditions/<asset>/cq5dam.*`) are the original resized to fit the box in their name "
        "(never enlarged), as AEM names its default renditions. Previews (`previews/`) are the raster "
        "the emulator's image endpoints use for the SVG and PDF originals.",
        "",
    ]
    return "\n".join(lines)


def catalogue(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "description": "aemviewer's built-in demo library (generated by scripts/make_demo_library.py).",
        "tokens": {TOKENS[name]: TOKEN_ROLES[name] for name in TOKENS},
        "api_keys": [API_KEY],
        "presets": {
            "thumbnail": {"width": "240", "quality": "70"},
            "social-square": {"smartcrop": "Square", "width": "1080", "quality": "80"},
            "hero": {"width": "1920", "quality": "80", "sharpen": "60"},
        },
        "assets": entries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "demo")
    out = parser.parse_args().out.resolve()
    for generated in ("originals", "renditions", "previews", "videos"):
        shutil.rmtree(out / generated, ignore_errors=True)
        (out / generated).mkdir(parents=True)
    entries = [record(spec, out) for spec in SPECS]
    # The videos animate the photographs written above (needs PyAV: pip install -e '.[video]').
    import make_demo_videos

    videos = make_demo_videos.write_videos(out)
    (out / "catalogue.json").write_text(
        json.dumps(catalogue(entries + videos), indent=2, ensure_ascii=False) + "\n"
    )
    sources = sources_markdown(entries, out) + "\n" + "\n".join(make_demo_videos.sources_section(videos, out))
    (out / "SOURCES.md").write_text(sources, encoding="utf-8")
    total = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    print(f"wrote {len(entries) + len(videos)} assets to {out} ({total / 1e6:.1f} MB)")
    for slug in [spec.slug for spec in SPECS] + [video.slug for video in make_demo_videos.VIDEOS]:
        print(f"  {asset_id(slug)}  {slug}")


if __name__ == "__main__":
    main()
