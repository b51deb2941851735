"""TLS: the system trust store refuses an unknown CA with a clear error; a CA file extends it."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.errors import NetworkError
from tests.support.clients import ASSET, with_client
from tests.support.servers import LoopbackServer

x509 = pytest.importorskip("cryptography.x509")
hashes = pytest.importorskip("cryptography.hazmat.primitives.hashes")
serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
ec = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ec")
NameOID = x509.oid.NameOID


def _certificate(subject: str, issuer: object, key: object, signing_key: object, *, ca: bool) -> object:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        ).add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A private CA (PEM) and a server certificate and key for 127.0.0.1 signed by it."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aemviewer test CA")])
    ca_cert = _certificate("aemviewer test CA", ca_name, ca_key, ca_key, ca=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = _certificate("127.0.0.1", ca_name, server_key, ca_key, ca=False)
    pem = serialization.Encoding.PEM
    ca_file, cert_file, key_file = tmp_path / "ca.pem", tmp_path / "server.pem", tmp_path / "server.key"
    ca_file.write_bytes(ca_cert.public_bytes(pem))
    cert_file.write_bytes(server_cert.public_bytes(pem))
    key_file.write_bytes(
        server_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_file, cert_file, key_file


@pytest.fixture
def tls_server(tls_files: tuple[Path, Path, Path]) -> Iterator[LoopbackServer]:
    _ca, cert_file, key_file = tls_files
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    with LoopbackServer(tls=context) as started:
        yield started


def test_an_unknown_ca_is_refused_with_a_hint(tls_server: LoopbackServer) -> None:
    url = f"{tls_server.url}/adobe/assets/{ASSET}"

    async def body(client: DeliveryClient) -> None:
        await client.fetch(url)

    with pytest.raises(NetworkError) as caught:
        with_client(tls_server, body)
    assert str(caught.value).startswith(f"The TLS certificate of 127.0.0.1 is not trusted ({url}):")
    assert "CA file" in caught.value.hint
    assert tls_server.received() == []


def test_an_extra_ca_file_is_trusted(tls_server: LoopbackServer, tls_files: tuple[Path, Path, Path]) -> None:
    ca_file = tls_files[0]
    tls_server.reply(200, b"secure", ("Content-Type", "text/plain"))

    delivery = with_client(
        tls_server, lambda client: client.fetch(f"{tls_server.url}/x"), extra_ca_file=ca_file
    )

    assert delivery.body == b"secure"
    assert delivery.url.startswith("https://127.0.0.1:")
