"""The AEM Assets Delivery API as a Python library: references, modifiers, URLs and an async client.

No Qt here: the window and the command line both build on this package.
"""

from .client import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_METADATA_BYTES, DeliveryClient
from .crop import Crop, is_legacy_smart_crop
from .delivery import Delivery, Timings
from .download import ExistingFile, SavedFile, extension_for, save_stream, target_for
from .endpoints import DEFAULT_SEO_NAME, DeliveryEndpoints, ManifestKind, seo_name_for
from .errors import (
    AuthRequired,
    BadRequest,
    DeliveryError,
    ExitCode,
    HTTPStatusError,
    InsecureRedirect,
    InvalidInput,
    InvalidModifier,
    InvalidReference,
    LocalFileError,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    TargetExists,
    Timeout,
    TokenUnavailable,
    TooLarge,
    UnexpectedResponse,
)
from .filenames import name_from_content_disposition, safe_file_name, unique_path
from .metadata import Metadata, SmartCrop
from .metadata_rows import MetadataRow, metadata_rows
from .modifiers import ImageModifiers, ModifierNote
from .reference import AssetRef, Operation, parse_reference
from .retry import DEFAULT_RETRIES, NO_RETRIES, RetryPolicy, parse_retry_after
from .revalidation import RevalidationStore, StoredResponse
from .search import SearchHit, SearchPage
from .streaming import DeliveryStream
from .tokens import REDACTED, EnvironmentToken, KeyringToken, Secret, StaticToken, TokenSource
from .transport import READ_SIZE

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_METADATA_BYTES",
    "DEFAULT_RETRIES",
    "DEFAULT_SEO_NAME",
    "NO_RETRIES",
    "READ_SIZE",
    "REDACTED",
    "AssetRef",
    "AuthRequired",
    "BadRequest",
    "Crop",
    "Delivery",
    "DeliveryClient",
    "DeliveryEndpoints",
    "DeliveryError",
    "DeliveryStream",
    "EnvironmentToken",
    "ExistingFile",
    "ExitCode",
    "HTTPStatusError",
    "ImageModifiers",
    "InsecureRedirect",
    "InvalidInput",
    "InvalidModifier",
    "InvalidReference",
    "KeyringToken",
    "LocalFileError",
    "ManifestKind",
    "Metadata",
    "MetadataRow",
    "ModifierNote",
    "NetworkError",
    "NotFound",
    "Operation",
    "RateLimited",
    "RetryPolicy",
    "RevalidationStore",
    "SavedFile",
    "SearchHit",
    "SearchPage",
    "Secret",
    "ServerError",
    "SmartCrop",
    "StaticToken",
    "StoredResponse",
    "TargetExists",
    "Timeout",
    "Timings",
    "TokenSource",
    "TokenUnavailable",
    "TooLarge",
    "UnexpectedResponse",
    "extension_for",
    "is_legacy_smart_crop",
    "metadata_rows",
    "name_from_content_disposition",
    "parse_reference",
    "parse_retry_after",
    "safe_file_name",
    "save_stream",
    "seo_name_for",
    "target_for",
    "unique_path",
]
