#!/usr/bin/env python3
"""Generate fixtures/torch/expected.json (and the symbol_checks totals in
fixtures/torch/nonstatic.json) by RUNNING every PyTorch fixture with real PyTorch.

Run with the truth venv:
    python3 -m venv /work/venvs/truth
    /work/venvs/truth/bin/pip install torch==2.13.0 torchinfo
    /work/venvs/truth/bin/python scripts/truth/gen_torch_expected.py

Which files are fixtures ("entry files"):
  * every *.py / *.ipynb directly in fixtures/torch/
  * every main.py / main.ipynb in a sub-folder (multi-file cases; the other .py
    files next to it are modules it imports and are not run on their own)
  * fixtures/torch/nonstatic/ is NOT part of expected.json; its files are only run
    (with a value substituted) for the symbol_checks listed in nonstatic.json.

How a fixture is run (the fixture file is never modified):
  * .py: the whole file; .ipynb: the code cells in order, joined, dropping cells
    that start with a %%-magic and lines whose first non-blank char is % or !
  * cwd and sys.path[0] = the fixture's folder, so `from mymodels.net import Net` works;
    modules imported from that folder are removed from sys.modules afterwards
  * torch.manual_seed(0) first; stdout is silenced
  * a global forward hook (torch.nn.modules.module.register_module_forward_hook)
    is installed BEFORE exec and records, for each module object, the input and
    output of its FIRST call.
  * tensorboard is not installed in the truth venv, so `torch.utils.tensorboard` cannot be
    imported: when `import tensorboard` fails, a stand-in module is put into sys.modules
    whose SummaryWriter.add_graph(model, input_to_model) does to the model what the real
    one does (trace it once with torch.jit.trace on that input) and whose logging methods
    do nothing (see install_fake_tensorboard).
"""
from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import sys
import time
import warnings

import torch
import torch.nn as nn
import torch.nn.modules.module as nnmod
import torchinfo

sys.dont_write_bytecode = True

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "fixtures", "torch")
GENERATED_BY = "scripts/truth/gen_torch_expected.py"


# --------------------------------------------------------------------------- sources

def read_source(path: str) -> str:
    if path.endswith(".ipynb"):
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
        chunks = []
        for cell in nb["cells"]:
            if cell.get("cell_type") != "code":
                continue
            src = cell["source"]
            if isinstance(src, list):
                src = "".join(src)
            if src.lstrip().startswith("%%"):
                continue
            lines = [ln for ln in src.split("\n")
                     if not ln.lstrip().startswith(("%", "!"))]
            chunks.append("\n".join(lines))
        return "\n\n".join(chunks) + "\n"
    with open(path, encoding="utf-8") as f:
        return f.read()


def entry_files() -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(FIX):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in ("nonstatic", "__pycache__", ".ipynb_checkpoints"))
        rel_dir = os.path.relpath(dirpath, FIX)
        for fn in sorted(filenames):
            if not fn.endswith((".py", ".ipynb")):
                continue
            if rel_dir == "." or fn in ("main.py", "main.ipynb"):
                out.append(os.path.normpath(os.path.join(rel_dir, fn)))
    return sorted(out)


# --------------------------------------------------------------------------- shapes

def shape_of(x):
    """Tensor -> list of ints; tuple/list -> list of shape_of; dict -> list of values' shapes;
    anything else -> None."""
    if isinstance(x, torch.Tensor):
        return [int(d) for d in x.shape]
    if isinstance(x, (tuple, list)):
        return [shape_of(v) for v in x]
    if isinstance(x, dict):
        return [shape_of(v) for v in x.values()]
    return None


def tensor_shape_or_none(x):
    return [int(d) for d in x.shape] if isinstance(x, torch.Tensor) else None


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
        self.first = {}  # id(module) -> dict(module=..., args=..., kwargs=..., out=...)

    def hook(self, module, args, kwargs, output):
        if not self.active:
            return
        key = id(module)
        if key in self.first:
            return
        # Under torch.jit.trace (add_graph, jit.trace) what the hook does to tensors would be
        # recorded into the traced graph on the first call only, and the tracer's check (a
        # second trace) would fail: the recording runs with tracing switched off.
        state = torch._C._get_tracing_state()
        torch._C._set_tracing_state(None)
        try:
            self.first[key] = {
                "module": module,  # keep a reference so ids are not reused
                "args": clone_args(args),
                "kwargs": clone_args(kwargs),
                "out_shape": shape_of(output),
                "out_tensor_shape": tensor_shape_or_none(output),
            }
        finally:
            torch._C._set_tracing_state(state)


