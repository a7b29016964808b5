"""``scan()``: the models of a whole corpus of notebooks as a pandas DataFrame.

Runs the bundled ``archlens scan`` CLI (Node.js) over the files, locally or, with a Dask
``client``, over a Dask cluster: the files are listed once, split into partitions, and each
partition runs the CLI on a worker (``client.map``), so the same call goes from a laptop to a
cluster. Nothing is ever executed: the CLI reads the code statically.
Does not: import pandas or dask before ``scan()`` is called (they are the optional
``[scan]`` extra), or analyse anything in Python.
"""
from __future__ import annotations

import json
import math
import os
import warnings
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from ._cli import ArchLensCLIError, run_cli, stream_cli

#: Columns of the DataFrame, in order. Integer columns are pandas' nullable Int64.
COLUMNS = [
    "file",
    "name",
    "framework",
    "kind",
    "class",
    "total_params",
    "trainable_params",
    "non_trainable_params",
    "buffers",
    "symbolic_params",
    "mult_adds",
    "input_shape",
    "output_shape",
    "layers",
    "errors",
    "warnings",
    "unknown_reason",
    "cell",
    "line",
    "sha256",
    "failure",
    "error",
]
INT_COLUMNS = ["total_params", "trainable_params", "non_trainable_params", "buffers", "mult_adds", "layers", "errors", "warnings", "cell", "line"]

#: Largest number of files one Dask partition (one CLI run on a worker) gets.
MAX_PARTITION_FILES = 1000

PathArg = Union[str, "os.PathLike[str]"]


