"""Export tests: an in-memory keyring for every test, and a store on the test database."""

import keyring
import pytest
from helpers.memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def store(db):
    from companion.store.calls import CallStore

    return CallStore(db)
