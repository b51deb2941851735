"""The small parts under the client: revalidation store, Retry-After, problem details, TLS context."""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from pathlib import Path

import httpcore
import httpx
import pytest

from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.http_errors import ErrorContext, problem_detail
from aemviewer.delivery.retry import RetryableAnswer, RetryPolicy, backoff_hook, parse_retry_after
from aemviewer.delivery.revalidation import RevalidationStore
from aemviewer.delivery.transport import LargeReadBackend, build_transport, ssl_context

JPEG = httpx.Headers({"Accept": "image/jpeg"})
WEBP = httpx.Headers({"Accept": "image/webp"})


def etagged(etag: str, *more: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("ETag", etag), ("Content-Type", "image/jpeg"), *more)


def test_store_keys_on_url_and_vary_headers() -> None:
    store = RevalidationStore()
    store.store("u", JPEG, etagged('"j"', ("Vary", "Accept, Accept-Encoding")), b"jpeg")
    store.store("u", WEBP, etagged('"w"', ("Vary", "accept-encoding"), ("Vary", "Accept")), b"webp")

    jpeg, webp = store.lookup("u", JPEG), store.lookup("u", WEBP)
    assert jpeg is not None and (jpeg.etag, jpeg.body) == ('"j"', b"jpeg")
    assert webp is not None and webp.etag == '"w"'
    assert store.lookup("u", httpx.Headers({"Accept": "image/avif"})) is None
    assert store.lookup("other", JPEG) is None
    assert len(store) == 2 and store.total_bytes == 8


def test_store_refuses_what_cannot_be_revalidated() -> None:
    store = RevalidationStore(max_bytes=10)
    assert store.store("a", JPEG, (("Content-Type", "x"),), b"no etag") is None
    assert store.store("b", JPEG, etagged('"1"', ("Cache-Control", "private, no-store")), b"x") is None
    assert store.store("c", JPEG, etagged('"1"', ("Vary", "*")), b"x") is None
    assert store.store("d", JPEG, etagged('"1"'), b"x" * 11) is None
    assert len(store) == 0


def test_a_new_answer_without_etag_forgets_the_old_one() -> None:
    store = RevalidationStore()
    store.store("u", JPEG, etagged('"1"'), b"old")
    store.store("u", JPEG, (("Content-Type", "image/jpeg"),), b"new")
    assert store.lookup("u", JPEG) is None


def test_store_evicts_least_recently_used_by_bytes() -> None:
    store = RevalidationStore(max_bytes=10)
    store.store("a", JPEG, etagged('"a"'), b"aaaa")
    store.store("b", JPEG, etagged('"b"'), b"bbbb")
    assert store.lookup("a", JPEG) is not None  # a is now the most recent
    store.store("c", JPEG, etagged('"c"'), b"cccc")
    assert store.lookup("b", JPEG) is None
    assert store.lookup("a", JPEG) is not None and store.lookup("c", JPEG) is not None
    assert store.total_bytes == 8
    store.clear()
    assert (len(store), store.total_bytes) == (0, 0)


def test_refresh_takes_the_304_headers_and_keeps_the_body() -> None:
    store = RevalidationStore()
    store.store("u", JPEG, etagged('"1"', ("Cache-Control", "max-age=10")), b"body")
    store.refresh("u", JPEG, (("ETag", '"1"'), ("Cache-Control", "max-age=600"), ("Content-Length", "0")))
    entry = store.lookup("u", JPEG)
    assert entry is not None
    assert entry.body == b"body"
    assert entry.header("cache-control") == "max-age=600"
    assert entry.header("content-type") == "image/jpeg"
    assert entry.header("content-length") is None


def test_authorization_in_vary_is_not_kept_in_clear() -> None:
    store = RevalidationStore()
    headers = httpx.Headers({"Authorization": "Bearer sekret"})
    store.store("u", headers, etagged('"1"', ("Vary", "Authorization")), b"x")
    assert store.lookup("u", headers) is not None
    assert store.lookup("u", httpx.Headers({"Authorization": "Bearer other"})) is None
    assert "sekret" not in repr(store._entries)


