"""The server itself: transforms off the event loop, start/stop, request log, custom prefix."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from aemviewer.emulator import EmulatorServer, Library, create_app, imaging
from aemviewer.emulator.plan import RenderPlan

from .emulator_support import API, DEMO, decode, image_url


@pytest.fixture
def gate(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[threading.Event, threading.Event, list[RenderPlan]]]:
    """Holds every image render until released: `started` fires when the first render begins."""
    started, release = threading.Event(), threading.Event()
    plans: list[RenderPlan] = []
    real = imaging.render

    def gated(plan: RenderPlan) -> bytes:
        plans.append(plan)
        started.set()
        assert release.wait(20), "the test never released the render"
        return real(plan)

    monkeypatch.setattr(imaging, "render", gated)
    try:
        yield started, release, plans
    finally:
        release.set()


def test_a_slow_transform_does_not_stall_other_requests(
    emulator_url: str, gate: tuple[threading.Event, threading.Event, list[RenderPlan]]
) -> None:
    started, release, plans = gate
    big: dict[str, httpx.Response] = {}
    url = emulator_url + image_url("mosaic", "width=1999&blur=2.5&quality=61")

    def fetch_big() -> None:
        with httpx.Client(timeout=30) as http:
            big["response"] = http.get(url)

    worker = threading.Thread(target=fetch_big)
    worker.start()
    assert started.wait(10), "the large transform never started"
    # The render is now held inside its worker thread. Were it on the event loop, nothing else
    # could be answered and this request would time out.
    with httpx.Client(timeout=5) as http:
        metadata = http.get(f"{emulator_url}{API}/{DEMO['chelsea']}/metadata")
    assert metadata.status_code == 200
    assert "response" not in big and worker.is_alive()  # the big answer is still pending
    release.set()
    worker.join(30)
    assert big["response"].status_code == 200
    assert decode(big["response"]).size == (1999, 1124)
    assert plans[0].size == (1999, 1124)


def test_two_transforms_run_in_parallel(emulator_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both renders must be inside `render` at once: a barrier of two only opens if they are."""
    barrier = threading.Barrier(2, timeout=10)
    real = imaging.render

    def meeting(plan: RenderPlan) -> bytes:
        barrier.wait()
        return real(plan)

    monkeypatch.setattr(imaging, "render", meeting)
    results: list[int] = []

    def fetch(query: str) -> None:
        with httpx.Client(timeout=30) as http:
            results.append(http.get(emulator_url + image_url("coffee", query)).status_code)

    workers = [threading.Thread(target=fetch, args=(f"width={width}&quality=33",)) for width in (111, 112)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert results == [200, 200]
    assert not barrier.broken


def test_start_stop_and_context_manager(demo: Library) -> None:
    server = EmulatorServer(demo)
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.base_url
    base_url = server.start()
    assert base_url == server.base_url and base_url.startswith("http://127.0.0.1:")
    assert server.start() == base_url  # idempotent
    assert httpx.get(f"{base_url}{API}/{DEMO['chelsea']}/smartCrops").status_code == 200
    server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}{API}/{DEMO['chelsea']}/smartCrops", timeout=2)
    server.stop()  # idempotent
    with EmulatorServer(demo) as again:
        assert httpx.get(f"{again.base_url}{API}/{DEMO['chelsea']}/metadata").status_code == 200


def test_request_log_records_method_path_and_query_as_sent(demo: Library) -> None:
    encoded = DEMO["chelsea"].replace(":", "%3A")
    with EmulatorServer(demo) as server, httpx.Client(base_url=server.base_url) as http:
        http.get(f"{API}/{DEMO['chelsea']}/metadata?x=1")
        http.head(f"{API}/{encoded}/as/a.jpg?width=10&crop=1%2C2%2C3%2C4")
        http.post(f"{API}/search", json={})
        http.get("/nowhere")
        assert server.request_log == [
            f"GET {API}/{DEMO['chelsea']}/metadata?x=1",
            f"HEAD {API}/{encoded}/as/a.jpg?width=10&crop=1%2C2%2C3%2C4",
            f"POST {API}/search",
            "GET /nowhere",
        ]


def test_custom_prefix(demo: Library) -> None:
    with EmulatorServer(demo, prefix="") as server, httpx.Client(base_url=server.base_url) as http:
        assert http.get(f"/{DEMO['chelsea']}/metadata").status_code == 200
        assert decode(http.get(f"/{DEMO['chelsea']}/as/a.jpg?width=40")).size == (40, 27)
        assert http.get(f"{API}/{DEMO['chelsea']}/metadata").status_code == 404
        # The experimental mirror keeps its own absolute path.
        experimental = (
            f"/adobe/experimental/advancemodifiers-expires-20300101/assets/{DEMO['chelsea']}/metadata"
        )
        assert http.get(experimental).status_code == 200
    with EmulatorServer(demo, prefix="/dam/") as server:
        assert httpx.get(f"{server.base_url}/dam/{DEMO['chelsea']}/metadata").status_code == 200


def test_create_app_without_a_log(demo: Library) -> None:
    app = create_app(demo)
    assert app.state.emulator.library is demo
