"""The keyring module: works with a real backend, says plainly when there is none."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from companion.integrations.secrets import (
    SERVICE,
    SecretStoreUnavailable,
    delete_secret,
    get_secret,
    secret_store_status,
    set_secret,
)


def test_memory_backend_stores_and_deletes(memory_keyring):
    assert secret_store_status().available
    assert get_secret("webhook-token") is None
    set_secret("webhook-token", "abc")
    assert memory_keyring.passwords == {(SERVICE, "webhook-token"): "abc"}
    assert get_secret("webhook-token") == "abc"
    delete_secret("webhook-token")
    delete_secret("webhook-token")          # deleting what is not there is fine
    assert get_secret("webhook-token") is None


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_no_usable_backend_is_a_plain_state(backend):
    keyring.set_keyring(backend)
    status = secret_store_status()
    assert not status.available
    assert "No secret store is available" in status.message
    with pytest.raises(SecretStoreUnavailable):
        get_secret("webhook-token")
    with pytest.raises(SecretStoreUnavailable):
        set_secret("webhook-token", "abc")


def test_plaintext_backends_are_refused():
    class PlaintextKeyring(KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            return None

        def set_password(self, service, username, password):
            raise AssertionError("must never be written")

        def delete_password(self, service, username):
            pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    keyring.set_keyring(PlaintextKeyring())
    assert not secret_store_status().available
    with pytest.raises(SecretStoreUnavailable, match="plain text"):
        set_secret("webhook-token", "abc")


def test_backend_errors_become_unavailable(memory_keyring, monkeypatch):
    def broken(*args):
        raise keyring.errors.KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "get_password", broken)
    with pytest.raises(SecretStoreUnavailable):
        get_secret("webhook-token")
