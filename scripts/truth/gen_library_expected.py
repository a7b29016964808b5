#!/usr/bin/env python3
"""Generate fixtures/libraries/expected.json by RUNNING every library case (timm,
transformers, torchvision) with the real, pinned libraries. Never run in CI.

Truth environment (see fixtures/libraries/README.md):
    python3 -m venv /work/venvs/libtruth
    /work/venvs/libtruth/bin/pip install -r scripts/truth/libtruth-requirements.txt
    /work/venvs/libtruth/bin/python scripts/truth/gen_library_expected.py [--check | FILE... | --update FILE...]

Which files are cases: every *.py / *.ipynb directly in fixtures/libraries/ (the .ipynb
are built from scripts/truth/nb_src_libraries/ by build_library_notebooks.py).

How a case is run (the file is never modified), following gen_torch_expected.py:
  * .py: the whole file; .ipynb: the code cells in order, dropping cells that start with a
    %%-magic and lines whose first non-blank char is % or !
  * top-level statements one after the other in one namespace (the same as running the
    file), so that a statement listed in MUST_BE_UNKNOWN may fail and the rest still runs
  * cwd = the case's folder, torch.manual_seed(0), stdout silenced, one thread
  * a global forward hook records, for each module object, input and output of its FIRST call
  * models = the top-level variables bound to an nn.Module that is not inside another one
    (first-bound name wins; other names are aliases), as in gen_torch_expected.py

No network and no weights, ever:
  * HF_HUB_OFFLINE=1 / TRANSFORMERS_OFFLINE=1, HF_HOME and TORCH_HOME point to an empty
    temporary folder, socket connections raise
  * timm `pretrained=True`: timm.models._builder.load_pretrained is a no-op (the
    architecture is the one pretrained=False builds with the same arguments)
  * torchvision `weights=...` / `pretrained=True`: WeightsEnum.get_state_dict returns an
    empty marker dict that Module.load_state_dict ignores; everything else the weights
    change (num_classes from the categories, image size, ...) happens as in real use
  * `from_pretrained("hub-name")` cannot be counted here: such statements are listed in
    MUST_BE_UNKNOWN; they must raise the offline error, and the names they bind are
    recorded with total null and "must_be_unknown": true

Recorded per model: class, library of the class, total and trainable parameters
(parameters() dedups shared / tied tensors), buffer elements, input and output shape of the
first call (output_fields for dict-like outputs such as transformers' ModelOutput), and
the direct children with their counts. Library versions are recorded at the top.
"""
from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import platform
import socket
import sys
import tempfile
import time
import warnings
from collections.abc import Mapping

_EMPTY_HOME = tempfile.mkdtemp(prefix="libtruth-home-")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HOME"] = os.path.join(_EMPTY_HOME, "hf")
os.environ["TORCH_HOME"] = os.path.join(_EMPTY_HOME, "torch")
os.environ["TOKENIZERS_PARALLELISM"] = "false"


def _no_network(*_a, **_k):
    raise OSError("network access is disabled in the truth script")


socket.create_connection = _no_network
socket.socket.connect = _no_network

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.modules.module as nnmod  # noqa: E402
import timm  # noqa: E402
import timm.models._builder as timm_builder  # noqa: E402
import torchvision  # noqa: E402
import torchvision.models._api as tv_api  # noqa: E402
import transformers  # noqa: E402
import huggingface_hub  # noqa: E402

sys.dont_write_bytecode = True

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "fixtures", "libraries")
GENERATED_BY = "scripts/truth/gen_library_expected.py"
LIBRARIES = ("timm", "transformers", "torchvision")

# Statements that cannot be counted without a hub download: (case file, first line of the
# statement) -> reason. The statement must raise (offline), and every name it binds is
# recorded as a model whose total must be reported unknown.
MUST_BE_UNKNOWN = {
    ("hf_from_pretrained.py", 5): "from_pretrained('bert-base-uncased'): its config.json is not in a local Hugging Face cache",
    ("hf_from_pretrained.py", 6): "from_pretrained('gpt2'): its config.json is not in a local Hugging Face cache",
}


