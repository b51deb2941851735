"""Running checks against real emulators: the documented example holds on the demo library; the
changed library fails exactly where it differs; an unreachable host is an error, not a failure."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import ExitCode
from aemviewer.delivery.retry import NO_RETRIES
from aemviewer.delivery.tokens import StaticToken
from aemviewer.emulator import EmulatorServer
from aemviewer.qa.checks.junit import junit_document, junit_results, merge_junit
from aemviewer.qa.checks.model import ChecksFile
from aemviewer.qa.checks.parser import parse_checks, read_checks_file
from aemviewer.qa.checks.plan import CheckContext
from aemviewer.qa.checks.results import CheckResult, Outcome, run_exit_code
from aemviewer.qa.checks.runner import plan_checks, run_checks
from aemviewer.qa.shard import Shard
from tests.support.behaviours import answer, not_found
from tests.support.servers import LoopbackServer

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "demo-checks.toml"


def run(
    checks: ChecksFile, base_url: str, token: str | None, shard: Shard | None = None
) -> list[CheckResult]:
    seen: list[tuple[int, int]] = []

    async def main() -> list[CheckResult]:
        endpoints = DeliveryEndpoints(base_url, "/adobe/assets")
        source = StaticToken(token) if token else None
        async with (
            DeliveryClient(endpoints, ClientSettings(token=source, retries=NO_RETRIES)) as client,
            DeliveryClient(endpoints, ClientSettings(retries=NO_RETRIES)) as anonymous,
        ):
            context = CheckContext(client, anonymous, has_token=token is not None)
            plan = plan_checks(checks, shard)
            return await run_checks(
                plan, context, jobs=3, on_result=lambda _, done, total: seen.append((done, total))
            )

    results = asyncio.run(main())
    assert sorted(seen) == [(done, len(results)) for done in range(1, len(results) + 1)]
    return results


def test_the_documented_example_passes_on_the_demo_library(
    emulator: EmulatorServer, tokens: dict[str, str]
) -> None:
    results = run(read_checks_file(EXAMPLE), emulator.base_url, tokens["editor"])

    assert [r for r in results if not r.passed] == []
    assert len(results) == 19
    assert run_exit_code(results) is ExitCode.OK


def test_without_a_token_restricted_and_metadata_checks_fail_and_say_why(emulator: EmulatorServer) -> None:
    results = {(r.asset, r.check): r for r in run(read_checks_file(EXAMPLE), emulator.base_url, None)}

    restricted = results[("retina (restricted)", "404 without a token, 200 with it")]
    assert restricted.outcome is Outcome.FAILED
    assert "no token is configured" in restricted.message
    assert "no token was sent" in results[("cat", "metadata dc:title present")].message
    assert results[("cat", "type for modern browser is image/avif")].passed


def test_the_changed_library_fails_where_it_differs(
    changed_emulator: EmulatorServer, tokens: dict[str, str]
) -> None:
    checks = parse_checks(
        """
[[asset]]
ref = "urn:avid:aem:chelsea-the-cat"
[[asset.dimensions]]
modifiers = { width = "200" }
width = 200
height = 133

[[asset]]
ref = "urn:aaid:aem:0cf05587-1579-5265-bbaf-3f1f241c9102"
name = "astronaut"
[asset.types]
curl = "image/jpeg"
"""
    )

    results = run(checks, changed_emulator.base_url, tokens["editor"])

    cat, astronaut = results
    assert cat.outcome is Outcome.FAILED and cat.message.startswith("delivered 200×")
    assert cat.message != "delivered 200×133 px"
    assert astronaut.outcome is Outcome.FAILED
    assert "(404)" in astronaut.message
    assert "0cf05587" in astronaut.message
    assert run_exit_code(results) is ExitCode.CHECKS_FAILED


def test_an_unreachable_host_is_an_error_not_a_failure() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # The port is closed again: connections to it are refused.

    results = run(read_checks_file(EXAMPLE), f"http://127.0.0.1:{port}", None)

    assert {r.outcome for r in results} == {Outcome.ERROR}
    assert all(f"127.0.0.1:{port}" in (r.url or r.message) for r in results)
    assert run_exit_code(results) is ExitCode.CHECKS_UNREACHABLE


def test_three_shards_run_every_check_exactly_once_and_their_junit_merges(
    emulator: EmulatorServer, tokens: dict[str, str]
) -> None:
    checks = read_checks_file(EXAMPLE)
    whole = run(checks, emulator.base_url, tokens["editor"])
    documents = [
        junit_document(run(checks, emulator.base_url, tokens["editor"], Shard(k, 3)), f"shard {k}")
        for k in (1, 2, 3)
    ]

    merged = junit_results(merge_junit(documents))

    key = lambda result: (result.asset, result.check)  # noqa: E731
    assert sorted(map(key, merged)) == sorted(map(key, whole))
    assert len(set(map(key, merged))) == len(merged)
    assert all(result.passed for result in merged)


def test_a_server_that_breaks_the_protocol_makes_errors_and_a_refusal_makes_a_failure(
    server: LoopbackServer,
) -> None:
    asset = "urn:aaid:aem:4d53181d-045d-5fab-a350-0dfc65b4bd3a"
    server.on(
        f"/adobe/assets/{asset}/metadata", answer(200, b"<html>not json</html>", content_type="text/html")
    )
    server.on(f"/adobe/assets/{asset}/smartCrops", answer(503, b"busy", content_type="text/plain"))
    server.on(f"/adobe/assets/{asset}/renditions/web.jpeg/as/web.jpeg", not_found)
    checks = parse_checks(
        f'[[asset]]\nref = "{asset}"\nmetadata_present = ["dc:title"]\nrenditions = ["web.jpeg"]\n'
        '[asset.smart_crops]\nSquare = "1:1"\n'
    )

    results = {result.check: result for result in run(checks, server.url, None)}

    assert results["metadata dc:title present"].outcome is Outcome.ERROR
    assert results["smart crop Square is 1:1"].outcome is Outcome.ERROR
    assert "503" in results["smart crop Square is 1:1"].message
    assert results["rendition web.jpeg"].outcome is Outcome.FAILED
    assert run_exit_code(results.values()) is ExitCode.CHECKS_UNREACHABLE