NOW = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Thu, 01 Jan 2026 12:00:30 GMT", 30.0),
        ("Thu, 01 Jan 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def answer(retry_after: float | None) -> RetryableAnswer:
    return RetryableAnswer(url="u", status=429, reason="", content_type="", body=b"", retry_after=retry_after)


def test_backoff_hook() -> None:
    hook = backoff_hook(RetryPolicy(retry_after_cap=10))
    assert hook(answer(None)) is True
    assert hook(answer(3)) == 3
    assert hook(answer(0)) == 0.0 and hook(answer(0)) is not False
    assert hook(answer(11)) is False
    assert hook(httpx.ConnectError("refused")) is True
    assert hook(httpx.RemoteProtocolError("cut")) is True
    assert hook(httpx.ReadTimeout("slow")) is False
    assert hook(ValueError("other")) is False
    untrusted = httpx.ConnectError("handshake failed")
    untrusted.__cause__ = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] self-signed")
    assert hook(untrusted) is False
    with pytest.raises(ValueError, match="at least 1"):
        RetryPolicy(attempts=0)


@pytest.mark.parametrize(
    ("content_type", "body", "detail"),
    [
        ("application/problem+json", b'{"title":"Bad Request","detail":"bad width"}', "bad width"),
        ("application/json; charset=utf-8", b'{"title":"Not Found"}', "Not Found"),
        ("application/vnd.adobe+json", b'{"message":"nope"}', "nope"),
        ("application/json", b"not json", "not json"),
        ("application/json", b'["a"]', '["a"]'),
        ("text/html", b"<html><title> Gateway\n Timeout </title><p>x</p></html>", "Gateway Timeout"),
        ("text/html", b"<p>plain <b>html</b></p>", "plain html"),
        ("", b"\xff\xfe broken", "\ufffd\ufffd broken"),
        ("text/plain", b"", ""),
    ],
)
def test_problem_detail(content_type: str, body: bytes, detail: str) -> None:
    assert problem_detail(content_type, body) == detail


def test_problem_detail_scrubs_the_token() -> None:
    assert problem_detail("text/plain", b"bad token abc123", secret="abc123") == "bad token ••••"
    assert "abc123" not in repr(ErrorContext(url="u", secret="abc123"))


def test_an_unreadable_ca_file_is_invalid_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="could not be loaded") as caught:
        ssl_context(tmp_path / "missing.pem")
    assert "PEM" in caught.value.hint
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate")
    with pytest.raises(InvalidInput, match=r"garbage\.pem"):
        ssl_context(garbage)


def test_the_transport_reads_large_chunks() -> None:
    transport = build_transport(ssl_context())
    assert isinstance(transport._pool._network_backend, LargeReadBackend)


def test_a_pooled_connection_is_readable_once_the_server_sent_or_closed() -> None:
    # What the connection pool asks of an idle connection before it reuses it.
    async def scenario() -> list[bool]:
        said: list[bool] = []
        done, closed = asyncio.Event(), asyncio.Event()

        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await done.wait()
            writer.write(b"x")
            await writer.drain()
            writer.close()
            await writer.wait_closed()
            closed.set()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        backend = LargeReadBackend(httpcore.AnyIOBackend())
        stream = await backend.connect_tcp("127.0.0.1", port)
        said.append(stream.get_extra_info("is_readable"))  # idle: nothing waiting
        done.set()
        await closed.wait()  # over loopback the byte and the end are then in this socket's buffer
        said.append(stream.get_extra_info("is_readable"))  # the server sent and closed
        await stream.aclose()
        said.append(stream.get_extra_info("is_readable"))  # closed here: never reused
        server.close()
        await server.wait_closed()
        return said

    assert asyncio.run(scenario()) == [False, True, True]
