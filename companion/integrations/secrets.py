"""The only module that touches the OS keyring.

Secrets (the webhook token) live in the keyring and nowhere else: not in the database,
the settings file, logs or exports. Where no usable keyring exists, every function here
says so with SecretStoreUnavailable, and the features that need a secret stay off.
There is deliberately no plaintext fallback, and plaintext keyring backends are refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from companion.errors import EnvironmentProblem

log = logging.getLogger(__name__)

SERVICE = "call-companion"
NO_STORE_MESSAGE = (
    "No secret store is available on this computer, so features that need a password or "
    "token stay off. Install or unlock your system's keyring (GNOME Keyring, KWallet, macOS "
    "Keychain, Windows Credential Manager) and start Call Companion again."
)


class SecretStoreUnavailable(EnvironmentProblem):
    def __init__(self, detail: str = ""):
        self.detail = detail
        super().__init__(NO_STORE_MESSAGE + (f" ({detail})" if detail else ""))


@dataclass(frozen=True)
class SecretStoreStatus:
    available: bool
    backend: str            # the keyring backend's name, for the settings page
    message: str = ""       # why it is unavailable, for the user


def _unusable_reason(backend) -> str | None:
    module = type(backend).__module__
    name = type(backend).__name__
    if module.startswith("keyring.backends.fail"):
        return "no keyring backend was found"
    if module.startswith("keyring.backends.null"):
        return "the keyring is switched off"
    if module.startswith("keyrings.alt") and "plaintext" in name.lower():
        return "the only keyring backend stores secrets as plain text"
    if module.startswith("keyring.backends.chainer") and not getattr(backend, "backends", None):
        return "no keyring backend was found"
    return None


def _keyring():
    """The keyring package, imported on first use: it is slow to import and large, and the
    app only needs it when a webhook is set up (measured in benchmarks/RESULTS.md)."""
    import keyring
    import keyring.errors

    return keyring


def _backend():
    keyring = _keyring()
    try:
        backend = keyring.get_keyring()
    except Exception as exc:       # a broken keyring configuration must not stop the app
        raise SecretStoreUnavailable(f"the keyring could not be loaded: {type(exc).__name__}") from exc
    reason = _unusable_reason(backend)
    if reason:
        raise SecretStoreUnavailable(reason)
    return backend


def secret_store_status() -> SecretStoreStatus:
    """Whether secrets can be kept, without reading any (reading may prompt to unlock)."""
    try:
        backend = _backend()
    except SecretStoreUnavailable as exc:
        return SecretStoreStatus(False, "", str(exc))
    return SecretStoreStatus(True, getattr(backend, "name", type(backend).__name__))


def get_secret(name: str) -> str | None:
    keyring = _keyring()
    try:
        return _backend().get_password(SERVICE, name)
    except keyring.errors.KeyringError as exc:
        log.warning("Reading secret %r from the keyring failed: %s", name, type(exc).__name__)
        raise SecretStoreUnavailable(type(exc).__name__) from exc


def set_secret(name: str, value: str) -> None:
    if not value:
        raise ValueError("an empty secret is not stored; use delete_secret")
    keyring = _keyring()
    try:
        _backend().set_password(SERVICE, name, value)
    except keyring.errors.KeyringError as exc:
        log.warning("Storing secret %r in the keyring failed: %s", name, type(exc).__name__)
        raise SecretStoreUnavailable(type(exc).__name__) from exc


def delete_secret(name: str) -> None:
    keyring = _keyring()
    try:
        _backend().delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        pass                                  # nothing stored: already the wanted state
    except keyring.errors.KeyringError as exc:
        log.warning("Deleting secret %r from the keyring failed: %s", name, type(exc).__name__)
        raise SecretStoreUnavailable(type(exc).__name__) from exc