# counts and shapes do not depend on threads; one thread avoids OpenMP spinning on a busy machine
torch.set_num_threads(1)

REC = Recorder()
nnmod.register_module_forward_hook(REC.hook, with_kwargs=True)


def install_fake_tensorboard():
    """A stand-in torch.utils.tensorboard when the tensorboard package is missing."""
    try:
        import tensorboard  # noqa: F401
        return
    except ImportError:
        pass
    import types

    class SummaryWriter:
        def __init__(self, *args, **kwargs):
            pass

        def add_graph(self, model, input_to_model=None, verbose=False, use_strict_trace=True):
            # torch.utils.tensorboard._pytorch_graph.graph traces the model the same way.
            with torch.no_grad():
                torch.jit.trace(model, input_to_model, strict=use_strict_trace)

        def __getattr__(self, name):  # add_scalar, add_image, flush, close, ...
            return lambda *args, **kwargs: None

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    mod = types.ModuleType("torch.utils.tensorboard")
    mod.SummaryWriter = SummaryWriter
    sys.modules["torch.utils.tensorboard"] = mod


install_fake_tensorboard()


def run_source(path: str, source: str):
    """exec the fixture source in a fresh namespace with cwd/sys.path = its folder."""
    folder = os.path.dirname(path)
    before = set(sys.modules)
    old_cwd = os.getcwd()
    ns = {"__name__": "__main__", "__file__": path}
    torch.manual_seed(0)
    sys.path.insert(0, folder)
    os.chdir(folder)
    try:
        code = compile(source, path, "exec")
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(code, ns)
    finally:
        os.chdir(old_cwd)
        sys.path.remove(folder)
        for name in list(sys.modules):
            if name in before:
                continue
            mod = sys.modules[name]
            f = getattr(mod, "__file__", None) or ""
            p = list(getattr(mod, "__path__", []) or [])
            if f.startswith(folder) or any(str(q).startswith(folder) for q in p):
                del sys.modules[name]
    return ns


