"""Every failure that reaches a user, as a typed exception.

Each error says what happened, to which asset or URL, and what to do (`hint`). The window shows
`str(error)` and `hint` in a banner on the panel; the command line prints them on stderr and exits
with `exit_code`.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the `aemviewer` command line."""

    OK = 0
    OTHER = 1
    BAD_INPUT = 2
    NOT_FOUND = 3
    AUTHENTICATION = 4
    NETWORK_OR_SERVER = 5
    LOCAL_FILE = 6
    CHECKS_FAILED = 7
    """`check`: every check ran and at least one expectation does not hold."""
    CHECKS_UNREACHABLE = 8
    """`check`: at least one check could not run: the service was not reached or broke the protocol."""
    DIFFERENT = 9
    """`diff`: the two environments deliver differently (beyond `--threshold`, or one answers 404)."""


class DeliveryError(Exception):
    """Base of every expected failure.

    `message` says what failed; `hint` says what to do about it; `url` is the request's URL when
    there was one (never with a token in it: tokens travel only in headers).
    """

    exit_code: ExitCode = ExitCode.OTHER

    def __init__(self, message: str, *, hint: str = "", url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.url = url

    def __str__(self) -> str:
        return self.message

    def message_with_hint(self) -> str:
        """The message, then the hint, on one line of plain text (a status bar, a result line);
        the window's banners use the rich-text `message_and_hint`."""
        return f"{self.message} {self.hint}".rstrip()


# --- bad input: caught before anything is sent -------------------------------------------------


class InvalidInput(DeliveryError):
    """Something the user typed cannot be used."""

    exit_code = ExitCode.BAD_INPUT


class InvalidReference(InvalidInput):
    """Text that is neither an asset id nor a delivery URL."""


class InvalidModifier(InvalidInput):
    """A modifier value outside its type, range or allowed values."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        super().__init__(
            f"{name}={value!r} is not valid: expected {expected}.",
            hint=f"Change {name} to {expected}, or remove it.",
        )
        self.name = name
        self.value = value
        self.expected = expected


class MalformedChecksFile(InvalidInput):
    """A checks file that cannot be read: TOML syntax, an unknown key, a value of the wrong type.
    `key_path` names the key (`asset[2].budget[0].max_bytes`), `line` its 1-based line when found."""

    def __init__(self, message: str, *, key_path: str = "", line: int | None = None, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.key_path = key_path
        self.line = line


# --- answers from the server ---------------------------------------------------------------------


class HTTPStatusError(DeliveryError):
    """The server answered with an error status. `detail` is its problem-details `detail`."""

    exit_code = ExitCode.NETWORK_OR_SERVER

    def __init__(
        self,
        message: str,
        *,
        status: int,
        detail: str = "",
        hint: str = "",
        url: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, url=url)
        self.status = status
        self.detail = detail
        self.response_headers: tuple[tuple[str, str], ...] = ()
        """The error answer's headers, as sent (when the answer was read)."""
        self.request_headers: tuple[tuple[str, str], ...] = ()
        """The headers of the request that got it, credentials redacted."""


class BadRequest(HTTPStatusError):
    """400: the server refused a parameter."""

    exit_code = ExitCode.BAD_INPUT


class AuthRequired(HTTPStatusError):
    """401/403: the token is missing, expired or lacks a role."""

    exit_code = ExitCode.AUTHENTICATION


class NotFound(HTTPStatusError):
    """404. The Delivery API also answers 404 for assets that exist but are restricted,
    unapproved, expired or outside their on/off time."""

    exit_code = ExitCode.NOT_FOUND


class RenditionMissing(NotFound):
    """404 for a rendition of an asset whose metadata answers: the asset is there, the rendition is not."""

    def __init__(
        self,
        message: str,
        *,
        rendition: str,
        listed: tuple[str, ...] = (),
        hint: str = "",
        url: str | None = None,
    ) -> None:
        super().__init__(message, status=404, hint=hint, url=url)
        self.rendition = rendition
        self.listed = listed


class RateLimited(HTTPStatusError):
    """429 after the retries ran out."""


class ServerError(HTTPStatusError):
    """5xx after the retries ran out, or an answer that breaks the protocol."""


class UnexpectedResponse(DeliveryError):
    """A 2xx answer whose body is not what the endpoint promises (malformed JSON, wrong type)."""

    exit_code = ExitCode.NETWORK_OR_SERVER


class TooLarge(UnexpectedResponse):
    """An answer larger than this tool accepts (a huge document, an image of absurd size)."""


class MalformedManifest(UnexpectedResponse):
    """An HLS playlist or DASH manifest that players cannot read. `line` is the 1-based line the
    problem is on, when it has one."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        text: str | None = None,
        hint: str = "",
        url: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, url=url)
        self.line = line
        self.text = text
        """The manifest as delivered, when it was text (to show it with the line marked)."""


# --- video playback ------------------------------------------------------------------------------


class PlaybackFailed(DeliveryError):
    """A video did not play: a segment failed, no frame was decoded, the decoder gave up."""

    exit_code = ExitCode.NETWORK_OR_SERVER


class MediaBackendMissing(DeliveryError):
    """Video playback needs QtMultimedia and its system libraries, and they are missing here."""


class NotAVideo(InvalidInput):
    """The asset is not a video: it has no manifests and no player page."""


# --- the token -----------------------------------------------------------------------------------


class TokenUnavailable(DeliveryError):
    """The token could not be read or stored: no keyring backend, a locked keyring, an unusable
    value. Nothing was sent."""

    exit_code = ExitCode.AUTHENTICATION


# --- the connection ------------------------------------------------------------------------------


class NetworkError(DeliveryError):
    """The request did not get an answer: refused, reset, DNS, TLS, redirect loop."""

    exit_code = ExitCode.NETWORK_OR_SERVER


class Timeout(NetworkError):
    """The server did not answer, or stopped sending, within the timeout."""


class InsecureRedirect(NetworkError):
    """A redirect that would leave the profile's host while a token is in use, or loops."""


# --- the local disk ------------------------------------------------------------------------------


class LocalFileError(DeliveryError):
    """Writing a file failed: it exists, the disk is full, the folder is read-only."""

    exit_code = ExitCode.LOCAL_FILE


class TargetExists(LocalFileError):
    """The target file exists and overwriting was not asked for."""


class DownloadInProgress(LocalFileError):
    """Another process is downloading the same URL into the same folder."""
