#!/usr/bin/env python3
"""Generate fixtures/shapebugs/expected.json by RUNNING every shape-bug pair with real
PyTorch / Keras 3 (torch backend).  Never run by CI: CI has neither framework.

Usage (from the repository root):

    KERAS_BACKEND=torch /work/venvs/truth/bin/python scripts/truth/gen_shapebug_expected.py
    ... gen_shapebug_expected.py --check       # regenerate in memory, exit 1 if expected.json differs
    ... gen_shapebug_expected.py NAME...       # run the pairs whose id contains NAME, print, no write

The corpus: fixtures/shapebugs/<framework>/<name>.bug.<py|ipynb> and its twin
<name>.twin.<py|ipynb> (same extension), framework = torch | keras.  The twin differs
from the bug by one small edit (at most MAX_EDIT_LINES lines on either side).

What is recorded, and checked (any failed check aborts the run, nothing is written):
  * bug: it raises.  The exception must be one a framework raises for a shape error
    (type in SHAPE_ERRORS, not raised by a `raise`/`assert` line of the fixture itself);
    recorded: the exception type, the first line of its message (Keras' "Exception
    encountered when calling ..." preface lines skipped, ANSI colours removed; when Keras
    wraps the backend's error after "Error encountered:", its first line as `cause`), every
    frame of the traceback that lies in the fixture (outermost first; `raised_at` is the
    innermost one, the line that raises), and the lines the edit touches in the bug file.
  * twin: it runs without an exception.  Recorded: the models it leaves at top level
    (torch.nn.Module / keras.Model bound to a global name, not a loss, not inside another
    such model), with the output shape of the first call (torch, by a global forward hook)
    or Keras' `output_shape` when the model is built.
Lines are 1-based; `cell` is the index of the cell in the notebook (markdown cells
counted) or 0 for a .py file, exactly like the `Span` of the analyzer.

How a file runs (it is never modified): a fresh namespace with __name__ == "__main__",
cwd and sys.path[0] = its folder, torch.manual_seed(0), keras.backend.clear_session()
and keras.utils.set_random_seed(0) first, stdout/stderr and warnings silenced.  A
notebook runs cell by cell, each compiled as "<path>#cell<N>" so frames map to cells;
lines starting with % or ! become `pass`, %%-magic cells are skipped.  `import
tensorflow` gets the small fake of gen_keras_expected.py (tf.keras -> keras).
"""
from __future__ import annotations

import contextlib
import difflib
import io
import json
import os
import re
import sys
import time
import traceback
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")
sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "fixtures", "shapebugs")
OUT = os.path.join(CORPUS, "expected.json")
KINDS = os.path.join(CORPUS, "kinds.json")  # hand-written: pair id -> kind of bug
GENERATED_BY = "scripts/truth/gen_shapebug_expected.py"
FRAMEWORKS = ("torch", "keras")
MAX_EDIT_LINES = 3
# Exceptions PyTorch and Keras raise for shape errors (exact builtin types: a
# NameError, TypeError or AttributeError is a typo, not a shape bug).
SHAPE_ERRORS = {"RuntimeError", "ValueError", "IndexError", "AssertionError"}

import numpy  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.modules.module as nnmod  # noqa: E402

sys.path.insert(0, HERE)
import gen_keras_expected as gke  # noqa: E402  (imports keras, the fake tensorflow)

sys.path.remove(HERE)
keras = gke.keras
if keras.backend.backend() != "torch":
    sys.exit("run with KERAS_BACKEND=torch (got %s)" % keras.backend.backend())
gke.install_fake_tensorflow()
torch.set_num_threads(1)


# --------------------------------------------------------------------------- sources

def code_cells(path: str) -> list[tuple[int, str]]:
    """(cell index, source) of each code cell; a .py file is one cell 0."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not path.endswith(".ipynb"):
        return [(0, text)]
    nb = json.loads(text)
    out = []
    for i, cell in enumerate(nb["cells"]):
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        if cell.get("cell_type") != "code" or src.lstrip().startswith("%%"):
            continue
        lines = []
        for line in src.split("\n"):
            s = line.lstrip()
            lines.append(line[: len(line) - len(s)] + "pass" if s.startswith(("%", "!")) else line)
        out.append((i, "\n".join(lines)))
    return out


def all_cells(path: str) -> list[list[str]]:
    """Every cell's lines (markdown included), for diffs and line texts."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not path.endswith(".ipynb"):
        return [text.split("\n")]
    nb = json.loads(text)
    cells = []
    for cell in nb["cells"]:
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        cells.append(src.split("\n") if cell.get("cell_type") == "code" else [])
    return cells


