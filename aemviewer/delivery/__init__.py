"""The AEM Assets Delivery API as a Python library: references, modifiers, URLs and an async client.

No Qt here: the window and the command line both build on this package.
"""

from .batch import BatchItem, BatchSelection, ItemKind
from .batch_list import BatchEntry, parse_batch_list, read_batch_file
from .batch_run import Batch, BatchOptions, BatchServices, start_batch
from .batch_summary import BatchResult, BatchSummary, Outcome
from .client import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_METADATA_BYTES, DeliveryClient
from .crop import Crop, is_legacy_smart_crop
from .dash import DashManifest, DashRepresentation, parse_dash_manifest
from .delivery import Delivery, Timings
from .download import ExistingFile, SavedFile, extension_for, save_stream, target_for
from .download_job import DownloadJob, DownloadRequest, JobState
from .download_queue import DownloadQueue
from .download_source import ClientSource, DeliveredSource, DownloadSource
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
    MalformedManifest,
    MediaBackendMissing,
    NetworkError,
    NotAVideo,
    NotFound,
    PlaybackFailed,
    RateLimited,
    ServerError,
    TargetExists,
    Timeout,
    TokenUnavailable,
    TooLarge,
    UnexpectedResponse,
)
from .filenames import (
    name_from_content_disposition,
    safe_file_name,
    suggested_file_name,
    unique_path,
    with_extension,
)
from .format_matrix import AcceptProfile, MatrixRequest, MatrixResult, plan_matrix, run_matrix
from .history import HistoryEntry, HistoryStore
from .hls_proxy import PlaybackProxy, ProxyExchange
from .jwt import ExpiryState, TokenExpiry, token_expiry
from .manifests import (
    MasterPlaylist,
    MediaPlaylist,
    Segment,
    Variant,
    parse_master_playlist,
    parse_media_playlist,
)
from .metadata import Metadata, SmartCrop
from .metadata_rows import MetadataRow, metadata_rows
from .modifiers import ImageModifiers, ModifierNote
from .naming import NameRegistry
from .profiles import DEMO_PROFILE, Profile, ProfileStore
from .reference import AssetRef, Operation, parse_reference
from .retry import DEFAULT_RETRIES, NO_RETRIES, RetryPolicy, parse_retry_after
from .revalidation import RevalidationStore, StoredResponse
from .search import SearchHit, SearchPage
from .streaming import DeliveryStream
from .tokens import REDACTED, EnvironmentToken, KeyringToken, Secret, StaticToken, TokenSource
from .transfer import Destination, download
from .transport import READ_SIZE
from .video import VariantPlaylist, VideoManifests, load_video_manifests

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_METADATA_BYTES",
    "DEFAULT_RETRIES",
    "DEFAULT_SEO_NAME",
    "DEMO_PROFILE",
    "NO_RETRIES",
    "READ_SIZE",
    "REDACTED",
    "AcceptProfile",
    "AssetRef",
    "AuthRequired",
    "BadRequest",
    "Batch",
    "BatchEntry",
    "BatchItem",
    "BatchOptions",
    "BatchResult",
    "BatchSelection",
    "BatchServices",
    "BatchSummary",
    "ClientSource",
    "Crop",
    "DashManifest",
    "DashRepresentation",
    "DeliveredSource",
    "Delivery",
    "DeliveryClient",
    "DeliveryEndpoints",
    "DeliveryError",
    "DeliveryStream",
    "Destination",
    "DownloadJob",
    "DownloadQueue",
    "DownloadRequest",
    "DownloadSource",
    "EnvironmentToken",
    "ExistingFile",
    "ExitCode",
    "ExpiryState",
    "HTTPStatusError",
    "HistoryEntry",
    "HistoryStore",
    "ImageModifiers",
    "InsecureRedirect",
    "InvalidInput",
    "InvalidModifier",
    "InvalidReference",
    "ItemKind",
    "JobState",
    "KeyringToken",
    "LocalFileError",
    "MalformedManifest",
    "ManifestKind",
    "MasterPlaylist",
    "MatrixRequest",
    "MatrixResult",
    "MediaBackendMissing",
    "MediaPlaylist",
    "Metadata",
    "MetadataRow",
    "ModifierNote",
    "NameRegistry",
    "NetworkError",
    "NotAVideo",
    "NotFound",
    "Operation",
    "Outcome",
    "PlaybackFailed",
    "PlaybackProxy",
    "Profile",
    "ProfileStore",
    "ProxyExchange",
    "RateLimited",
    "RetryPolicy",
    "RevalidationStore",
    "SavedFile",
    "SearchHit",
    "SearchPage",
    "Secret",
    "Segment",
    "ServerError",
    "SmartCrop",
    "StaticToken",
    "StoredResponse",
    "TargetExists",
    "Timeout",
    "Timings",
    "TokenExpiry",
    "TokenSource",
    "TokenUnavailable",
    "TooLarge",
    "UnexpectedResponse",
    "Variant",
    "VariantPlaylist",
    "VideoManifests",
    "download",
    "extension_for",
    "is_legacy_smart_crop",
    "load_video_manifests",
    "metadata_rows",
    "name_from_content_disposition",
    "parse_batch_list",
    "parse_dash_manifest",
    "parse_master_playlist",
    "parse_media_playlist",
    "parse_reference",
    "parse_retry_after",
    "plan_matrix",
    "read_batch_file",
    "run_matrix",
    "safe_file_name",
    "save_stream",
    "seo_name_for",
    "start_batch",
    "suggested_file_name",
    "target_for",
    "token_expiry",
    "unique_path",
    "with_extension",
]
