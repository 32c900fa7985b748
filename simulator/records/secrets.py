"""Secrets (the LRS password) in the operating system's keyring, or a private file where there is none.

The keyring (PyPI ``keyring``: macOS Keychain, Windows Credential Locker, the Secret Service
of GNOME or KDE) keeps the password encrypted under the user's login. A machine without one
(a headless Linux box, CI, a minimal desktop) gets the documented fallback: ``secrets.json``
in the app's settings folder, created with mode 0600 (readable and writable by the user only)
in a 0700 folder, written atomically. Either way the password is never in the settings file,
a log, a message or a ``repr``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol

SERVICE = "opioid-care-simulator"
FILE_NAME = "secrets.json"


class Backend(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


def system_keyring() -> Backend | None:
    """The OS keyring, or None where there is none (keyring's fail/null backends, or not installed)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or type(backend).__module__.endswith(".null"):
        return None
    if getattr(backend, "priority", 1) <= 0:
        return None
    return backend


class Secrets:
    """Named secrets kept for this app: in ``backend`` (the keyring) if there is one, else in a file."""

    def __init__(self, folder: str | os.PathLike[str], backend: Backend | None | str = "system") -> None:
        self.folder = Path(folder)
        self.backend: Backend | None = system_keyring() if backend == "system" else backend  # type: ignore[assignment]

    @property
    def file(self) -> Path:
        return self.folder / FILE_NAME

    def where(self) -> str:
        """Where secrets are kept, in words for the settings dialog."""
        if self.backend is not None:
            return "the system keyring"
        return f"a file only your user account can read ({self.file})"

    def get(self, name: str) -> str:
        if self.backend is not None:
            try:
                value = self.backend.get_password(SERVICE, name)
            except Exception:
                value = None
            if value is not None:
                return value
        return str(self._read().get(name, ""))

    def set(self, name: str, value: str) -> str:
        """Keep ``value`` under ``name`` (an empty value forgets it); returns :meth:`where` it went."""
        if not value:
            self.delete(name)
            return self.where()
        if self.backend is not None:
            try:
                self.backend.set_password(SERVICE, name, value)
            except Exception:
                pass
            else:
                self._forget_in_file(name)
                return "the system keyring"
        data = self._read()
        data[name] = value
        self._write(data)
        return f"a file only your user account can read ({self.file})"

    def delete(self, name: str) -> None:
        if self.backend is not None:
            try:
                self.backend.delete_password(SERVICE, name)
            except Exception:
                pass
        self._forget_in_file(name)

    # ------------------------------------------------------------------ the fallback file

    def _forget_in_file(self, name: str) -> None:
        data = self._read()
        if name in data:
            del data[name]
            self._write(data)

    def _read(self) -> dict[str, Any]:
        try:
            value = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def _write(self, data: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        private_folder(self.folder)
        tmp = self.file.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            if hasattr(os, "fchmod"):  # the file may have existed with looser bits
                os.fchmod(fd, 0o600)
            os.write(fd, json.dumps(data, sort_keys=True).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.file)


def private_file(path: str | os.PathLike[str]) -> None:
    """Make an existing settings file readable by the user only (0600); nothing if it is not there."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass


def private_folder(path: str | os.PathLike[str]) -> None:
    """Make the app's own settings folder the user's only (0700)."""
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