def pairs() -> list[tuple[str, str, str, str]]:
    """(id, framework, bug path, twin path) of every pair, sorted by id."""
    found = []
    for fw in FRAMEWORKS:
        folder = os.path.join(CORPUS, fw)
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        for fn in names:
            m = re.fullmatch(r"(.+)\.bug\.(py|ipynb)", fn)
            if not m:
                if not re.fullmatch(r"(.+)\.twin\.(py|ipynb)", fn):
                    raise SystemExit(f"not part of a pair: {fw}/{fn}")
                if fn.replace(".twin.", ".bug.") not in names:
                    raise SystemExit(f"twin without bug: {fw}/{fn}")
                continue
            twin = f"{m.group(1)}.twin.{m.group(2)}"
            if twin not in names:
                raise SystemExit(f"bug without twin: {fw}/{fn}")
            found.append((f"{fw}/{m.group(1)}", fw, os.path.join(folder, fn), os.path.join(folder, twin)))
    return sorted(found)


# --------------------------------------------------------------------------- running

class FirstCalls:
    """Global forward hook: output shape of each module's first call."""

    def __init__(self):
        self.active = False
        self.out: dict[int, tuple[object, object]] = {}

    def hook(self, module, _args, output):
        if self.active and id(module) not in self.out:
            self.out[id(module)] = (module, shape_of(output))


def shape_of(x):
    if isinstance(x, torch.Tensor):
        return [int(d) for d in x.shape]
    if isinstance(x, (tuple, list)):
        return [shape_of(v) for v in x]
    if isinstance(x, dict):
        return [shape_of(v) for v in x.values()]
    return None


CALLS = FirstCalls()
nnmod.register_module_forward_hook(CALLS.hook)


def run_file(path: str):
    """exec the file; return (namespace, exception or None, traceback or None)."""
    folder = os.path.dirname(path)
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    torch.manual_seed(0)
    ns = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    before = set(sys.modules)
    old_cwd, old_path = os.getcwd(), list(sys.path)
    os.chdir(folder)
    sys.path.insert(0, folder)
    CALLS.out = {}
    CALLS.active = True
    sink = io.StringIO()
    exc = None
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for idx, src in code_cells(path):
                exec(compile(src, f"{path}#cell{idx}", "exec"), ns)
    except Exception as e:  # the bug file is meant to raise
        exc = e
    finally:
        CALLS.active = False
        os.chdir(old_cwd)
        sys.path[:] = old_path
        for name in set(sys.modules) - before:
            f = getattr(sys.modules.get(name), "__file__", None) or ""
            if os.path.abspath(f).startswith(CORPUS):
                del sys.modules[name]
    return ns, exc


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def first_message_line(exc: BaseException) -> str:
    lines = [_ANSI.sub("", ln).strip() for ln in str(exc).split("\n")]
    lines = [ln for ln in lines if ln and not ln.startswith("Exception encountered when calling")]
    return lines[0] if lines else ""


def wrapped_cause(exc: BaseException) -> str | None:
    """Keras' "Could not automatically infer the output shape ... Error encountered:"
    wraps the backend's error: the first line after that preface."""
    lines = [_ANSI.sub("", ln).strip() for ln in str(exc).split("\n")]
    for i, ln in enumerate(lines):
        if ln.endswith("Error encountered:"):
            rest = [x for x in lines[i + 1:] if x]
            return rest[0] if rest else None
    return None


def fixture_frames(exc: BaseException, path: str) -> list[dict]:
    frames = []
    prefix = f"{path}#cell"
    for fs in traceback.extract_tb(exc.__traceback__):
        if fs.filename.startswith(prefix):
            frames.append({"cell": int(fs.filename[len(prefix):]), "line": fs.lineno})
    return frames


def line_text(cells: list[list[str]], where: dict) -> str:
    lines = cells[where["cell"]]
    return lines[where["line"] - 1].strip() if 0 < where["line"] <= len(lines) else ""


def edit_lines(bug: str, twin: str) -> list[dict]:
    """Lines of the bug file that the edit touches (for a pure deletion: the line after it)."""
    b_cells, t_cells = all_cells(bug), all_cells(twin)
    if len(b_cells) != len(t_cells):
        raise SystemExit(f"{bug}: bug and twin have different cell counts")
    touched, removed = [], 0
    for ci, (b, t) in enumerate(zip(b_cells, t_cells)):
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, t, b, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            removed += i2 - i1
            lines = range(j1, j2) if j2 > j1 else range(j1, j1 + 1)
            touched.extend({"cell": ci, "line": k + 1} for k in lines)
    n_bug = len(touched)
    if not touched or n_bug > MAX_EDIT_LINES or removed > MAX_EDIT_LINES:
        raise SystemExit(f"{bug}: the edit is not small ({n_bug} bug lines, {removed} twin lines)")
    return touched


