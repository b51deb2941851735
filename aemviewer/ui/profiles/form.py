"""The fields of one profile: where the host is, the token, the API key, TLS trust and the proxy.

The token field never shows a stored token: it is empty with a placeholder saying one is stored, and
what is typed replaces it. Its expiry is read (not verified) as soon as a token is pasted.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.errors import InvalidInput
from aemviewer.delivery.tokens import DEFAULT_TOKEN_VARIABLE, TokenHeader
from aemviewer.ui.profiles.choices import (
    HOST_KINDS,
    PROXY_MODES,
    TOKEN_HEADERS,
    TOKEN_KINDS,
    choice_box,
    select_choice,
)
from aemviewer.workspace.jwt import ExpiryState, TokenExpiry, looks_like_jwt, token_expiry
from aemviewer.workspace.profiles import HostKind, Profile, ProxyMode, TokenKind, program_host


class ProfileForm(QWidget):
    """Edits one `Profile` (read with `profile()`) and its token (`token_text()`)."""

    changed = Signal()
    """Any field was edited by the user."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._stored_token = False
        self._remove_token = False
        self._token_unknown = False
        self._stored_expiry: TokenExpiry | None = None
        self._fixed_token_text = ""
        self._build()
        for edit in (
            self.name_edit,
            self.url_edit,
            self.prefix_edit,
            self.program_edit,
            self.environment_edit,
            self.token_edit,
            self.variable_edit,
            self.api_key_edit,
            self.ca_edit,
            self.proxy_edit,
        ):
            edit.textEdited.connect(self._edited)
        for combo in (self.host_combo, self.token_combo, self.token_header_combo, self.proxy_combo):
            combo.currentIndexChanged.connect(self._edited)
        self.stage_check.toggled.connect(self._edited)
        self.token_edit.textChanged.connect(self._show_token_state)

    # --- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("profileName")
        self.name_edit.setPlaceholderText("e.g. Production")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        name_form = QFormLayout()
        name_form.addRow("Name", self.name_edit)
        layout.addLayout(name_form)
        layout.addWidget(self._host_group())
        layout.addWidget(self._token_group())
        layout.addWidget(self._network_group())
        layout.addStretch(1)

    def _host_group(self) -> QGroupBox:
        self.host_combo = choice_box(HOST_KINDS)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://delivery-p123-e456.adobeaemcloud.com or a custom domain")
        self.prefix_edit = QLineEdit()
        self.prefix_edit.setPlaceholderText("empty for a custom domain without it")
        self.program_edit = QLineEdit()
        self.program_edit.setPlaceholderText("123456")
        self.environment_edit = QLineEdit()
        self.environment_edit.setPlaceholderText("1234567")
        self.stage_check = QCheckBox("Stage (-cmstg)")
        ids = QHBoxLayout()
        ids.setContentsMargins(0, 0, 0, 0)
        ids.addWidget(self.program_edit)
        ids.addWidget(QLabel("Environment"))
        ids.addWidget(self.environment_edit)
        ids.addWidget(self.stage_check)
        self.ids_row = QWidget()
        self.ids_row.setLayout(ids)
        self.emulator_note = QLabel("The emulator starts on a free loopback port with the demo library.")
        self.emulator_note.setWordWrap(True)
        self.host_label = QLabel()
        self.host_label.setObjectName("profileHost")
        self.host_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.host_label.setWordWrap(True)
        where = QGroupBox("Delivery host")
        self.where_form = QFormLayout(where)
        self.where_form.addRow("Host from", self.host_combo)
        self.where_form.addRow("Base URL", self.url_edit)
        self.where_form.addRow("Path prefix", self.prefix_edit)
        self.where_form.addRow("Program", self.ids_row)
        self.where_form.addRow("", self.emulator_note)
        self.where_form.addRow("Requests go to", self.host_label)
        return where

    def _token_group(self) -> QGroupBox:
        self.token_combo = choice_box(TOKEN_KINDS)
        self.token_edit = QLineEdit()
        self.token_edit.setObjectName("tokenField")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setAccessibleName("IMS token")
        self.reveal_action = QAction("Show", self.token_edit)
        self.reveal_action.setCheckable(True)
        self.reveal_action.setToolTip("Show the token while typing (it is never shown once stored)")
        self.reveal_action.toggled.connect(self._reveal)
        self.token_edit.addAction(self.reveal_action, QLineEdit.ActionPosition.TrailingPosition)
        self.paste_button = QPushButton("Paste")
        self.paste_button.setToolTip("Paste the token from the clipboard")
        self.paste_button.clicked.connect(self._paste_token)
        self.remove_token_button = QPushButton("Remove stored token")
        self.remove_token_button.clicked.connect(self._mark_token_removed)
        token_row = QHBoxLayout()
        token_row.setContentsMargins(0, 0, 0, 0)
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.paste_button)
        token_row.addWidget(self.remove_token_button)
        self.token_row = QWidget()
        self.token_row.setLayout(token_row)
        self.token_state = QLabel()
        self.token_state.setObjectName("tokenState")
        self.token_state.setWordWrap(True)
        self.variable_edit = QLineEdit()
        self.variable_edit.setPlaceholderText(DEFAULT_TOKEN_VARIABLE)
        self.token_header_combo = choice_box(TOKEN_HEADERS)
        self.token_header_combo.setToolTip(
            "How the token travels to the delivery host (only there): the bearer header the API "
            "documents, or the delivery-token header Adobe's secure-assets block sends."
        )
        self.api_key_edit = QLineEdit()
        self.api_key_edit.setObjectName("apiKey")
        self.api_key_edit.setPlaceholderText("the client id for search (X-Api-Key)")
        token = QGroupBox("Token and search")
        self.token_form = QFormLayout(token)
        self.token_form.addRow("Token", self.token_combo)
        self.token_form.addRow("IMS token", self.token_row)
        self.token_form.addRow("", self.token_state)
        self.token_form.addRow("Variable", self.variable_edit)
        self.token_form.addRow("Send token as", self.token_header_combo)
        self.token_form.addRow("API key", self.api_key_edit)
        return token

    def _network_group(self) -> QGroupBox:
        self.ca_edit = QLineEdit()
        self.ca_edit.setPlaceholderText("optional: a PEM file with extra CA certificates")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(browse)
        self.proxy_combo = choice_box(PROXY_MODES)
        self.proxy_edit = QLineEdit()
        self.proxy_edit.setPlaceholderText("http://proxy.example.com:3128")
        proxy_row = QHBoxLayout()
        proxy_row.setContentsMargins(0, 0, 0, 0)
        proxy_row.addWidget(self.proxy_combo)
        proxy_row.addWidget(self.proxy_edit, 1)
        network = QGroupBox("Network")
        network_form = QFormLayout(network)
        network_form.addRow("Trust", QLabel("The system's certificate store, plus:"))
        network_form.addRow("Extra CA file", ca_row)
        network_form.addRow("HTTP proxy", proxy_row)
        return network

    # --- reading and writing -------------------------------------------------------------------

    def set_profile(
        self,
        profile: Profile,
        *,
        token_stored: bool | None,
        stored_expiry: TokenExpiry | None = None,
        fixed_token_text: str = "",
    ) -> None:
        """Show `profile`; `token_stored` says whether the keyring holds its token (None: unknown),
        `stored_expiry` when that token expires; `fixed_token_text` describes a token the profile
        has built in (the demo's)."""
        self._stored_expiry = stored_expiry
        self._fixed_token_text = fixed_token_text
        self._loading = True
        try:
            self.name_edit.setText(profile.name)
            select_choice(self.host_combo, profile.host_kind)
            self.url_edit.setText(profile.base_url)
            self.prefix_edit.setText(profile.prefix)
            self.program_edit.setText(profile.program)
            self.environment_edit.setText(profile.environment)
            self.stage_check.setChecked(profile.stage)
            select_choice(self.token_combo, profile.token_kind)
            self.token_edit.clear()
            self.reveal_action.setChecked(False)
            self._stored_token = bool(token_stored)
            self._remove_token = False
            self._token_unknown = token_stored is None
            self.variable_edit.setText(profile.token_variable)
            select_choice(self.token_header_combo, profile.token_header)
            self.api_key_edit.setText(profile.api_key)
            self.ca_edit.setText(profile.extra_ca_file)
            select_choice(self.proxy_combo, profile.proxy_mode)
            self.proxy_edit.setText(profile.proxy_url)
        finally:
            self._loading = False
        self._update()

    def profile(self, *, built_in: bool = False) -> Profile:
        """The profile as the fields say (not validated: `Profile.validated` says what is wrong)."""
        return Profile(
            name=self.name_edit.text(),
            host_kind=HostKind(self.host_combo.currentData()),
            base_url=self.url_edit.text(),
            program=self.program_edit.text(),
            environment=self.environment_edit.text(),
            stage=self.stage_check.isChecked(),
            prefix=self.prefix_edit.text(),
            token_kind=TokenKind(self.token_combo.currentData()),
            token_variable=self.variable_edit.text() or DEFAULT_TOKEN_VARIABLE,
            token_header=TokenHeader(self.token_header_combo.currentData()),
            api_key=self.api_key_edit.text(),
            extra_ca_file=self.ca_edit.text(),
            proxy_mode=ProxyMode(self.proxy_combo.currentData()),
            proxy_url=self.proxy_edit.text(),
            built_in=built_in,
        )

    def token_text(self) -> str | None:
        """The token to store: the typed one, "" to remove the stored one, None to leave it."""
        typed = self.token_edit.text().strip()
        if typed:
            return typed
        return "" if self._remove_token else None

    def set_read_only(self, read_only: bool) -> None:
        for child in self.findChildren(QLineEdit):
            child.setReadOnly(read_only)
        for widget in (self.host_combo, self.token_combo, self.proxy_combo, self.stage_check):
            widget.setEnabled(not read_only)
        for button in self.findChildren(QPushButton):
            button.setEnabled(not read_only)
        self._update()

    def focus_token(self) -> None:
        """Put the cursor in the token field (choosing the keyring when the profile has no token)."""
        if TokenKind(self.token_combo.currentData()) is TokenKind.NONE and not self.token_edit.isReadOnly():
            select_choice(self.token_combo, TokenKind.KEYRING)
            self._edited()
        self.token_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- behaviour -----------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading:
            return
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        host_kind = HostKind(self.host_combo.currentData())
        self.where_form.setRowVisible(self.url_edit, host_kind is HostKind.URL)
        self.where_form.setRowVisible(self.prefix_edit, host_kind is HostKind.URL)
        self.where_form.setRowVisible(self.ids_row, host_kind is HostKind.PROGRAM)
        self.where_form.setRowVisible(self.emulator_note, host_kind is HostKind.EMULATOR)
        self.host_label.setText(self._host_text(host_kind))
        token_kind = TokenKind(self.token_combo.currentData())
        self.token_form.setRowVisible(self.token_combo, not self._fixed_token_text)
        self.token_form.setRowVisible(self.token_row, token_kind is TokenKind.KEYRING)
        self.token_form.setRowVisible(self.variable_edit, token_kind is TokenKind.ENVIRONMENT)
        self.token_form.setRowVisible(
            self.token_header_combo, token_kind is not TokenKind.NONE and not self._fixed_token_text
        )
        self.remove_token_button.setVisible(self._stored_token and not self._remove_token)
        self.proxy_edit.setVisible(ProxyMode(self.proxy_combo.currentData()) is ProxyMode.URL)
        if token_kind is TokenKind.KEYRING:
            self.token_edit.setPlaceholderText(
                "•••• stored — paste to replace it"
                if self._stored_token and not self._remove_token
                else "paste the IMS access token"
            )
        self._show_token_state()

    def _host_text(self, kind: HostKind) -> str:
        if kind is HostKind.EMULATOR:
            return "the built-in emulator (loopback)"
        try:
            if kind is HostKind.PROGRAM:
                return program_host(
                    self.program_edit.text(), self.environment_edit.text(), stage=self.stage_check.isChecked()
                )
            host = self.profile().host()
        except InvalidInput as error:
            return f"⚠ {error.message}"
        prefix = self.prefix_edit.text().strip()
        return f"{host}{prefix if prefix else ''}/…" if host else ""

    def _show_token_state(self) -> None:
        kind = TokenKind(self.token_combo.currentData())
        typed = self.token_edit.text().strip()
        now = datetime.now(UTC)
        if self._fixed_token_text:
            text = self._fixed_token_text
        elif kind is TokenKind.ENVIRONMENT:
            text = "Read from this variable at every request; empty or unset means no token."
        elif kind is TokenKind.NONE:
            text = "Restricted assets answer 404 without a token, and search needs one."
        elif typed:
            expiry = token_expiry(typed)
            if not looks_like_jwt(typed):
                text = "Not a JWT: its expiry cannot be read. It will be stored in the system keyring."
            elif expiry.expires_at is None:
                text = "This token names no expiry. It will be stored in the system keyring."
            elif expiry.state(now) is ExpiryState.EXPIRED:
                text = f"⚠ This token {expiry.describe(now)}: get a new one."
            elif expiry.state(now) is ExpiryState.EXPIRING:
                text = f"⚠ This token {expiry.describe(now)}."
            else:
                text = f"This token {expiry.describe(now)}. It will be stored in the system keyring."
        elif self._remove_token:
            text = "The stored token will be removed when you save."
        elif self._token_unknown:
            text = "The keyring cannot be read here; a token typed now can be kept for this session."
        elif self._stored_token and self._stored_expiry is not None and self._stored_expiry.expires_at:
            state = self._stored_expiry.state(now)
            mark = "⚠ " if state in (ExpiryState.EXPIRED, ExpiryState.EXPIRING) else ""
            text = f"{mark}A token is stored in the system keyring; it {self._stored_expiry.describe(now)}."
        elif self._stored_token:
            text = "A token is stored in the system keyring."
        else:
            text = "No token stored yet."
        self.token_state.setText(text)

    def _reveal(self, shown: bool) -> None:
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.reveal_action.setText("Hide" if shown else "Show")

    def _paste_token(self) -> None:
        self.token_edit.setText(QGuiApplication.clipboard().text().strip())
        self._edited()

    def _mark_token_removed(self) -> None:
        self._remove_token = True
        self.token_edit.clear()
        self._edited()

    def _choose_ca_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Extra CA certificates", self.ca_edit.text(), "PEM files (*.pem *.crt *.cer);;All files (*)"
        )
        if name:
            self.ca_edit.setText(name)
            self._edited()