def top_level_models(ns: dict):
    """(name, module, aliases) for every reported model. The namespace dict is in
    first-assignment order; when one object is bound to several names the name bound
    first is used and the others are listed as aliases."""
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
        inside_other = any(
            other is not m and any(sub is m for sub in other.modules())
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
        n = p.numel()
        total += n
        if p.requires_grad:
            trainable += n
    return total, trainable


def describe_model(name: str, m: nn.Module, aliases=()):
    total, trainable = count(m.parameters())
    buffers = sum(b.numel() for b in m.buffers())
    rec = REC.first.get(id(m))
    layers = []
    for lname, sub in m.named_modules():
        if lname == "":
            continue
        t, tr = count(sub.parameters())
        r = REC.first.get(id(sub))
        layers.append({
            "id": lname,
            "type": type(sub).__name__,
            "params": t,
            "trainable": tr,
            "output_shape": r["out_tensor_shape"] if r else None,
        })
    out = {
        "name": name,
        "class": type(m).__name__,
        "total": total,
        "trainable": trainable,
        "buffers": buffers,
        "output_shape": None,
        "input_shape": None,
        "mult_adds": None,
        "layers": layers,
    }
    if aliases:
        out["aliases"] = list(aliases)
    if rec is not None:
        out["output_shape"] = rec["out_shape"]
        args, kwargs = rec["args"], rec["kwargs"]
        if len(args) == 1 and not kwargs:
            out["input_shape"] = shape_of(args[0])
        else:
            out["input_shape"] = shape_of(list(args))
            if kwargs:
                out["input_kwargs_shapes"] = {k: shape_of(v) for k, v in sorted(kwargs.items())}
        try:
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                torch.manual_seed(0)
                stats = torchinfo.summary(m, input_data=list(clone_args(args)), verbose=0,
                                          **clone_args(kwargs))
            out["mult_adds"] = int(stats.total_mult_adds)
        except Exception as e:  # recorded, so nobody mistakes it for 0
            out["mult_adds"] = None
            out["mult_adds_error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:200]}"
    return out


def run_case(rel: str):
    path = os.path.join(FIX, rel)
    REC.first = {}
    REC.active = True
    try:
        ns = run_source(path, read_source(path))
    finally:
        REC.active = False
    models = [describe_model(n, m, a) for n, m, a in top_level_models(ns)]
    return {"file": rel.replace(os.sep, "/"), "models": models}


# --------------------------------------------------------------------------- nonstatic

def _subst_assignments(tree, name, value):
    """Replace the value of module-level `NAME = ...` assignments with a literal."""
    hits = 0
    for i, node in enumerate(tree.body):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            new_value = ast.parse(repr(value), mode="eval").body
            tree.body[i] = ast.copy_location(ast.Assign(targets=node.targets, value=new_value), node)
            hits += 1
    return hits


def substitute(source: str, values: dict) -> str:
    for key, value in values.items():
        if key.isidentifier():
            tree = ast.parse(source)
            if _subst_assignments(tree, key, value) == 0:
                raise RuntimeError(f"no module-level assignment to {key!r} found")
            source = ast.unparse(ast.fix_missing_locations(tree))
        else:
            if key not in source:
                raise RuntimeError(f"expression {key!r} not found in source")
            source = source.replace(key, repr(value))
    return source


NONSTATIC_TEXT = [None]


def run_nonstatic(write=True):
    path = os.path.join(FIX, "nonstatic.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    for e in entries:
        for chk in e.get("symbol_checks", []):
            fpath = os.path.join(FIX, e["file"])
            src = substitute(read_source(fpath), chk["values"])
            REC.first = {}
            REC.active = True
            try:
                ns = run_source(fpath, src)
            finally:
                REC.active = False
            m = ns[e["model"]]
            total, trainable = count(m.parameters())
            chk["total"] = total
            chk["trainable"] = trainable
            rec = REC.first.get(id(m))
            chk["output_shape"] = rec["out_shape"] if rec else None
            chk["mult_adds"] = describe_model(e["model"], m)["mult_adds"] if rec else None
    entries.sort(key=lambda e: (e["file"], e["model"]))
    text = json.dumps(entries, indent=1, sort_keys=True) + "\n"
    NONSTATIC_TEXT[0] = text
    if write:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


# --------------------------------------------------------------------------- main

def build_doc(files):
    cases = []
    for rel in files:
        t = time.time()
        try:
            cases.append(run_case(rel))
        except Exception as e:
            raise SystemExit(f"FAILED {rel}: {type(e).__name__}: {e}") from e
        dt = time.time() - t
        if dt > float(os.environ.get("SLOW_SECONDS", "5")):
            print(f"slow: {rel} {dt:.1f}s", file=sys.stderr)
    return {
        "generated_by": GENERATED_BY,
        "torch": torch.__version__.split("+")[0],
        "torchinfo": torchinfo.__version__,
        "cases": sorted(cases, key=lambda c: c["file"]),
    }


def dumps(doc):
    return json.dumps(doc, indent=1, sort_keys=False) + "\n"


def main(argv):
    """No argument: regenerate expected.json and nonstatic.json.
    --check: regenerate in memory and exit 1 if expected.json / nonstatic.json differ.
    FILE...: run only these fixtures (paths relative to fixtures/torch) and print a summary."""
    t0 = time.time()
    args = argv[1:]
    check = "--check" in args
    only = [a for a in args if a != "--check"]
    files = entry_files()
    if only:
        files = [f for f in files if f in only]
        for c in build_doc(files)["cases"]:
            for m in c["models"]:
                print(c["file"], m["name"], m["class"], m["total"], m["trainable"],
                      m["buffers"], m["input_shape"], m["output_shape"], m["mult_adds"],
                      m.get("mult_adds_error", ""))
        return
    doc = build_doc(files)
    exp_path = os.path.join(FIX, "expected.json")
    ns_path = os.path.join(FIX, "nonstatic.json")
    if check:
        with open(exp_path, encoding="utf-8") as f:
            same = f.read() == dumps(doc)
        with open(ns_path, encoding="utf-8") as f:
            ns_before = f.read()
        run_nonstatic(write=False)
        same_ns = ns_before == NONSTATIC_TEXT[0]
        print(f"expected.json {'up to date' if same else 'DIFFERS'}; "
              f"nonstatic.json {'up to date' if same_ns else 'DIFFERS'}")
        sys.exit(0 if same and same_ns else 1)
    with open(exp_path, "w", encoding="utf-8") as f:
        f.write(dumps(doc))
    run_nonstatic()
    n_models = sum(len(c["models"]) for c in doc["cases"])
    print(f"{len(doc['cases'])} fixtures, {n_models} models, {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main(sys.argv)
