"""The Jupyter server's local Hugging Face hub cache, read-only: ``config.json`` of a repo.

Where the cache is follows huggingface_hub: ``$HF_HUB_CACHE`` (or the older
``$HUGGINGFACE_HUB_CACHE``), else ``$HF_HOME/hub``, else ``$XDG_CACHE_HOME/huggingface/hub``,
else ``~/.cache/huggingface/hub``. A repo ``org/name`` is the folder ``models--org--name``;
``refs/main`` names its main snapshot, whose ``config.json`` is usually a symlink into the
repo's ``blobs/``. Repo ids are checked as ``from_pretrained`` names (``name`` or
``org/name``, no ``..``); every file is confined by real path to the cache folder (a symlink
leading out of it is refused), opened without following a last-moment symlink and
size-limited (MAX_CONFIG_BYTES). Mirrors ``src/cli/hub-cache.ts`` (the CLI's side).

Does not: download anything, read other revisions or files than ``refs/main`` and
``config.json``, parse the config, or write anything.
"""
from __future__ import annotations

import os
import re
import stat

#: Largest config.json served (bytes): configs are a few KB; a larger file is not a config.
MAX_CONFIG_BYTES = 1_000_000
#: refs/main holds one commit hash.
_MAX_REF_BYTES = 200

_REPO_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,95}(/[A-Za-z0-9_][A-Za-z0-9_.-]{0,95})?$")
_COMMIT = re.compile(r"^[0-9a-f]{6,64}$")


def is_repo_id(name: str) -> bool:
    """A hub repo id as from_pretrained takes one: ``name`` or ``org/name``, no path tricks."""
    return bool(_REPO_ID.match(name)) and ".." not in name and not name.endswith(".")


def cache_dir(env: dict | None = None, home: str | None = None) -> str:
    """The hub cache folder the environment names (it may not exist)."""
    env = os.environ if env is None else env
    if env.get("HF_HUB_CACHE"):
        return env["HF_HUB_CACHE"]
    if env.get("HUGGINGFACE_HUB_CACHE"):
        return env["HUGGINGFACE_HUB_CACHE"]
    if env.get("HF_HOME"):
        return os.path.join(env["HF_HOME"], "hub")
    base = env.get("XDG_CACHE_HOME") or os.path.join(home or os.path.expanduser("~"), ".cache")
    return os.path.join(base, "huggingface", "hub")


class HubCache:
    """config.json files of one hub cache folder, read confined to it."""

    def __init__(self, folder: str) -> None:
        real = os.path.realpath(folder)
        self.root = real if os.path.isdir(real) else None

    def _inside(self, real: str) -> bool:
        return self.root is not None and real.startswith(self.root.rstrip(os.sep) + os.sep)

    def _read(self, path: str, limit: int) -> bytes | None:
        real = os.path.realpath(path)
        if not self._inside(real):
            return None
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
                return None
            data = os.read(fd, limit + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        return data if len(data) <= limit else None

    def config(self, repo_id: str) -> str | None:
        """Text of config.json of ``repo_id``'s main snapshot, or None (absent, refused)."""
        if self.root is None or not is_repo_id(repo_id):
            return None
        repo = os.path.join(self.root, "models--" + repo_id.replace("/", "--"))
        ref = self._read(os.path.join(repo, "refs", "main"), _MAX_REF_BYTES)
        commit = ref.decode("ascii", errors="replace").strip() if ref is not None else ""
        if not _COMMIT.match(commit):
            return None
        data = self._read(os.path.join(repo, "snapshots", commit, "config.json"), MAX_CONFIG_BYTES)
        return None if data is None else data.decode("utf-8", errors="replace")
