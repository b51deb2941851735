"""`render_report`: a `ReportContents` as one self-contained HTML file — images as `data:` URIs,
inline CSS, no script, no link to anything — with every secret redacted."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

from aemviewer import __version__
from aemviewer.delivery.tokens import REDACTED
from aemviewer.handoff.report import CropImage, DeliveredImage, ReportContents, ReportSection
from aemviewer.handoff.report_style import REPORT_CSS
from aemviewer.qa.format_matrix import image_size, smallest
from aemviewer.workspace.history import storable_url

SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-asset-delivery-token", "x-api-key"}
)
"""Headers whose values never reach a report."""

CROP_COLOURS = ("#2457c5", "#c0392b", "#1f7a3d", "#8e44ad", "#d35400", "#16808a")

_TITLES = {
    ReportSection.METADATA: "Metadata",
    ReportSection.PREVIEW: "Preview",
    ReportSection.FORMATS: "Formats",
    ReportSection.SMART_CROPS: "Smart crops",
    ReportSection.VIDEO: "Video check",
    ReportSection.HISTORY: "History",
}


def render_report(contents: ReportContents, *, secrets: Iterable[str] = ()) -> str:
    """The report as HTML text. Values of `SECRET_HEADERS` and any text in `secrets` (the token)
    are replaced by `••••` wherever they would appear."""
    body = [_header(contents), "<main>"]
    if contents.problems:
        items = "".join(f"<li>{_e(problem)}</li>" for problem in contents.problems)
        body.append(f'<div class="problems"><b>Some parts could not be fetched:</b><ul>{items}</ul></div>')
    renderers = {
        ReportSection.METADATA: _metadata,
        ReportSection.PREVIEW: _preview,
        ReportSection.FORMATS: _formats,
        ReportSection.SMART_CROPS: _crops,
        ReportSection.VIDEO: _video,
        ReportSection.HISTORY: _history,
    }
    for section in contents.sections:
        inner = renderers[section](contents)
        body.append(f'<section id="{section.value}"><h2>{_TITLES[section]}</h2>{inner}</section>')
    body.append("</main>")
    body.append(f"<footer>aemviewer {_e(__version__)} · secrets are shown as {REDACTED}</footer>")
    title = f"QA report: {contents.title or contents.file_name or contents.asset_id}"
    html = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # The page may load nothing but its own data: URIs, even if a value slipped through escaping.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'\">"
        f"<title>{_e(title)}</title><style>{REPORT_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
    for secret in secrets:
        if secret:
            html = html.replace(secret, REDACTED).replace(escape(secret, quote=True), REDACTED)
    return html


def _header(contents: ReportContents) -> str:
    facts = [
        ("Asset", contents.asset_id),
        ("Host", contents.host),
        ("File", contents.file_name or "–"),
        ("Type", contents.media_type or "–"),
        ("Pixels", f"{contents.dimensions[0]} × {contents.dimensions[1]}" if contents.dimensions else "–"),
        ("Generated", contents.generated.strftime("%Y-%m-%d %H:%M:%S %Z")),
    ]
    links = "".join(f'<a href="#{s.value}">{_TITLES[s]}</a>' for s in contents.sections)
    return (
        f'<header class="report"><h1>{_e(contents.title or contents.file_name or "QA report")}</h1>'
        f'<div class="id">{_e(contents.asset_id)}</div>{_facts(facts)}'
        f'<nav class="contents">{links}</nav></header>'
    )


def _metadata(contents: ReportContents) -> str:
    if not contents.metadata:
        return "<p>No metadata fields were delivered.</p>"
    rows: list[Sequence[str]] = [(row.section, row.key, row.text) for row in contents.metadata]
    return _table(("section", "key", "value"), rows, classes=("", "", "value"))


def _preview(contents: ReportContents) -> str:
    image = contents.preview
    if image is None:
        return "<p>The preview could not be fetched (see above).</p>"
    size = image_size(image.body)
    facts = [
        ("URL", storable_url(image.url)),
        ("Status", f"{image.status} {image.reason}".strip()),
        ("Delivered", image.media_type),
        ("Bytes", f"{len(image.body):,}"),
        ("Pixels", f"{size[0]} × {size[1]}" if size else "–"),
    ]
    return (
        f'<div class="preview">{_img(image, "The delivered preview")}<div>{_facts(facts)}'
        f"<h3>Request headers</h3>{_headers(image.request_headers)}"
        f"<h3>Response headers</h3>{_headers(image.response_headers)}</div></div>"
    )


def _formats(contents: ReportContents) -> str:
    if not contents.formats:
        return "<p>The format matrix was not run.</p>"
    best = smallest(contents.formats)
    head = ("accept", "auto-format", "format", "status", "delivered", "bytes", "pixels", "note")
    rows: list[Sequence[str | RawCell]] = []
    marks: list[str] = []
    for result in contents.formats:
        request = result.request
        note = "★ smallest" if result is best else ""
        if result.error is not None:
            note = f"failed: {result.error.message}"
        rows.append(
            (
                request.accept.label,
                "on" if request.auto_format else "off",
                request.image_format,
                _status_cell(result.status),
                result.media_type or "–",
                f"{result.byte_count:,}" if result.byte_count is not None else "–",
                f"{result.width} × {result.height}" if result.width and result.height else "–",
                note,
            )
        )
        marks.append("best" if result is best else "")
    return _table(head, rows, numeric=(5,), row_classes=marks)


def _crops(contents: ReportContents) -> str:
    if not contents.crops:
        return "<p>No smart crop is defined on this asset.</p>"
    parts = []
    if contents.overview is not None:
        boxes = "".join(_rectangle(item, index) for index, item in enumerate(contents.crops))
        parts.append(f'<div class="overview">{_img(contents.overview, "The whole image")}{boxes}</div>')
    figures = "".join(_crop_figure(item, index) for index, item in enumerate(contents.crops))
    parts.append(f'<div class="crops">{figures}</div>')
    return "".join(parts)


def _colour(index: int) -> str:
    return CROP_COLOURS[index % len(CROP_COLOURS)]


def _rectangle(item: CropImage, index: int) -> str:
    crop = item.crop
    box = (crop.left, crop.top, crop.normalized_width, crop.normalized_height)
    if any(value is None for value in box):
        return ""
    left, top, width, height = (100 * float(value or 0) for value in box)
    style = f"left:{left:.2f}%;top:{top:.2f}%;width:{width:.2f}%;height:{height:.2f}%"
    colour = _colour(index)
    # Labels step down by crop so that crops sharing a corner do not hide each other's names.
    label = f"top:{(index % 4) * 1.5:.1f}em;background:{colour}"
    return (
        f'<div class="rect" style="{style};border-color:{colour}">'
        f'<span style="{label}">{_e(crop.name)}</span></div>'
    )


def _crop_figure(item: CropImage, index: int) -> str:
    crop = item.crop
    if crop.left is not None and crop.normalized_width is not None:
        where = (
            f"left {crop.left:.1%}, top {(crop.top or 0):.1%}, "
            f"{crop.normalized_width:.1%} × {(crop.normalized_height or 0):.1%} of the image"
        )
    else:
        where = "known by name only (no rectangle given)"
    nominal = f"<br>nominal {crop.width} × {crop.height} px" if crop.width and crop.height else ""
    if item.image is not None:
        picture = _img(item.image, f"Smart crop {crop.name}")
        delivered = f"<br>{_e(item.image.media_type)}, {len(item.image.body):,} bytes"
    else:
        picture = f'<p class="status-bad">{_e(item.error)}</p>'
        delivered = ""
    return (
        f'<figure class="crop" style="border-top-color:{_colour(index)}">{picture}'
        f"<figcaption><b>{_e(crop.name)}</b><br>{_e(where)}"
        f"{nominal}{delivered}</figcaption></figure>"
    )


def _video(contents: ReportContents) -> str:
    report = contents.video
    if report is None:
        return (
            "<p>Not a video, or the check was not run.</p>"
            if not contents.is_video
            else "<p>Not checked.</p>"
        )
    rows = []
    for item in report.get("variants", []):
        size = item.get("resolution")
        first = item.get("first_frame_seconds")
        result = "ok" if item.get("ok") else f"FAILED: {item.get('error') or 'no frame decoded'}"
        rows.append(
            (
                str(item.get("variant", "")),
                f"{size[0]} × {size[1]}" if size else "–",
                str(item.get("frames", "")),
                "–" if first is None else f"{first:.2f} s",
                result,
            )
        )
    verdict = "every variant played" if report.get("ok") else "some variants did not play"
    return f"<p>Manifest <code>{_e(str(report.get('manifest', '')))}</code>: {verdict}.</p>" + _table(
        ("variant", "decoded", "frames", "first frame", "result"), rows
    )


def _history(contents: ReportContents) -> str:
    if not contents.history:
        return "<p>No request for this asset in the history.</p>"
    rows: list[Sequence[str | RawCell]] = [
        (
            entry.time.strftime("%Y-%m-%d %H:%M:%S"),
            entry.operation or "–",
            _status_cell(entry.status),
            entry.content_type or "–",
            f"{entry.byte_count:,}" if entry.byte_count is not None else "–",
            entry.error or storable_url(entry.url),
        )
        for entry in contents.history
    ]
    return _table(
        ("time", "operation", "status", "type", "bytes", "URL or error"),
        rows,
        classes=("",) * 5 + ("url",),
        numeric=(4,),
    )


# --- small pieces -------------------------------------------------------------------------------


def _e(text: str) -> str:
    return escape(text, quote=True)


class RawCell(str):
    """A `<td>` already written as HTML (a status with its colour class)."""


def _status_cell(status: int | None) -> RawCell:
    if status is None:
        return RawCell('<td class="status-bad">–</td>')
    return RawCell(f'<td class="{"status-ok" if status < 400 else "status-bad"}">{status}</td>')


def _cell(text: str, css: str) -> str:
    if isinstance(text, RawCell):
        return str(text)
    return f'<td class="{css}">{_e(text)}</td>' if css else f"<td>{_e(text)}</td>"


def _table(
    head: Sequence[str],
    rows: Sequence[Sequence[str | RawCell]],
    *,
    classes: Sequence[str] = (),
    numeric: Sequence[int] = (),
    row_classes: Sequence[str] = (),
) -> str:
    """A table; `classes` per column, `numeric` columns right-aligned, `row_classes` per row."""
    number = ' class="num"'
    heading = "".join(f"<th{number if i in numeric else ''}>{_e(name)}</th>" for i, name in enumerate(head))
    lines = []
    for index, row in enumerate(rows):
        row_class = row_classes[index] if index < len(row_classes) else ""
        cells = "".join(
            _cell(cell, "num" if i in numeric else classes[i] if i < len(classes) else "")
            for i, cell in enumerate(row)
        )
        lines.append(f'<tr class="{row_class}">{cells}</tr>' if row_class else f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{heading}</tr></thead><tbody>{''.join(lines)}</tbody></table>"


def _headers(pairs: Sequence[tuple[str, str]]) -> str:
    rows: list[Sequence[str]] = [
        (name, _redacted(value) if name.lower() in SECRET_HEADERS else value) for name, value in pairs
    ]
    return _table(("header", "value"), rows, classes=("", "value"))


def _facts(pairs: Sequence[tuple[str, str]]) -> str:
    rows = "".join(f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in pairs)
    return f'<dl class="facts">{rows}</dl>'


def _redacted(value: str) -> str:
    # The scheme stays readable ("Bearer ••••"): which kind of credential went is worth knowing.
    scheme, space, _secret = value.partition(" ")
    return f"{scheme} {REDACTED}" if space and scheme.isalpha() else REDACTED


def _img(image: DeliveredImage, alt: str) -> str:
    data = base64.b64encode(image.body).decode("ascii")
    return (
        f'<img alt="{_e(alt)}" src="data:{_e(image.media_type or "application/octet-stream")};base64,{data}">'
    )
