"""The LRS password lives in the OS keyring, or in a 0600 file where there is none; never in the settings."""

from __future__ import annotations

import stat

import keyring.backend
import pytest

from simulator.records import secrets
from simulator.records.secrets import SERVICE, Secrets


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that keeps passwords in memory (a stand-in for the system's)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_with_a_keyring_the_password_goes_there_and_nowhere_on_disk(tmp_path, monkeypatch):
    fake = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: fake)
    store = Secrets(tmp_path / "settings")  # finds the "system" keyring: the fake
    assert store.set("lrs/password", "s3cret") == "the system keyring"
    assert fake.kept == {(SERVICE, "lrs/password"): "s3cret"}
    assert store.get("lrs/password") == "s3cret"
    assert not (tmp_path / "settings").exists()
    store.set("lrs/password", "")
    assert fake.kept == {} and store.get("lrs/password") == ""


def test_without_a_keyring_the_password_is_in_a_file_only_the_user_can_read(tmp_path, monkeypatch):
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    assert secrets.system_keyring() is None
    folder = tmp_path / "OpioidCareSim"
    store = Secrets(folder)
    assert "only your user account can read" in store.set("lrs/password", "s3cret")
    assert mode(store.file) == 0o600 and mode(folder) == 0o700
    assert Secrets(folder).get("lrs/password") == "s3cret"
    # a keyring that appears later takes the password, and the file forgets it
    fake = MemoryKeyring()
    Secrets(folder, fake).set("lrs/password", "s3cret")
    assert "s3cret" not in store.file.read_text() and fake.kept[(SERVICE, "lrs/password")] == "s3cret"


def test_a_keyring_that_refuses_falls_back_to_the_private_file(tmp_path):
    class Locked(MemoryKeyring):
        def set_password(self, service, username, password):
            raise keyring.errors.KeyringLocked("locked")

    store = Secrets(tmp_path, Locked())
    assert "only your user account" in store.set("lrs/password", "pw")
    assert store.get("lrs/password") == "pw" and mode(store.file) == 0o600


@pytest.fixture(name="settings")
def _settings(qapp, tmp_path):
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield QSettings()
    QSettings().clear()


def test_the_app_keeps_the_password_out_of_its_settings_file(settings, monkeypatch):
    from pathlib import Path

    from simulator.ui.lrs_sync import PASSWORD, lrs_config, save_lrs_config

    monkeypatch.setattr(secrets, "system_keyring", lambda: None)  # this machine: no keyring
    save_lrs_config("https://lrs.example/xAPI", "sim", "s3cret-lrs-pass")
    settings.sync()
    ini = Path(settings.fileName())
    assert "s3cret" not in ini.read_text() and mode(ini) == 0o600
    assert lrs_config().password == "s3cret-lrs-pass"
    # a password an older version left in the settings file is moved out the first time it is read
    settings.setValue(PASSWORD, "old-plain-pass")
    settings.sync()
    assert lrs_config().password == "old-plain-pass"
    settings.sync()
    assert "old-plain-pass" not in ini.read_text() and not settings.contains(PASSWORD)
