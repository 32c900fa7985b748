"""The session lifecycle without Qt: start, resume, apply, finish, store (see ARCHITECTURE.md)."""
