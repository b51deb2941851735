"""The profiles file: `profiles.json` in the platform's configuration folder, read on every call
(another process may have changed it) and written atomically; the demo profile is never written."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from aemviewer import APP_NAME
from aemviewer.delivery.bounded_json import loads_bounded
from aemviewer.delivery.errors import InvalidInput
from aemviewer.saving.atomic_write import write_user_file
from aemviewer.saving.working_files import clean_leftovers
from aemviewer.workspace.profiles import (
    DEMO_PROFILE,
    FORMAT_VERSION,
    MAX_PROFILES_BYTES,
    PROFILES_FILE,
    Profile,
)


def default_profiles_path() -> Path:
    """`profiles.json` in the platform's configuration folder for aemviewer."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / PROFILES_FILE


@dataclass(frozen=True, slots=True)
class StoredProfiles:
    """What the file holds: the profiles (the demo first) and the active profile's name."""

    profiles: tuple[Profile, ...]
    active: str

    def get(self, name: str) -> Profile | None:
        return next((profile for profile in self.profiles if profile.name == name), None)

    @property
    def active_profile(self) -> Profile:
        """The active profile; the demo when the named one no longer exists."""
        return self.get(self.active) or DEMO_PROFILE

    @property
    def names(self) -> list[str]:
        return [profile.name for profile in self.profiles]


class ProfileStore:
    """The profiles file: read on every call (another process may have changed it), written
    atomically. A missing file means: only the demo profile."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_profiles_path()

    def load(self) -> StoredProfiles:
        """The stored profiles. Raises `InvalidInput` naming the file when it cannot be read.
        Temporary files that an interrupted save left beside the file are deleted."""
        clean_leftovers(self.path.parent)
        try:
            with self.path.open("rb") as file:
                # One byte past the bound is enough to refuse it; the rest is never read.
                text = file.read(MAX_PROFILES_BYTES + 1).decode("utf-8")
        except FileNotFoundError:
            return StoredProfiles((DEMO_PROFILE,), DEMO_PROFILE.name)
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(
                f"The profiles file {self.path} cannot be read: {exc}.",
                hint="Check its permissions, or move it away to start with the demo profile only.",
            ) from exc
        try:
            document = loads_bounded(text, max_bytes=MAX_PROFILES_BYTES)
        except ValueError as exc:
            raise InvalidInput(
                f"The profiles file {self.path} is not valid JSON: {exc}.",
                hint="Fix it, or move it away to start with the demo profile only.",
            ) from exc
        stored = document.get("profiles") if isinstance(document, dict) else None
        if not isinstance(stored, list) or not all(isinstance(item, dict) for item in stored):
            raise InvalidInput(
                f"The profiles file {self.path} has no list of profiles.",
                hint="Fix it, or move it away to start with the demo profile only.",
            )
        profiles = [DEMO_PROFILE]
        for item in stored:
            profile = Profile.from_json(item)
            if profile.name and profile.name not in (known.name for known in profiles):
                profiles.append(profile)
        active = document.get("active")
        return StoredProfiles(tuple(profiles), active if isinstance(active, str) else DEMO_PROFILE.name)

    def get(self, name: str) -> Profile:
        """The profile called `name`, or `InvalidInput` listing the ones there are."""
        stored = self.load()
        profile = stored.get(name)
        if profile is None:
            raise InvalidInput(
                f"There is no profile called {name!r} (in {self.path}).",
                hint="Profiles: " + ", ".join(repr(known) for known in stored.names) + ".",
            )
        return profile

    def save_profile(self, profile: Profile, *, replacing: str | None = None) -> StoredProfiles:
        """Add `profile`, or replace the one called `replacing` (a rename keeps its place).
        Returns what is stored now."""
        profile = profile.validated()
        stored = self.load()
        if profile.name == DEMO_PROFILE.name or replacing == DEMO_PROFILE.name:
            raise InvalidInput(
                f"{DEMO_PROFILE.name!r} is the built-in demo profile and cannot be changed.",
                hint="Duplicate it and change the copy, or give the profile another name.",
            )
        if profile.name != replacing and stored.get(profile.name) is not None:
            raise InvalidInput(
                f"A profile called {profile.name!r} exists already.", hint="Choose another name."
            )
        profiles = list(stored.profiles[1:])
        index = next((i for i, known in enumerate(profiles) if known.name == replacing), None)
        if index is None:
            profiles.append(profile)
        else:
            profiles[index] = profile
        active = profile.name if replacing is not None and stored.active == replacing else stored.active
        return self._write(profiles, active)

    def delete(self, name: str) -> StoredProfiles:
        """Remove a profile (the demo cannot be removed); the demo becomes active if it was."""
        if name == DEMO_PROFILE.name:
            raise InvalidInput(
                "The built-in demo profile cannot be deleted.", hint="Delete one of your own profiles."
            )
        stored = self.load()
        profiles = [profile for profile in stored.profiles[1:] if profile.name != name]
        active = DEMO_PROFILE.name if stored.active == name else stored.active
        return self._write(profiles, active)

    def set_active(self, name: str) -> StoredProfiles:
        """Remember `name` as the profile the window opens with."""
        stored = self.load()
        if stored.get(name) is None:
            raise InvalidInput(f"There is no profile called {name!r}.", hint="Choose one from the list.")
        return self._write(list(stored.profiles[1:]), name)

    def _write(self, profiles: Sequence[Profile], active: str) -> StoredProfiles:
        document = {
            "version": FORMAT_VERSION,
            "active": active,
            "profiles": [profile.to_json() for profile in profiles],
        }
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        write_user_file(
            self.path,
            data,
            what="The profiles",
            hint="Check that the folder is writable and the disk is not full.",
            private=True,
            create_folder=True,
        )
        return StoredProfiles((DEMO_PROFILE, *profiles), active)
