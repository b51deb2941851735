"""What an expected failure says as one line of plain text."""

from __future__ import annotations

from aemviewer.delivery.errors import DeliveryError, LocalFileError


def test_the_message_and_the_hint_make_one_line() -> None:
    error = LocalFileError("The report could not be written to /x: No space left.", hint="Free some space.")
    assert (
        error.message_with_hint() == "The report could not be written to /x: No space left. Free some space."
    )


def test_without_a_hint_only_the_message_is_said() -> None:
    assert DeliveryError("Nothing to send.").message_with_hint() == "Nothing to send."
