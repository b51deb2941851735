"""Render an HTML file in QtWebEngine offscreen, with every request that is not a `data:` URI
recorded and blocked, and save a screenshot of the whole page.

Run as a process (`python -m tests.support.render_html PAGE.html SHOT.png`): WebEngine wants its
application attributes set before the first QApplication, and a fresh process keeps Chromium apart
from the other Qt tests. Prints one JSON line: `requests` (blocked URLs), `images` (decoded), `broken`
(images that did not decode), `sections`, `title`. Exit code 77 when WebEngine cannot start.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

CANNOT_START = 77
MAX_SHOT_HEIGHT = 6000
SHOT_WIDTH = 1200
POLL_MS = 100

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
if os.name == "posix" and os.geteuid() == 0:
    flags += " --no-sandbox"  # Chromium refuses to sandbox itself as root (CI containers)
os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --disable-gpu").strip()

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl  # noqa: E402

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWebEngineCore import (  # noqa: E402
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

FACTS_SCRIPT = """
(() => {
  const images = Array.from(document.images);
  return JSON.stringify({
    images: images.filter(i => i.complete && i.naturalWidth > 0).length,
    broken: images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt),
    sections: Array.from(document.querySelectorAll('section')).map(s => s.id),
    title: document.title,
    height: Math.ceil(document.body.getBoundingClientRect().bottom),
  });
})()
"""


def _uniform(image: QImage) -> bool:
    blank = QImage(image.size(), image.format())
    blank.fill(image.pixel(0, 0))
    return image == blank


class Recorder(QWebEngineUrlRequestInterceptor):
    """Blocks and records every request except the page itself and `data:` URIs."""

    def __init__(self, page_url: QUrl) -> None:
        super().__init__()
        self.page_url = page_url
        self.requests: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        page = self.page_url
        if url.scheme() == "data" or (url.scheme() == page.scheme() and url.path() == page.path()):
            return
        self.requests.append(url.toString())
        info.block(True)


def main(page: Path, shot: Path) -> int:
    app = QApplication([sys.argv[0]])
    page_url = QUrl.fromLocalFile(str(page.resolve()))
    recorder = Recorder(page_url)
    profile = QWebEngineProfile()  # off the record: no cache or cookies from earlier runs
    profile.setUrlRequestInterceptor(recorder)
    view = QWebEngineView()
    web_page = QWebEnginePage(profile, view)
    view.setPage(web_page)
    # By default a file:// page may not reach http at all, which would hide a leak from the
    # recorder: let it try, so that the recorder is what sees (and blocks) every such request.
    web_page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    # Tall from the start: a resize after loading reaches the grabbed frame only some time later.
    view.resize(SHOT_WIDTH, MAX_SHOT_HEIGHT)
    view.show()
    outcome: dict[str, object] = {}
    code = [CANNOT_START]
    finished: list[bool] = []

    def finish(exit_code: int) -> None:
        if not finished:
            finished.append(True)
            code[0] = exit_code
            app.quit()

    previous: list[QImage] = []

    def shoot() -> None:
        # Chromium hands its frames to the widget some time after the page painted them: poll
        # until a grab shows content and two grabs in a row agree (the frame at this size is in).
        image = view.grab().toImage()
        settled = bool(previous) and image == previous[-1] and not _uniform(image)
        previous[:] = [image]
        if not settled:
            QTimer.singleShot(POLL_MS, shoot)
            return
        height = min(int(str(outcome["height"])), MAX_SHOT_HEIGHT)
        image.copy(0, 0, image.width(), height).save(str(shot))
        print(json.dumps({**outcome, "requests": recorder.requests}))
        finish(0)

    def facts(text: str) -> None:
        outcome.update(json.loads(text))
        shoot()

    def give_up() -> None:
        if "title" in outcome:  # it loaded: a page that never shows is a failure, not a missing engine
            print(json.dumps({"error": "the page loaded but no frame showed it"}))
            finish(1)
        else:
            finish(CANNOT_START)

    def loaded(ok: bool) -> None:
        if not ok:
            print(json.dumps({"error": "the page did not load"}))
            finish(1)
            return
        web_page.runJavaScript(FACTS_SCRIPT, 0, facts)

    web_page.loadFinished.connect(loaded)
    web_page.renderProcessTerminated.connect(lambda *_: finish(CANNOT_START))
    QTimer.singleShot(60_000, give_up)  # a guard, not a wait: WebEngine hung
    view.load(page_url)
    app.exec()
    return code[0]


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
