"""Finding and running the bundled ``archlens`` command line (a Node.js program).

The wheel ships the single-file CLI and its two wasm files in ``jupyterlab_archlens/cli/``;
in a source tree the built ``bin/archlens.js`` is used; ``ARCHLENS_CLI`` names another one
and ``ARCHLENS_NODE`` another Node.js executable.
Does not: analyse anything in Python, or import pandas or dask.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, List, Optional, Tuple

_PACKAGE = Path(__file__).resolve().parent


class ArchLensCLIError(RuntimeError):
    """The CLI could not be found or run, or it reported a failure of the whole scan."""


def cli_path() -> Path:
    """The archlens.js to run: $ARCHLENS_CLI, else the packaged copy, else the source tree's build."""
    named = os.environ.get("ARCHLENS_CLI")
    if named:
        path = Path(named)
        if not path.is_file():
            raise ArchLensCLIError(f"ARCHLENS_CLI names {named}, which is not a file")
        return path
    for candidate in (_PACKAGE / "cli" / "archlens.js", _PACKAGE.parent / "bin" / "archlens.js"):
        if candidate.is_file():
            return candidate
    raise ArchLensCLIError(
        "the archlens CLI is missing: install the jupyterlab_archlens wheel, build a source tree "
        "with `npm run build:cli`, or set ARCHLENS_CLI to an archlens.js"
    )


def node_path() -> str:
    """The Node.js executable: $ARCHLENS_NODE, else `node` on PATH."""
    named = os.environ.get("ARCHLENS_NODE")
    if named:
        return named
    found = shutil.which("node")
    if not found:
        raise ArchLensCLIError("archlens needs Node.js (18 or newer) on PATH, or ARCHLENS_NODE set to it")
    return found


def run_cli(args: List[str], *, stdin: Optional[bytes] = None, cwd: Optional[str] = None) -> subprocess.CompletedProcess:
    """Runs ``node archlens.js ARGS`` and returns the finished process (stdout as bytes)."""
    command = [node_path(), str(cli_path()), *args]
    try:
        return subprocess.run(
            command, input=stdin, cwd=cwd, stdin=None if stdin is not None else subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False
        )
    except OSError as error:
        raise ArchLensCLIError(f"cannot run {command[0]}: {error}") from error


def stream_cli(args: List[str], on_line: Callable[[bytes], None], *, stdin: Optional[bytes] = None, cwd: Optional[str] = None) -> Tuple[int, bytes]:
    """Runs ``node archlens.js ARGS``, handing each stdout line to ``on_line`` as it comes (a
    scan's output can be far larger than what is kept of it); returns (exit code, stderr)."""
    command = [node_path(), str(cli_path()), *args]
    with tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(
                command, cwd=cwd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err
            )
        except OSError as error:
            raise ArchLensCLIError(f"cannot run {command[0]}: {error}") from error
        with proc:
            if stdin is not None:
                proc.stdin.write(stdin)  # the CLI reads all of its list before it writes anything
                proc.stdin.close()
            for line in proc.stdout:
                on_line(line)
            code = proc.wait()
        err.seek(0)
        return code, err.read()