# --------------------------------------------------------------------------- no weights

def _no_pretrained_weights(*_a, **_k):
    return None


timm_builder.load_pretrained = _no_pretrained_weights


class NoWeights(dict):
    """What get_state_dict returns here: an empty state dict that load_state_dict skips."""


def _get_state_dict(self, *_a, **_k):
    return NoWeights()


tv_api.WeightsEnum.get_state_dict = _get_state_dict
_orig_load_state_dict = nn.Module.load_state_dict


def _load_state_dict(self, state_dict, *a, **k):
    if isinstance(state_dict, NoWeights):
        return nnmod._IncompatibleKeys([], [])
    return _orig_load_state_dict(self, state_dict, *a, **k)


nn.Module.load_state_dict = _load_state_dict


# --------------------------------------------------------------------------- sources

def read_cells(path: str) -> list[str]:
    """The code the case runs, one string per cell (one cell for a .py file)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not path.endswith(".ipynb"):
        return [text]
    nb = json.loads(text)
    out = []
    for cell in nb["cells"]:
        if cell.get("cell_type") != "code":
            continue
        src = cell["source"]
        if isinstance(src, list):
            src = "".join(src)
        if src.lstrip().startswith("%%"):
            continue
        lines = [ln if not ln.lstrip().startswith(("%", "!")) else "" for ln in src.split("\n")]
        out.append("\n".join(lines))
    return out


def case_files() -> list[str]:
    return sorted(fn for fn in os.listdir(FIX)
                  if fn.endswith((".py", ".ipynb")) and os.path.isfile(os.path.join(FIX, fn)))


def imported_libraries(cells: list[str]) -> list[str]:
    found = set()
    for src in cells:
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for n in names:
                top = n.split(".")[0]
                if top in LIBRARIES:
                    found.add(top)
    return sorted(found)


# --------------------------------------------------------------------------- shapes

def shape_of(x):
    if isinstance(x, torch.Tensor):
        return [int(d) for d in x.shape]
    if isinstance(x, (tuple, list)):
        return [shape_of(v) for v in x]
    if isinstance(x, Mapping):
        return [shape_of(v) for v in x.values()]
    return None


def fields_of(x):
    """Dict-like outputs (transformers' ModelOutput): key -> shape (None for caches etc.)."""
    if isinstance(x, Mapping):
        return {str(k): shape_of(v) for k, v in x.items()}
    return None


def clone_args(x):
    if isinstance(x, torch.Tensor):
        return x.detach().clone()
    if isinstance(x, tuple):
        return tuple(clone_args(v) for v in x)
    if isinstance(x, list):
        return [clone_args(v) for v in x]
    if isinstance(x, dict):
        return {k: clone_args(v) for k, v in x.items()}
    return x


# --------------------------------------------------------------------------- recording

class Recorder:
    def __init__(self):
        self.active = False
        self.first = {}

    def hook(self, module, args, kwargs, output):
        if not self.active or id(module) in self.first:
            return
        self.first[id(module)] = {
            "module": module,  # keeps the id from being reused
            "args": clone_args(args),
            "kwargs": clone_args(kwargs),
            "out_shape": None if isinstance(output, Mapping) else shape_of(output),
            "out_fields": fields_of(output),
        }


torch.set_num_threads(1)
REC = Recorder()
nnmod.register_module_forward_hook(REC.hook, with_kwargs=True)


def bound_names(stmt) -> list[str]:
    names = []
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
    return names


def run_case_source(rel: str, cells: list[str]):
    """Runs the cells statement by statement; returns (namespace, unknown entries)."""
    path = os.path.join(FIX, rel)
    folder = os.path.dirname(path)
    ns = {"__name__": "__main__", "__file__": path}
    unknown = []
    expected_fail = {line: why for (f, line), why in MUST_BE_UNKNOWN.items() if f == rel}
    torch.manual_seed(0)
    old_cwd = os.getcwd()
    os.chdir(folder)
    try:
        for cell_index, src in enumerate(cells):
            tree = ast.parse(src, path)
            for stmt in tree.body:
                mod = ast.Module(body=[stmt], type_ignores=[])
                code = compile(mod, path, "exec")
                line = stmt.lineno if len(cells) == 1 else None
                try:
                    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        exec(code, ns)
                except Exception as e:  # noqa: BLE001
                    if line not in expected_fail:
                        raise RuntimeError(f"cell {cell_index} line {stmt.lineno}: {type(e).__name__}: {e}") from e
                    if not isinstance(e, OSError):
                        raise RuntimeError(f"line {line} was expected to fail offline (OSError), got {type(e).__name__}: {e}") from e
                    for name in bound_names(stmt):
                        unknown.append({"name": name, "line": line, "reason": expected_fail[line],
                                        "raised": type(e).__name__})
                    continue
                if line in expected_fail:
                    raise RuntimeError(f"line {line} was expected to fail offline but ran: the truth would need a hub download")
    finally:
        os.chdir(old_cwd)
    return ns, unknown


def top_level_models(ns: dict):
    cands = []
    by_id = {}
    for name in ns:
        if name.startswith("_"):
            continue
        v = ns[name]
        if not isinstance(v, nn.Module) or isinstance(v, nn.modules.loss._Loss):
            continue
        if id(v) in by_id:
            by_id[id(v)][2].append(name)
            continue
        entry = (name, v, [])
        by_id[id(v)] = entry
        cands.append(entry)
    result = []
    for name, m, aliases in cands:
        inside_other = any(other is not m and any(sub is m for sub in other.modules())
                           for _, other, _ in cands)
        if not inside_other:
            result.append((name, m, sorted(aliases)))
    return sorted(result, key=lambda e: e[0])


def count(params):
    seen = set()
    total = trainable = 0
    for p in params:
        if id(p) in seen:
            continue
        seen.add(id(p))
        total += p.numel()
        if p.requires_grad:
            trainable += p.numel()
    return total, trainable


def library_of(m: nn.Module) -> str:
    top = type(m).__module__.split(".")[0]
    return top if top in LIBRARIES else "user"


def describe_model(name: str, m: nn.Module, aliases):
    total, trainable = count(m.parameters())
    out = {
        "name": name,
        "class": type(m).__name__,
        "library": library_of(m),
        "total": total,
        "trainable": trainable,
        "buffers": sum(b.numel() for b in m.buffers()),
        "input_shape": None,
        "output_shape": None,
    }
    if aliases:
        out["aliases"] = list(aliases)
    rec = REC.first.get(id(m))
    if rec is not None:
        args, kwargs = rec["args"], rec["kwargs"]
        if len(args) == 1:
            out["input_shape"] = shape_of(args[0])
        elif args:
            out["input_shape"] = shape_of(list(args))
        if kwargs:
            out["input_kwargs_shapes"] = {k: shape_of(v) for k, v in sorted(kwargs.items())}
        out["output_shape"] = rec["out_shape"]
        if rec["out_fields"] is not None:
            out["output_fields"] = rec["out_fields"]
    children = []
    for cname, sub in m.named_children():
        t, tr = count(sub.parameters())
        children.append({"id": cname, "type": type(sub).__name__, "params": t, "trainable": tr})
    out["children"] = children
    return out


def run_case(rel: str):
    cells = read_cells(os.path.join(FIX, rel))
    REC.first = {}
    REC.active = True
    try:
        ns, unknown = run_case_source(rel, cells)
    finally:
        REC.active = False
    models = [describe_model(n, m, a) for n, m, a in top_level_models(ns)]
    for u in unknown:
        models.append({"name": u["name"], "class": None, "library": None, "total": None, "trainable": None,
                       "buffers": None, "must_be_unknown": True, "reason": u["reason"],
                       "raised": u["raised"]})
    models.sort(key=lambda e: e["name"])
    REC.first = {}
    return {"file": rel, "libraries": imported_libraries(cells), "models": models}


# --------------------------------------------------------------------------- main

def versions():
    return {
        "python": ".".join(platform.python_version_tuple()[:2]),
        "torch": torch.__version__.split("+")[0],
        "torchvision": torchvision.__version__.split("+")[0],
        "timm": timm.__version__,
        "transformers": transformers.__version__,
        "huggingface_hub": huggingface_hub.__version__,
    }


def build_doc(files):
    cases = []
    for rel in files:
        t = time.time()
        try:
            cases.append(run_case(rel))
        except Exception as e:
            raise SystemExit(f"FAILED {rel}: {type(e).__name__}: {e}") from e
        dt = time.time() - t
        if dt > float(os.environ.get("SLOW_SECONDS", "10")):
            print(f"slow: {rel} {dt:.1f}s", file=sys.stderr)
    return {"generated_by": GENERATED_BY, "versions": versions(), "cases": cases}


def dumps(doc):
    return json.dumps(doc, indent=1, sort_keys=False) + "\n"


def update_entries(files, only):
    """Runs the cases `only` and puts their entries into the committed expected.json in file
    order, leaving every other entry untouched."""
    missing = [f for f in only if f not in files]
    if missing or not only:
        raise SystemExit(f"--update needs case files of fixtures/libraries: {missing or 'none given'}")
    exp_path = os.path.join(FIX, "expected.json")
    with open(exp_path, encoding="utf-8") as f:
        doc = json.load(f)
    fresh = build_doc(only)
    # The libraries that build the models must be the recorded ones (huggingface_hub only
    # serves downloads, which the truth never makes).
    built_by = ("python", "torch", "torchvision", "timm", "transformers")
    if any(fresh["versions"][k] != doc["versions"][k] for k in built_by):
        raise SystemExit(f"versions differ from the recorded ones: {fresh['versions']} vs {doc['versions']}")
    by_file = {c["file"]: c for c in doc["cases"] if c["file"] in files}
    for c in fresh["cases"]:
        by_file[c["file"]] = c
    doc["cases"] = [by_file[f] for f in files if f in by_file]
    with open(exp_path, "w", encoding="utf-8") as f:
        f.write(dumps(doc))


def main(argv):
    """No argument: regenerate expected.json. --check: regenerate in memory, exit 1 if it
    differs from the committed file. FILE...: run only these cases and print a summary.
    --update FILE...: run only these cases and write their entries into expected.json (the
    other cases' entries are kept as they are; the model libraries' versions must be the
    recorded ones)."""
    t0 = time.time()
    args = argv[1:]
    check = "--check" in args
    update = "--update" in args
    only = [a for a in args if a not in ("--check", "--update")]
    files = case_files()
    if update:
        update_entries(files, only)
        print(f"updated {len(only)} cases in expected.json ({time.time() - t0:.1f}s)")
        return
    if only:
        for c in build_doc([f for f in files if f in only])["cases"]:
            for m in c["models"]:
                print(c["file"], m["name"], m["class"], m["total"], m["trainable"], m["buffers"],
                      m.get("input_shape"), m.get("output_shape"), m.get("output_fields", ""))
        return
    doc = build_doc(files)
    exp_path = os.path.join(FIX, "expected.json")
    if check:
        with open(exp_path, encoding="utf-8") as f:
            same = f.read() == dumps(doc)
        print(f"expected.json {'up to date' if same else 'DIFFERS'} ({time.time() - t0:.1f}s)")
        sys.exit(0 if same else 1)
    with open(exp_path, "w", encoding="utf-8") as f:
        f.write(dumps(doc))
    n_models = sum(len(c["models"]) for c in doc["cases"])
    print(f"{len(doc['cases'])} cases, {n_models} models, {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main(sys.argv)