def top_level_models(ns: dict) -> list[dict]:
    cands, seen = [], set()
    for name, v in ns.items():
        if name.startswith("_") or id(v) in seen:
            continue
        if isinstance(v, keras.Model):
            seen.add(id(v))
            try:
                shape = gke.shape_to_json(v.output_shape)
            except Exception:
                shape = None
            cands.append((name, v, shape))
        elif isinstance(v, keras.layers.Layer):
            continue  # a Keras layer bound to a name (Keras layers are torch modules too)
        elif isinstance(v, nn.Module) and not isinstance(v, nn.modules.loss._Loss):
            seen.add(id(v))
            rec = CALLS.out.get(id(v))
            cands.append((name, v, rec[1] if rec else None))
    out = []
    for name, m, shape in cands:
        inside = any(o is not m and isinstance(o, nn.Module) and isinstance(m, nn.Module)
                     and any(s is m for s in o.modules()) for _, o, _ in cands)
        inside = inside or any(o is not m and isinstance(o, keras.Model) and isinstance(m, keras.Model)
                               and any(s is m for s in o._flatten_layers(include_self=False))
                               for _, o, _ in cands)
        if not inside:
            out.append({"name": name, "class": type(m).__name__, "output_shape": shape})
    return sorted(out, key=lambda r: r["name"])


def run_pair(pid: str, fw: str, bug: str, twin: str) -> dict:
    ns, exc = run_file(twin)
    if exc is not None:
        raise SystemExit(f"twin {pid} raised {type(exc).__name__}: {first_message_line(exc)}\n"
                         + "".join(traceback.format_exception(exc)))
    models = top_level_models(ns)
    if not models:
        raise SystemExit(f"twin {pid} leaves no model at top level")
    _, exc = run_file(bug)
    if exc is None:
        raise SystemExit(f"bug {pid} runs without an error")
    kind = type(exc).__name__
    frames = fixture_frames(exc, bug)
    cells = all_cells(bug)
    if type(exc).__module__ != "builtins" or kind not in SHAPE_ERRORS or not frames:
        raise SystemExit(f"bug {pid} raised {kind}: {first_message_line(exc)} (not a framework shape error)\n"
                         + "".join(traceback.format_exception(exc)))
    at = frames[-1]
    text = line_text(cells, at)
    if text.startswith(("raise ", "assert ")):
        raise SystemExit(f"bug {pid}: the fixture raises by itself at {at}: {text}")
    rel = lambda p: os.path.relpath(p, CORPUS).replace(os.sep, "/")  # noqa: E731
    return {
        "id": pid,
        "framework": fw,
        "bug": {
            "file": rel(bug),
            "exception": kind,
            "message": first_message_line(exc),
            **({"cause": wrapped_cause(exc)} if wrapped_cause(exc) else {}),
            "raised_at": at,
            "raised_line": text,
            "frames": frames,
            "edit": edit_lines(bug, twin),
        },
        "twin": {"file": rel(twin), "models": models},
    }


def build_doc(selected):
    with open(KINDS, encoding="utf-8") as f:
        kinds = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    missing = [p[0] for p in selected if p[0] not in kinds]
    if missing:
        raise SystemExit(f"no kind in kinds.json for: {', '.join(missing)}")
    stale = sorted(set(kinds) - {p[0] for p in pairs()})
    if stale:
        raise SystemExit(f"kinds.json names pairs that do not exist: {', '.join(stale)}")
    out = []
    for pid, fw, bug, twin in selected:
        t = time.time()
        rec = run_pair(pid, fw, bug, twin)
        out.append({"id": rec["id"], "framework": fw, "kind": kinds[pid], **rec})
        dt = time.time() - t
        if dt > float(os.environ.get("SLOW_SECONDS", "10")):
            print(f"slow: {pid} {dt:.1f}s", file=sys.stderr)
    counts = {fw: sum(1 for p in out if p["framework"] == fw) for fw in FRAMEWORKS}
    return {
        "generated_by": GENERATED_BY,
        "torch": torch.__version__.split("+")[0],
        "keras": keras.__version__,
        "keras_backend": keras.backend.backend(),
        "numpy": numpy.__version__,
        "counts": counts,
        "pairs": out,
    }


def dumps(doc) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    t0 = time.time()
    check = "--check" in argv
    only = [a for a in argv if a != "--check"]
    selected = pairs()
    if only:
        selected = [p for p in selected if any(o in p[0] for o in only)]
        for p in build_doc(selected)["pairs"]:
            b = p["bug"]
            print(f"{p['id']}: {b['exception']}: {b['message']}\n    at {b['raised_at']} {b['raised_line']!r}"
                  f" edit {b['edit']}\n    twin models {p['twin']['models']}")
        return 0
    doc = build_doc(selected)
    text = dumps(doc)
    print(f"{len(doc['pairs'])} pairs {doc['counts']}, {time.time() - t0:.1f}s", file=sys.stderr)
    if check:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("expected.json up to date" if same else "expected.json DIFFERS", file=sys.stderr)
        return 0 if same else 1
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
