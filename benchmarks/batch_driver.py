"""Save every URL of a list with N concurrent jobs, over `DeliveryClient` and `transfer.download`
(the engine the window and `aemviewer get` use) and nothing else: the library alone, without the
command line's planning, names and metadata (benchmarks/batch.py compares both).

    python -m benchmarks.batch_driver LIST FOLDER [--jobs 8]

Each line of LIST is `NAME URL`; the body of URL is saved as FOLDER/NAME.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from aemviewer.delivery.client import DeliveryClient
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.exchange import origin_of
from aemviewer.saving.download_source import ClientSource
from aemviewer.saving.transfer import Destination, download


async def save_all(lines: list[tuple[str, str]], folder: Path, jobs: int) -> None:
    scheme, host, port = origin_of(lines[0][1])
    slots = asyncio.Semaphore(jobs)
    async with DeliveryClient(DeliveryEndpoints(f"{scheme}://{host}:{port}")) as client:

        async def save(name: str, url: str) -> None:
            async with slots:
                await download(ClientSource(client, url), Destination(folder, name, fit_extension=False))

        async with asyncio.TaskGroup() as group:
            for name, url in lines:
                group.create_task(save(name, url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("list", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=8)
    args = parser.parse_args()
    lines = [tuple(line.split(" ", 1)) for line in args.list.read_text().splitlines() if line.strip()]
    asyncio.run(save_all([(name, url) for name, url in lines], args.folder, args.jobs))


if __name__ == "__main__":
    main()
