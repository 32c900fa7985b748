"""Test-wide setup: Qt runs offscreen and never touches the user's settings or data."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
