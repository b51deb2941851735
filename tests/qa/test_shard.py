"""`--shard K/N`: every entry in exactly one shard, the same one on every run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from aemviewer.delivery.errors import InvalidInput
from aemviewer.qa.shard import Shard, parse_shard, shard_number

KEYS = [f"urn:aaid:aem:{index:08d}-0000-0000-0000-000000000000" for index in range(60)]


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_every_key_is_in_exactly_one_shard(count: int) -> None:
    shards = [Shard(index, count).select(KEYS, str) for index in range(1, count + 1)]

    assert sorted(key for shard in shards for key in shard) == sorted(KEYS)
    if count > 1:
        assert all(shard for shard in shards), "60 keys leave no shard of a few empty"


def test_a_key_keeps_its_shard_whatever_else_the_list_holds() -> None:
    alone = Shard(2, 3).holds(KEYS[5])

    assert Shard(2, 3).holds(KEYS[5]) is alone
    assert (KEYS[5] in Shard(2, 3).select(KEYS[::-1], str)) is alone


def test_the_partition_is_the_same_in_another_process() -> None:
    # Python's own hash() is salted per process; the shard must not be.
    code = "from aemviewer.qa.shard import shard_number; print([shard_number(f'k{i}', 5) for i in range(20)])"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert other.stdout.strip() == str([shard_number(f"k{i}", 5) for i in range(20)])


@pytest.mark.parametrize("text", ["0/3", "4/3", "1-3", "a/b", "3"])
def test_a_shard_that_does_not_exist_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"--shard|Shard"):
        parse_shard(text)


def test_parse_shard_reads_k_of_n() -> None:
    assert parse_shard(" 2 / 3 ") == Shard(2, 3)


@pytest.mark.parametrize("text", ["١/٣", "１/３"])
def test_a_shard_in_other_digits_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_shard(text)
