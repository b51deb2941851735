"""The window's profiles: which one is active, where its token comes from, switching, saving.

`ProfileController` sits between the profiles file (`workspace.profile_store.ProfileStore`), the keyring
and the window's one `DeliveryService`: switching re-points the service (host, token, trust, proxy)
at once, and `profile_changed` tells the window to follow. Tokens are kept in the keyring; when
there is no keyring the user may keep a token for this session only (in memory, as a `Secret`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError, TokenUnavailable
from aemviewer.delivery.tokens import KeyringToken, Secret, StaticToken, TokenSource, bearer_value
from aemviewer.ui.common.service import DeliveryService
from aemviewer.workspace.jwt import TokenExpiry, token_expiry, token_holder, token_roles_claim
from aemviewer.workspace.profile_store import ProfileStore, StoredProfiles
from aemviewer.workspace.profiles import DEMO_PROFILE, HostKind, Profile, TokenKind

log = logging.getLogger(__name__)


class LocalEmulator(Protocol):
    """The built-in emulator on the demo library; `app.py` starts it when a profile needs it."""

    @property
    def demo_token(self) -> str | None:
        """The token the built-in demo profile sends (the emulator's demo viewer token)."""
        ...

    def token_roles(self, token: str) -> frozenset[str]:
        """The roles the emulator grants `token` (empty when it does not know it)."""
        ...

    def base_url(self) -> str:
        """The emulator's base URL, starting it on first use."""
        ...


@dataclass(frozen=True)
class TokenStatus:
    """What the window shows about the active profile's token (never the token itself)."""

    kind: TokenKind
    present: bool
    expiry: TokenExpiry
    problem: str = ""
    """Why the token cannot be read (no keyring backend, locked keyring), when it cannot."""
    session_only: bool = False

    def summary(self, now: datetime | None = None) -> str:
        if self.problem:
            return f"Token unavailable: {self.problem}"
        if not self.present:
            return "No token: public assets only; search needs one."
        where = {
            TokenKind.KEYRING: "from the system keyring",
            TokenKind.ENVIRONMENT: "from an environment variable",
            TokenKind.NONE: "built in",
        }[self.kind]
        if self.session_only:
            where = "kept for this session only"
        return f"A token is sent ({where}; {self.expiry.describe(now or datetime.now(UTC))})."


class ProfileController(QObject):
    """Active profile, token sources and the profile list, over one `DeliveryService`."""

    profile_changed = Signal(object)
    """The new active `Profile`, after the service was re-pointed."""
    token_changed = Signal()
    """The active profile's token was saved, removed or kept for the session."""
    profiles_edited = Signal()
    """The stored list changed (added, renamed, deleted)."""

    def __init__(
        self,
        store: ProfileStore,
        service: DeliveryService,
        *,
        current: Profile | None = None,
        emulator: LocalEmulator | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.service = service
        self.emulator = emulator
        # Without a profile the window was given a bare service (tests, --base-url): described as one.
        self.current = current or Profile(
            name=service.profile_name, base_url=service.endpoints.base_url, prefix=service.endpoints.prefix
        )
        self._external = current is None
        self._session_tokens: dict[str, Secret] = {}
        self._keyring: dict[str, KeyringToken] = {}

    # --- reading -------------------------------------------------------------------------------

    def stored(self) -> StoredProfiles:
        """The profiles file (raises `InvalidInput` when it cannot be read)."""
        return self.store.load()

    def listed(self) -> list[Profile]:
        """The profiles to offer: the demo and the stored ones, plus the active one when it is not
        stored (from the command line)."""
        profiles = list(self.stored().profiles)
        if all(profile.name != self.current.name for profile in profiles):
            profiles.append(replace(self.current, built_in=True))
        return profiles

    def is_stored(self, name: str) -> bool:
        try:
            return self.stored().get(name) is not None and name != DEMO_PROFILE.name
        except DeliveryError:
            return False

    def token_source(self, profile: Profile) -> TokenSource | None:
        """Where requests to `profile`'s host get their token."""
        session = self._session_tokens.get(profile.name)
        if session is not None:
            return StaticToken(session)
        if profile.built_in and profile.host_kind is HostKind.EMULATOR:
            token = self.emulator.demo_token if self.emulator is not None else None
            return StaticToken(token) if token else None
        if profile.name == self.current.name and self._external:
            return self.service.token
        if profile.token_kind is TokenKind.KEYRING:
            # One source per profile: KeyringToken remembers the value, so the keyring is read once.
            source = self._keyring.get(profile.name)
            if source is None:
                source = self._keyring[profile.name] = KeyringToken(profile.name)
            return source
        return profile.token_source()

    def token_status(self, profile: Profile | None = None) -> TokenStatus:
        profile = profile or self.current
        source = self.token_source(profile)
        try:
            value = bearer_value(source)
        except TokenUnavailable as error:
            return TokenStatus(profile.token_kind, False, TokenExpiry(None), problem=error.message)
        return TokenStatus(
            profile.token_kind,
            value is not None,
            token_expiry(value) if value else TokenExpiry(None),
            session_only=profile.name in self._session_tokens,
        )

    def token_description(self) -> str:
        """Who the active profile's token stands for and which roles it has, as far as can be
        known without the delivery host (never the token): its JWT claims, and for the built-in
        emulator the roles its library grants. "" when no token is sent."""
        profile = self.current
        try:
            value = bearer_value(self.token_source(profile))
        except TokenUnavailable:
            return ""
        if not value:
            return ""
        holder = token_holder(value)
        roles = set(token_roles_claim(value))
        if profile.host_kind is HostKind.EMULATOR and self.emulator is not None:
            roles |= self.emulator.token_roles(value)
        who = f"for {holder}" if holder else "not naming its holder"
        if roles:
            return f"{who}, with the role{'s' if len(roles) > 1 else ''} {', '.join(sorted(roles))}"
        return f"{who}; its roles are known only to the delivery host"

    def endpoints(self, profile: Profile) -> DeliveryEndpoints:
        """`profile`'s endpoints; starts the built-in emulator when the profile uses it."""
        if profile.host_kind is HostKind.EMULATOR:
            if self.emulator is None:
                return profile.endpoints(None)  # raises: no emulator here
            return profile.endpoints(self.emulator.base_url())
        return profile.endpoints()

    # --- switching -----------------------------------------------------------------------------

    def switch_to(self, profile: Profile) -> None:
        """Make `profile` active now: the service is re-pointed, the choice remembered, and
        `profile_changed` emitted. Raises `DeliveryError` (nothing changes) when it cannot be used."""
        endpoints = self.endpoints(profile)
        source = self.token_source(profile)
        self.service.repoint(
            endpoints,
            source,
            profile.name,
            extra_ca_file=profile.extra_ca_file or None,
            proxy=profile.proxy(),
            system_proxy=profile.use_system_proxy,
            token_header=profile.token_header,
        )
        self._external = self._external and profile.name == self.current.name
        self.current = profile
        if self.is_stored(profile.name) or profile.name == DEMO_PROFILE.name:
            try:
                self.store.set_active(profile.name)
            except DeliveryError as error:  # an unreadable file is left as it is, never overwritten
                log.warning("the active profile is not remembered: %s", error)
        log.info("profile %r active: %s", profile.name, endpoints.base_url)
        self.profile_changed.emit(profile)

    # --- editing -------------------------------------------------------------------------------

    def save(self, profile: Profile, *, replacing: str | None = None, token: str | None = None) -> Profile:
        """Store `profile` (a new one, or the one called `replacing`), and its token.

        `token`: None leaves a stored token as it is, "" removes it, anything else is stored in the
        keyring (keyring profiles only). Raises `TokenUnavailable` when the keyring cannot store it —
        the profile itself is saved by then; `keep_for_session` is the way out.
        """
        saved = profile.validated()
        self.store.save_profile(saved, replacing=replacing)
        old_name = replacing or saved.name
        if old_name != saved.name:
            self._rename_token(old_name, saved.name, saved)
        elif saved.token_kind is not TokenKind.KEYRING and token is None:
            self._session_tokens.pop(saved.name, None)
        self.profiles_edited.emit()
        try:
            if token is not None and saved.token_kind is TokenKind.KEYRING:
                self._store_token(saved.name, token)
        finally:
            if old_name == self.current.name:
                self.switch_to(saved)
                self.token_changed.emit()
        return saved

    def keep_for_session(self, name: str, token: str) -> None:
        """Use `token` for profile `name` until the app quits, without storing it anywhere."""
        if token.strip():
            self._session_tokens[name] = Secret(token.strip())
        else:
            self._session_tokens.pop(name, None)
        if name == self.current.name:
            self.switch_to(self.current)
            self.token_changed.emit()

    def delete(self, name: str) -> None:
        """Remove a stored profile and its token; the demo becomes active if it was."""
        profile = self.store.get(name)
        self.store.delete(name)
        self._session_tokens.pop(name, None)
        if profile.token_kind is TokenKind.KEYRING:
            try:
                self._keyring_for(name).delete()
            except TokenUnavailable as error:
                log.warning("the token of the deleted profile %r stays in the keyring: %s", name, error)
        self.profiles_edited.emit()
        if name == self.current.name:
            self.switch_to(DEMO_PROFILE)

    def stored_token_present(self, profile: Profile) -> bool | None:
        """Whether the keyring holds a token for `profile` (None: the keyring cannot be read)."""
        if profile.name in self._session_tokens:
            return True
        try:
            return self._keyring_for(profile.name).token() is not None
        except TokenUnavailable:
            return None

    def _keyring_for(self, name: str) -> KeyringToken:
        source = self._keyring.get(name)
        if source is None:
            source = self._keyring[name] = KeyringToken(name)
        return source

    def _store_token(self, name: str, token: str) -> None:
        source = self._keyring_for(name)
        if token.strip():
            source.save(token.strip())
        else:
            source.delete()
        self._session_tokens.pop(name, None)

    def _rename_token(self, old: str, new: str, profile: Profile) -> None:
        if old in self._session_tokens:
            self._session_tokens[new] = self._session_tokens.pop(old)
        if profile.token_kind is not TokenKind.KEYRING:
            return
        try:
            value = self._keyring_for(old).token()
            if value is not None:
                self._keyring_for(new).save(value)
                self._keyring_for(old).delete()
        except TokenUnavailable as error:
            log.warning("the token of profile %r could not move to %r: %s", old, new, error)