def scan(
    paths: Union[PathArg, Sequence[PathArg]],
    client: Any = None,
    *,
    jobs: Optional[int] = None,
    timeout: Optional[float] = None,
    partitions: Optional[int] = None,
):
    """Analyses every notebook and .py file in ``paths`` without running them.

    ``paths``: a file, a folder (walked for .ipynb and .py files) or a glob pattern
    (``"corpus/**/*.ipynb"``), or a list of them. Returns a pandas DataFrame with one row per
    model (columns ``COLUMNS``; null where a value is not statically known; ``unknown_reason``
    says why) and one row per file that could not be analysed (``error`` and ``failure`` set,
    model columns null), sorted by file, models in notebook order.

    ``client``: a ``dask.distributed.Client``; the files are split into ``partitions``
    (default: twice the cluster's threads, at most 1000 files each) and each partition runs
    the CLI on a worker. Workers need Node.js, this package, and the files at the same path
    (a shared file system); the current folder is the one relative paths are read from.
    ``jobs``: CLI worker processes per run (default: all CPUs locally, 1 per Dask task).
    ``timeout``: hard per-file limit in seconds (the CLI's default is 60).
    """
    import pandas as pd  # noqa: F401  (fail early and clearly when the [scan] extra is missing)

    args = [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    options = _options(jobs, timeout)
    if client is None:
        rows = _run_scan(["--", *args], None, os.getcwd(), options)
    else:
        files = list_files(args)
        chunks = _partition(files, partitions or _default_partitions(client, len(files)))
        if jobs is None:
            options = _options(1, timeout)
        futures = client.map(_scan_partition, chunks, cwd=os.getcwd(), options=options, pure=False)
        rows = [row for part in client.gather(futures) for row in part]
    return to_frame(rows)


def list_files(paths: Iterable[str]) -> List[str]:
    """The files ``scan(paths)`` would analyse, as the CLI finds them."""
    done = run_cli(["scan", "--list", "--null", "--", *paths])
    _forward_warnings(done.stderr)
    if done.returncode != 0:
        raise ArchLensCLIError(_first_line(done.stderr) or f"archlens exited with code {done.returncode}")
    return [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def _options(jobs: Optional[int], timeout: Optional[float]) -> List[str]:
    options: List[str] = []
    if jobs is not None:
        options += ["--jobs", str(int(jobs))]
    if timeout is not None:
        options += ["--timeout", repr(float(timeout))]
    return options


def _default_partitions(client: Any, n_files: int) -> int:
    threads = sum(client.nthreads().values()) or 1
    return max(2 * threads, math.ceil(n_files / MAX_PARTITION_FILES))


def _partition(files: List[str], n: int) -> List[List[str]]:
    """Contiguous, nearly equal chunks (files of one folder stay together)."""
    n = max(1, min(n, len(files)))
    size, extra = divmod(len(files), n)
    chunks, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        if end > start:
            chunks.append(files[start:end])
        start = end
    return chunks


def _scan_partition(files: List[str], cwd: str, options: List[str]) -> List[Dict[str, Any]]:
    """One Dask task: the CLI over these files on this worker, as DataFrame rows."""
    if not os.path.isdir(cwd):
        raise ArchLensCLIError(f"this Dask worker cannot see {cwd}: scan needs the files on a file system shared with the workers")
    return _run_scan(["--null", "--files-from", "-"], files, cwd, options)


def _run_scan(args: List[str], files: Optional[List[str]], cwd: str, options: List[str]) -> List[Dict[str, Any]]:
    stdin = "".join(f + "\0" for f in files).encode("utf-8", "surrogateescape") if files is not None else None
    rows: List[Dict[str, Any]] = []

    def keep(line: bytes) -> None:
        row = _row(line.decode("utf-8"))
        if row is not None:
            rows.append(row)

    code, stderr = stream_cli(["scan", *options, *args], keep, stdin=stdin, cwd=cwd)
    _forward_warnings(stderr)
    if code != 0:
        raise ArchLensCLIError(_first_line(stderr) or f"archlens exited with code {code}")
    return rows


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else ""


def _forward_warnings(stderr: bytes) -> None:
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("archlens scan: nothing matches"):
            warnings.warn(line, stacklevel=3)


def rows_from_lines(lines: Iterable[str]) -> List[Dict[str, Any]]:
    """DataFrame rows from scan JSON lines: one per 'model' line and per 'error' line."""
    return [row for row in map(_row, lines) if row is not None]


def _row(text: str) -> Optional[Dict[str, Any]]:
    if not text.strip():
        return None
    record = json.loads(text)
    kind = record.get("record")
    if kind == "model":
        return _model_row(record)
    if kind == "error":
        row = dict.fromkeys(COLUMNS)
        row.update(file=record["file"], sha256=record.get("sha256"), failure=record.get("failure"), error=record.get("error"))
        return row
    return None


def _model_row(m: Dict[str, Any]) -> Dict[str, Any]:
    params = m.get("params") or {}
    diagnostics = m.get("diagnostics") or []
    output_shape = _shape(m.get("outputShape"))
    total, trainable = params.get("total"), params.get("trainable")
    reason = None
    if total is None or trainable is None or output_shape is None:
        reasons = [d["message"] for d in diagnostics if d.get("severity") == "info"]
        if output_shape is None and not m.get("input"):
            reasons.append("output shape unknown: no input reaches the model (no example tensor, summary() call or Input layer)")
        reason = "; ".join(reasons) or None
    symbolic = params.get("symbolicTotal")
    mult_adds = m.get("multAdds")
    inp = m.get("input")
    return {
        "file": m["file"],
        "name": m.get("name"),
        "framework": m.get("framework"),
        "kind": m.get("kind"),
        "class": m.get("class"),
        "total_params": total,
        "trainable_params": trainable,
        "non_trainable_params": params.get("nonTrainable"),
        "buffers": params.get("buffers"),
        "symbolic_params": symbolic["expr"] if isinstance(symbolic, dict) else None,
        "mult_adds": mult_adds if isinstance(mult_adds, int) else None,
        "input_shape": _shape(inp.get("shape")) if isinstance(inp, dict) else None,
        "output_shape": output_shape,
        "layers": len(m.get("layers") or []),
        "errors": sum(1 for d in diagnostics if d.get("severity") == "error"),
        "warnings": sum(1 for d in diagnostics if d.get("severity") == "warning"),
        "unknown_reason": reason,
        "cell": m.get("cell"),
        "line": m.get("line"),
        "sha256": m.get("sha256"),
        "failure": None,
        "error": None,
    }


def _shape(shape: Any) -> Any:
    """A shape as a list: ints, None for unknown dims, a symbolic dim as its expression; a
    list of such lists for several outputs; None when the shape is unknown."""
    if shape is None:
        return None
    if isinstance(shape, list):
        return [_shape(d) for d in shape]
    if isinstance(shape, dict):
        return shape.get("expr")
    return shape


def to_frame(rows: List[Dict[str, Any]]):
    """The DataFrame of ``scan()``: rows sorted by file (stable: models keep their order)."""
    import pandas as pd

    rows = sorted(rows, key=lambda r: r["file"])
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in INT_COLUMNS:
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    for column in COLUMNS:
        if column not in INT_COLUMNS:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame
