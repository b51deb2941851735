"""Profiles without Qt: hosts from program and environment ids, validation, the JSON file that the
window and the command line share, and the proxy a profile chooses (over real loopback HTTP)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_settings import ClientSettings
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import InvalidInput, NetworkError
from aemviewer.delivery.retry import NO_RETRIES
from aemviewer.delivery.tokens import EnvironmentToken, KeyringToken, StaticToken
from aemviewer.workspace.profile_store import ProfileStore
from aemviewer.workspace.profiles import DEMO_PROFILE, HostKind, Profile, ProxyMode, TokenKind, program_host
from tests.support.servers import LoopbackServer

ASSET = "urn:aaid:aem:6fbf9d63-0816-5d5d-af86-f2a12d7f25b4"


def test_program_and_environment_build_the_delivery_host() -> None:
    assert program_host("123", "456") == "https://delivery-p123-e456.adobeaemcloud.com"
    assert program_host(" 123 ", "456", stage=True) == "https://delivery-p123-e456-cmstg.adobeaemcloud.com"
    profile = Profile(name="Stage", host_kind=HostKind.PROGRAM, program="77", environment="88", stage=True)
    assert profile.endpoints().base_url == "https://delivery-p77-e88-cmstg.adobeaemcloud.com"
    assert profile.endpoints().prefix == "/adobe/assets"
    with pytest.raises(InvalidInput, match="must both be numbers"):
        program_host("p123", "456")


def test_a_custom_domain_keeps_its_prefix_and_the_emulator_needs_its_url() -> None:
    custom = Profile(name="CDN", base_url="https://assets.example.com/", prefix="")
    assert custom.endpoints().image(ASSET, format="jpg").startswith(f"https://assets.example.com/{ASSET}/as/")
    assert custom.describe_host() == "https://assets.example.com (prefix none)"
    assert DEMO_PROFILE.endpoints("http://127.0.0.1:9").base_url == "http://127.0.0.1:9"
    with pytest.raises(InvalidInput, match="built-in emulator, which is not running"):
        DEMO_PROFILE.endpoints()


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"name": "  "}, "has no name"),
        ({"base_url": ""}, "has no delivery URL"),
        ({"base_url": "ftp://x"}, "not an http or https base URL"),
        ({"token_kind": TokenKind.ENVIRONMENT, "token_variable": "MY-TOKEN"}, "not an environment variable"),
        ({"api_key": "two words"}, "API key"),
        ({"extra_ca_file": "/nowhere/ca.pem"}, "does not exist"),
        ({"proxy_mode": ProxyMode.URL, "proxy_url": "socks5://proxy:1080"}, "not an http"),
        ({"proxy_mode": ProxyMode.URL, "proxy_url": "http://proxy:99999"}, "invalid port"),
    ],
)
def test_validation_names_the_field(changes: dict[str, object], complaint: str) -> None:
    profile = Profile(name="Prod", base_url="https://delivery-p1-e2.adobeaemcloud.com")
    assert profile.validated() == profile
    with pytest.raises(InvalidInput, match=complaint):
        replace(profile, **changes).validated()  # type: ignore[arg-type]


def test_token_sources_and_proxy_follow_the_profile() -> None:
    base = Profile(name="Prod", base_url="https://delivery-p1-e2.adobeaemcloud.com")
    assert base.token_source() is None
    keyring_source = replace(base, token_kind=TokenKind.KEYRING).token_source()
    assert isinstance(keyring_source, KeyringToken) and keyring_source.profile == "Prod"
    env = Profile(
        name="Env", base_url="https://x.example", token_kind=TokenKind.ENVIRONMENT, token_variable="T"
    )
    source = env.token_source()
    assert isinstance(source, EnvironmentToken) and source.var == "T"
    assert base.proxy() is None and base.use_system_proxy
    direct = Profile(name="Direct", base_url="https://x.example", proxy_mode=ProxyMode.NONE)
    assert direct.proxy() is None and not direct.use_system_proxy
    proxied = Profile(
        name="P", base_url="https://x.example", proxy_mode=ProxyMode.URL, proxy_url=" http://p:3128 "
    )
    assert proxied.proxy() == "http://p:3128"


def test_the_store_round_trips_and_never_writes_the_demo_or_a_token(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config" / "profiles.json")
    empty = store.load()
    assert empty.names == [DEMO_PROFILE.name] and empty.active_profile is DEMO_PROFILE

    prod = Profile(
        name=" Production ",
        host_kind=HostKind.PROGRAM,
        program="123",
        environment="456",
        token_kind=TokenKind.KEYRING,
        api_key="client-id",
        proxy_mode=ProxyMode.NONE,
    )
    store.save_profile(prod)
    store.save_profile(Profile(name="CDN", base_url="https://assets.example.com", prefix=""))
    store.set_active("Production")
    stored = store.load()
    assert stored.names == [DEMO_PROFILE.name, "Production", "CDN"]
    assert stored.active_profile == prod.validated()
    assert stored.get("CDN") == Profile(name="CDN", base_url="https://assets.example.com", prefix="")

    document = json.loads(store.path.read_text())
    assert document["active"] == "Production"
    assert [item["name"] for item in document["profiles"]] == ["Production", "CDN"]
    field_names = ("token_kind", "token_variable", "token_header")
    text = json.dumps(document)
    for name in field_names:
        text = text.replace(name, "")
    assert "token" not in text
    assert not list(store.path.parent.glob(".profiles-*")), "no temporary file left behind"

    # A rename keeps the place and the active mark; the demo cannot be changed or deleted.
    renamed = replace(prod.validated(), name="Prod")
    store.save_profile(renamed, replacing="Production")
    assert store.load().names == [DEMO_PROFILE.name, "Prod", "CDN"]
    assert store.load().active == "Prod"
    with pytest.raises(InvalidInput, match="exists already"):
        store.save_profile(Profile(name="CDN", base_url="https://other.example"))
    with pytest.raises(InvalidInput, match="built-in demo profile"):
        store.save_profile(Profile(name=DEMO_PROFILE.name, base_url="https://other.example"))
    with pytest.raises(InvalidInput, match="cannot be deleted"):
        store.delete(DEMO_PROFILE.name)
    store.delete("Prod")
    assert store.load().active == DEMO_PROFILE.name
    with pytest.raises(InvalidInput, match="no profile called 'Prod'") as caught:
        store.get("Prod")
    assert "'CDN'" in caught.value.hint


def test_a_broken_file_is_a_clear_error_and_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    path.write_text("{not json")
    with pytest.raises(InvalidInput, match="not valid JSON") as caught:
        ProfileStore(path).load()
    assert str(path) in caught.value.message
    path.write_text(json.dumps({"profiles": {"a": 1}}))
    with pytest.raises(InvalidInput, match="no list of profiles"):
        ProfileStore(path).load()
    path.write_text(json.dumps({"profiles": [{"name": "X", "stage": "yes"}]}))
    with pytest.raises(InvalidInput, match="'stage'"):
        ProfileStore(path).load()
    path.write_text(
        json.dumps({"version": 9, "profiles": [{"name": "New", "base_url": "https://n.example", "later": 1}]})
    )
    assert ProfileStore(path).load().get("New") == Profile(name="New", base_url="https://n.example")


# --- the proxy option of the client ----------------------------------------------------------------


def _fetch(client: DeliveryClient, url: str) -> None:
    async def go() -> None:
        async with client:
            await client.fetch(url)

    asyncio.run(go())


def test_a_proxy_url_carries_every_request_but_loopback(server: LoopbackServer) -> None:
    server.reply(200, b"via proxy", ("Content-Type", "text/plain"))
    host = DeliveryEndpoints("http://delivery.invalid")
    client = DeliveryClient(
        host, ClientSettings(proxy=server.url, retries=NO_RETRIES, token=StaticToken("secret-token"))
    )
    _fetch(client, host.metadata(ASSET))
    (request,) = server.received()
    # Through a proxy, an http:// request names the whole URL (the proxy connects onwards).
    assert request.target == f"http://delivery.invalid/adobe/assets/{ASSET}/metadata"
    assert request.header("authorization") == "Bearer secret-token"


def test_system_proxy_settings_are_used_and_can_be_turned_off(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.setenv("http_proxy", server.url)
    monkeypatch.setenv("NO_PROXY", "skip.invalid")
    monkeypatch.setenv("no_proxy", "skip.invalid")
    server.reply(200, b"{}", ("Content-Type", "application/json"))
    host = DeliveryEndpoints("http://delivery.invalid")
    _fetch(DeliveryClient(host, ClientSettings(retries=NO_RETRIES)), host.metadata(ASSET))
    assert [request.target for request in server.received()] == [
        f"http://delivery.invalid/adobe/assets/{ASSET}/metadata"
    ]
    # NO_PROXY hosts and "no proxy" profiles go direct (and .invalid never resolves).
    skip = DeliveryEndpoints("http://skip.invalid")
    with pytest.raises(NetworkError):
        _fetch(
            DeliveryClient(skip, ClientSettings(retries=NO_RETRIES, connect_timeout=2)), skip.metadata(ASSET)
        )
    with pytest.raises(NetworkError):
        _fetch(
            DeliveryClient(host, ClientSettings(retries=NO_RETRIES, system_proxy=False, connect_timeout=2)),
            host.metadata(ASSET),
        )
    assert len(server.received()) == 1


def test_loopback_is_reached_directly_even_with_a_system_proxy(
    server: LoopbackServer, other_server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", other_server.url)
    monkeypatch.setenv("http_proxy", other_server.url)
    server.reply(200, b"{}", ("Content-Type", "application/json"))
    endpoints = DeliveryEndpoints(server.url)
    _fetch(DeliveryClient(endpoints, ClientSettings(retries=NO_RETRIES)), endpoints.metadata(ASSET))
    assert len(server.received()) == 1
    assert other_server.received() == []
