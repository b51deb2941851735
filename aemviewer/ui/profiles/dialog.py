"""The Profiles dialog: the list on the left, the selected profile's fields on the right, and
Test connection / Save / Use this profile below.

The built-in demo profile (and a profile given on the command line) is shown read-only; Duplicate
makes an editable copy. Saving a token when there is no keyring asks whether to keep it for this
session only.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.connection_check import CheckLine, check_connection
from aemviewer.delivery.errors import DeliveryError, TokenUnavailable
from aemviewer.delivery.tokens import StaticToken, TokenSource
from aemviewer.ui.common.operations import OperationRunner
from aemviewer.ui.profiles.controller import ProfileController
from aemviewer.ui.profiles.form import ProfileForm
from aemviewer.ui.widgets.questions import Ask, ask_question
from aemviewer.workspace.profiles import DEMO_PROFILE, HostKind, Profile, TokenKind

CHECK_KEY = "profiles:check"


class ProfileDialog(QDialog):
    """Add, edit, test, delete and switch profiles."""

    def __init__(
        self,
        controller: ProfileController,
        runner: OperationRunner,
        parent: QWidget | None = None,
        *,
        probe_asset: str | None = None,
        ask: Ask = ask_question,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Profiles — aemviewer")
        self.setObjectName("profileDialog")
        self.controller = controller
        self.runner = runner
        self.probe_asset = probe_asset
        self.ask = ask
        self._selected: Profile | None = None
        self._new = False
        self._dirty = False
        self._build()
        self.form.changed.connect(self._form_changed)
        self.reload(select=controller.current.name)
        self.resize(900, 640)

    # --- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.ApplyRole)
        self.use_button = self.buttons.addButton("Use this profile", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.save_button.clicked.connect(self.save)
        self.use_button.clicked.connect(self.use_selected)
        self.close_button.clicked.connect(self.reject)
        columns = QHBoxLayout()
        columns.addLayout(self._list_column())
        columns.addLayout(self._form_column(), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)

    def _list_column(self) -> QVBoxLayout:
        self.profile_list = QListWidget()
        self.profile_list.setObjectName("profileList")
        self.profile_list.setMinimumWidth(220)
        self.profile_list.currentItemChanged.connect(self._selection_changed)
        self.add_button = QPushButton("Add")
        self.duplicate_button = QPushButton("Duplicate")
        self.delete_button = QPushButton("Delete")
        self.add_button.clicked.connect(self.add_profile)
        self.duplicate_button.clicked.connect(self.duplicate_profile)
        self.delete_button.clicked.connect(self.delete_profile)
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.duplicate_button, self.delete_button):
            list_buttons.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.profile_list, 1)
        left.addLayout(list_buttons)
        return left

    def _form_column(self) -> QVBoxLayout:
        self.note = QLabel()
        self.note.setObjectName("profileNote")
        self.note.setWordWrap(True)
        self.form = ProfileForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.test_button = QPushButton("Test connection")
        self.test_button.setToolTip("Ask the host for an asset and try a search, with these settings")
        self.test_button.clicked.connect(self.test_connection)
        self.result_label = QLabel()
        self.result_label.setObjectName("checkResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.result_label, 1)
        self.error_label = QLabel()
        self.error_label.setObjectName("profileError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: rgb(214, 57, 57);")
        self.error_label.hide()
        right = QVBoxLayout()
        right.addWidget(self.note)
        right.addWidget(scroll, 1)
        right.addLayout(test_row)
        right.addWidget(self.error_label)
        return right

    # --- the list ------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Refill the list from the profiles file and select `select` (else the current row)."""
        wanted = select or (self._selected.name if self._selected else None)
        try:
            profiles = self.controller.listed()
        except DeliveryError as error:
            self._show_error(error)
            profiles = [DEMO_PROFILE]
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for profile in profiles:
            active = profile.name == self.controller.current.name
            label = f"{'● ' if active else '   '}{profile.name}"
            if profile.built_in:
                label += "  (built in)" if profile.name == DEMO_PROFILE.name else "  (this session)"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, profile)
            item.setToolTip(profile.describe_host())
            self.profile_list.addItem(item)
        self.profile_list.blockSignals(False)
        names = [profile.name for profile in profiles]
        row = names.index(wanted) if wanted in names else 0
        self.profile_list.setCurrentRow(row)
        self._show(profiles[row])

    def select(self, name: str) -> bool:
        for row in range(self.profile_list.count()):
            profile = self.profile_list.item(row).data(Qt.ItemDataRole.UserRole)
            if profile.name == name:
                self.profile_list.setCurrentRow(row)
                return True
        return False

    def _selection_changed(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        if self._dirty and not self.ask(
            self, "Discard changes?", "The changes to this profile are not saved. Discard them?"
        ):
            if previous is not None:
                self.profile_list.blockSignals(True)
                self.profile_list.setCurrentItem(previous)
                self.profile_list.blockSignals(False)
            return
        self._show(current.data(Qt.ItemDataRole.UserRole))

    def _show(self, profile: Profile, *, new: bool = False) -> None:
        self._selected = profile
        self._new = new
        token_stored = (
            self.controller.stored_token_present(profile)
            if profile.token_kind is TokenKind.KEYRING and not new
            else False
        )
        status = self.controller.token_status(profile) if token_stored or profile.built_in else None
        fixed = ""
        if profile.built_in and profile.host_kind is HostKind.EMULATOR:
            fixed = (
                "Sends the emulator's demo viewer token (role “marketing”, published in docs/emulator.md)."
                if status is not None and status.present
                else "The demo library has no token to offer."
            )
        self.form.set_profile(
            profile,
            token_stored=token_stored,
            stored_expiry=status.expiry if status is not None else None,
            fixed_token_text=fixed,
        )
        self.form.set_read_only(profile.built_in)
        self.result_label.clear()
        self.error_label.hide()
        self._dirty = new
        if profile.built_in:
            self.note.setText(
                f"<b>{escape(profile.name)}</b> is built in and cannot be changed. "
                "<i>Duplicate</i> it to make a copy you can edit (for example to add a token)."
            )
        else:
            self.note.setText(
                f"<b>{escape(profile.name or 'New profile')}</b> — {escape(profile.describe_host())}"
            )
        self.delete_button.setEnabled(not profile.built_in and not new)
        self.duplicate_button.setEnabled(not new)
        self._update_buttons()

    def _form_changed(self) -> None:
        self._dirty = True
        self.error_label.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = self._selected is not None and not self._selected.built_in
        self.save_button.setEnabled(editable and self._dirty)

    # --- actions -------------------------------------------------------------------------------

    def add_profile(self) -> None:
        self._show(Profile(name=self._free_name("New profile")), new=True)
        self.form.name_edit.setFocus()
        self.form.name_edit.selectAll()

    def duplicate_profile(self) -> None:
        source = self._selected or self.controller.current
        copy = replace(self.form.profile(), name=self._free_name(f"{source.name} (copy)"), built_in=False)
        if source.built_in and source.host_kind is HostKind.EMULATOR:
            copy = replace(copy, token_kind=TokenKind.KEYRING)
        self._show(copy, new=True)
        self.form.name_edit.setFocus()

    def copy_for_token(self, profile: Profile) -> None:
        """A new editable copy of `profile` (built in) with the token field focused."""
        copy = replace(
            profile,
            name=self._free_name(f"{profile.name} with token"),
            built_in=False,
            token_kind=TokenKind.KEYRING,
        )
        self._show(copy, new=True)
        self.form.focus_token()

    def focus_token(self) -> None:
        """Focus the token field of the selected profile (a copy when it is built in)."""
        if self._selected is not None and self._selected.built_in:
            self.copy_for_token(self._selected)
        else:
            self.form.focus_token()

    def save(self) -> bool:
        """Validate and store the form; True when saved."""
        if self._selected is None or self._selected.built_in:
            return False
        draft = self.form.profile()
        replacing = None if self._new else self._selected.name
        token = self.form.token_text()
        try:
            saved = self.controller.save(draft, replacing=replacing, token=token)
        except TokenUnavailable as error:
            saved = draft.validated()
            keep = bool(token) and self.ask(
                self,
                "No keyring",
                f"{error.message}\n\nKeep the token for this session only? It is forgotten when "
                "aemviewer quits, and never written to a file.",
            )
            if keep and token:
                self.controller.keep_for_session(saved.name, token)
            else:
                self._show_error(error)
        except DeliveryError as error:
            self._show_error(error)
            return False
        self._dirty = False
        self.reload(select=saved.name)
        return True

    def use_selected(self) -> None:
        """Save pending changes, switch the window to the selected profile and close."""
        if self._selected is None:
            return
        if self._dirty and not self._selected.built_in and not self.save():
            return
        try:
            profile = next(
                p for p in self.controller.listed() if p.name == self.form.name_edit.text().strip()
            )
        except (StopIteration, DeliveryError):
            profile = self._selected
        try:
            self.controller.switch_to(profile)
        except DeliveryError as error:
            self._show_error(error)
            return
        self.accept()

    def delete_profile(self) -> None:
        if self._selected is None or self._selected.built_in:
            return
        name = self._selected.name
        if not self.ask(self, "Delete profile?", f"Delete the profile “{name}” and its stored token?"):
            return
        try:
            self.controller.delete(name)
        except DeliveryError as error:
            self._show_error(error)
            return
        self._dirty = False
        self.reload(select=self.controller.current.name)

    def test_connection(self) -> None:
        """Check the form's settings (saved or not) against the host; the result shows below."""
        draft = self.form.profile(built_in=bool(self._selected and self._selected.built_in))
        try:
            profile = draft if draft.built_in else draft.validated()
            endpoints = self.controller.endpoints(profile)
        except DeliveryError as error:
            self._show_result([CheckLine(False, error.message_with_hint())])
            return
        token = self._token_for_test(profile)
        self.test_button.setEnabled(False)
        self.result_label.setText("Testing…")
        self.runner.run(
            check_connection(
                endpoints,
                token,
                profile.api_key,
                asset_id=self.probe_asset,
                extra_ca_file=profile.extra_ca_file or None,
                proxy=profile.proxy(),
                system_proxy=profile.use_system_proxy,
            ),
            ticket=self.runner.ticket(CHECK_KEY),
            on_success=self._show_result,
            on_finished=lambda: self.test_button.setEnabled(True),
        )

    def _token_for_test(self, profile: Profile) -> TokenSource | None:
        typed = self.form.token_text()
        if profile.built_in:
            return self.controller.token_source(profile)
        if profile.token_kind is TokenKind.NONE or typed == "":
            return None
        if profile.token_kind is TokenKind.ENVIRONMENT:
            return profile.token_source()
        if typed:
            return StaticToken(typed)
        stored = self._selected is not None and not self._new and self._selected.name == profile.name
        return self.controller.token_source(profile) if stored else None

    # --- showing -------------------------------------------------------------------------------

    def _show_result(self, lines: list[CheckLine]) -> None:
        colours = {True: "rgb(46, 160, 67)", False: "rgb(214, 57, 57)", None: "palette(placeholder-text)"}
        self.result_label.setText(
            "<br>".join(
                f"<span style='color: {colours[line.ok]}'>{line.mark}</span> {escape(line.text)}"
                for line in lines
            )
        )
        self.test_button.setEnabled(True)

    def _show_error(self, error: DeliveryError) -> None:
        self.error_label.setText(error.message_with_hint())
        self.error_label.show()

    def _free_name(self, base: str) -> str:
        try:
            names = {profile.name for profile in self.controller.listed()}
        except DeliveryError:
            names = set()
        name, number = base, 2
        while name in names:
            name, number = f"{base} {number}", number + 1
        return name

    def done(self, result: int) -> None:
        self.runner.cancel(CHECK_KEY)
        super().done(result)
