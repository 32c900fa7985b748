"""Run a real Ralph LRS (``ralph-malph`` from PyPI) on 127.0.0.1 for the outbox tests.

``python ralph_lrs.py PORT APP_DIR DATA_DIR`` serves xAPI at ``http://127.0.0.1:PORT/xAPI``
with Ralph's file-system backend. One test-only patch: Ralph 5.1's FS backend writes its
statements file with the "create" operation, so its second POST fails with HTTP 500 (file
exists); the patch makes it append, as its other backends do (ECOSYSTEM.md section 4.6).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def write_auth(app_dir: Path, username: str, password: str) -> None:
    """The credentials file ``ralph auth`` would write (bcrypt hash; scopes 'all')."""
    import bcrypt

    app_dir.mkdir(parents=True, exist_ok=True)
    digest = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
    entry = {"agent": {"mbox": "mailto:sim@example.org", "objectType": "Agent"}, "scopes": ["all"],
             "hash": digest, "username": username}  # fmt: skip
    (app_dir / "auth.json").write_text(json.dumps([entry]), encoding="utf-8")


def main() -> None:
    port, app_dir, data_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.environ["RALPH_APP_DIR"] = app_dir
    os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
    os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = data_dir
    os.environ["RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH"] = data_dir
    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
