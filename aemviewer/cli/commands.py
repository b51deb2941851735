"""What each subcommand does. Each returns an exit code or raises a `DeliveryError`."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aemviewer.cli.clients import command_pool, host_policy
from aemviewer.cli.console import Console
from aemviewer.cli.modifier_options import modifiers_from_options
from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.client_pool import ClientPool
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, InvalidInput, LocalFileError
from aemviewer.delivery.metadata_rows import metadata_rows
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.printable import printable
from aemviewer.delivery.reference import AssetRef, Operation, parse_reference


def serve(args: argparse.Namespace, console: Console) -> int:
    """Run the emulator until interrupted; the first stdout line is its base URL."""
    from aemviewer import emulator

    library = Path(args.library) if args.library else None
    log_file = Path(args.log) if args.log not in (None, "-") else None
    if not _is_loopback(args.host):
        console.note(
            f"warning: listening on {args.host}, the emulator is reachable from the network: anyone who "
            "can reach this machine can read the library, restricted assets included (with the "
            "library's tokens). Use --host 127.0.0.1 to keep it on this machine."
        )
    try:
        emulator.serve(
            library,
            args.host,
            args.port,
            log_requests=args.log is not None,
            log_file=log_file,
            announce=console.print,
        )
    except emulator.LibraryError as exc:
        raise InvalidInput(
            f"The library {library} cannot be served: {exc}",
            hint="Fix the catalogue (docs/catalogue.md describes it), or leave out --library for the demo.",
        ) from exc
    except OSError as exc:
        if log_file is not None and exc.filename is not None:
            raise LocalFileError(
                f"Cannot write the request log {log_file}: {exc.strerror or exc}.",
                hint="Choose a --log file in a folder you can write to.",
            ) from exc
        raise DeliveryError(
            f"Cannot listen on {args.host}:{args.port}: {exc.strerror or exc}.",
            hint="Choose another --port (0 picks a free one) or stop what is using it.",
        ) from exc
    return 0


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() == "localhost"


def url(args: argparse.Namespace, console: Console) -> int:
    """Print the delivery URL."""
    ref = parse_reference(args.asset)
    if args.base_url is None and ref.base_url is None:
        raise InvalidInput(
            "url needs to know the delivery host.",
            hint="Give --base-url https://delivery-p…-e….adobeaemcloud.com, set AEMVIEWER_BASE_URL, "
            "or pass a whole delivery URL.",
        )
    # No client is made: the pool only says which host and prefix the URL is built on.
    console.print(
        _target_url(args, ref, ClientPool(host_policy(args, args.asset)).endpoints_for(ref), console)
    )
    return 0


async def meta(args: argparse.Namespace, console: Console) -> int:
    """Print the metadata as an aligned table, or the server's JSON unchanged."""
    ref = parse_reference(args.asset)
    async with delivery_client(args, ref, console) as client:
        metadata = await client.metadata(ref.asset_id)
    if args.json:
        sys.stdout.buffer.write(metadata.raw)
        if not metadata.raw.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        return 0
    rows = metadata_rows(metadata.document)
    # Keys and values are the server's text: through `printable` they cannot act on the terminal.
    width = max((len(printable(row.section)) + 1 + len(printable(row.key)) for row in rows), default=0)
    for row in rows:
        label = f"{row.section}:{row.key}" if row.section != "document" else row.key
        console.print(f"{printable(label).ljust(width)}  {printable(row.text)}")
    return 0


# --- shared ---------------------------------------------------------------------------------------


def _target_url(
    args: argparse.Namespace, ref: AssetRef, endpoints: DeliveryEndpoints, console: Console
) -> str:
    """The URL of what the command line asks for: original, rendition, or the image with modifiers."""
    if args.original:
        return endpoints.original(ref, seo_name=ref.seo_name)
    if args.rendition:
        return endpoints.rendition(ref, args.rendition, seo_name=ref.seo_name)
    modifiers = modifiers_from_options(args, ref.modifiers, console, image_format=ref.format)
    image_operations = (Operation.IMAGE, Operation.DEFAULT_IMAGE)
    if ref.operation not in image_operations and modifiers == ref.modifiers and args.format is None:
        return endpoints.for_ref(ref)  # a pasted original/rendition/metadata URL stays what it was
    if ref.operation is Operation.DEFAULT_IMAGE and args.format is None:
        return endpoints.default_image(ref, modifiers)
    fmt = args.format or ref.format or "jpg"
    return endpoints.image(
        ref, modifiers if modifiers != ImageModifiers() else None, format=fmt, seo_name=ref.seo_name
    )


@asynccontextmanager
async def delivery_client(
    args: argparse.Namespace, ref: AssetRef, console: Console
) -> AsyncIterator[DeliveryClient]:
    """The pooled client of the asset's host; the in-process demo emulator when no host is configured."""
    async with command_pool(args, console, args.asset) as pool:
        yield pool.client_for(pool.endpoints_for(ref))
