#!/usr/bin/env python3
"""Generate fixtures/keras/expected.json by running every Keras fixture with real Keras.

Usage (from the repository root):

    KERAS_BACKEND=torch /work/venvs/truth/bin/python scripts/truth/gen_keras_expected.py
    ... gen_keras_expected.py --check      # compare with the committed file, exit 1 on diff
    ... gen_keras_expected.py --only NAME  # run fixtures whose path contains NAME, print, no write

Each fixture (.py, or .ipynb: code cells in order, "%"/"!" lines dropped and
"%%"-magic cells skipped) runs in a fresh namespace with cwd and sys.path[0] set
to the fixture's folder, after keras.backend.clear_session() so auto-generated
layer names restart (dense, dense_1, ...).  Fixture sources are never modified.

tensorflow is not installed: a tiny fake `tensorflow` package is put into
sys.modules (inside this process only) that maps tf.keras -> keras and a few tf.*
tensor functions -> keras.ops, so fixtures written with `import tensorflow as tf`,
`from tensorflow import keras`, `from tensorflow.keras.layers import Dense` run on
Keras 3.  Keras itself is told that TensorFlow is unavailable.
"""
from __future__ import annotations

import argparse
import ast
import io
import json
import os
import re
import sys
import time
import traceback
import types
from contextlib import redirect_stdout, redirect_stderr

os.environ.setdefault("KERAS_BACKEND", "torch")
sys.dont_write_bytecode = True  # never leave __pycache__ in fixture folders
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "fixtures", "keras")
OUT = os.path.join(FIXTURES, "expected.json")
# Files under fixtures/keras that are not fixtures (helpers are still run: they
# simply define no model).
SKIP_NAMES = {"expected.json", "applications_expected.json", "nonstatic.json", "README.md"}

import keras  # noqa: E402
from keras.src.utils import module_utils  # noqa: E402
from keras.src.utils import summary_utils  # noqa: E402
from keras.src.models import Functional, Sequential  # noqa: E402

if keras.backend.backend() != "torch":
    sys.exit("run with KERAS_BACKEND=torch (got %s)" % keras.backend.backend())

# Keras must not believe TensorFlow is importable just because our fake exists.
module_utils.tensorflow._available = False


# --------------------------------------------------------------------------- fake tf
def install_fake_tensorflow():
    from keras import ops

    tf = types.ModuleType("tensorflow")
    tf.__path__ = []  # make it a package so "tensorflow.keras" imports resolve
    tf.__version__ = "2.99.0-fake-for-keras3"
    tf.keras = keras
    # a handful of tensor functions used in custom layers / VAEs
    tf.shape = ops.shape
    tf.exp = ops.exp
    tf.square = ops.square
    tf.reduce_mean = ops.mean
    tf.reduce_sum = ops.sum
    tf.concat = lambda values, axis: ops.concatenate(values, axis=axis)
    tf.matmul = ops.matmul
    tf.transpose = ops.transpose
    tf.reshape = ops.reshape
    tf.cast = ops.cast
    tf.sqrt = ops.sqrt
    tf.float32 = "float32"
    tf.int32 = "int32"
    tf.constant = ops.convert_to_tensor
    tf.zeros_initializer = keras.initializers.Zeros
    tf.random = types.SimpleNamespace(
        normal=lambda shape, mean=0.0, stddev=1.0, dtype=None, seed=None: keras.random.normal(
            shape, mean=mean, stddev=stddev, dtype=dtype, seed=seed
        ),
        set_seed=keras.utils.set_random_seed,
    )
    tf.nn = types.SimpleNamespace(relu=ops.relu, softmax=ops.softmax, gelu=ops.gelu, sigmoid=ops.sigmoid)
    tf.math = types.SimpleNamespace(exp=ops.exp, square=ops.square, reduce_mean=ops.mean, sqrt=ops.sqrt)
    sys.modules["tensorflow"] = tf
    sys.modules["tensorflow.keras"] = keras
    for sub in (
        "layers", "models", "applications", "optimizers", "losses", "metrics",
        "activations", "initializers", "regularizers", "constraints", "callbacks",
        "backend", "utils", "ops", "random",
    ):
        mod = getattr(keras, sub)
        sys.modules["tensorflow.keras." + sub] = mod
        sys.modules.setdefault("keras." + sub, mod)
    # tensorflow.keras.layers.experimental.preprocessing (old TF 2.x spelling)
    exp = types.ModuleType("tensorflow.keras.layers.experimental")
    exp.preprocessing = keras.layers
    sys.modules["tensorflow.keras.layers.experimental"] = exp
    sys.modules["tensorflow.keras.layers.experimental.preprocessing"] = keras.layers


# --------------------------------------------------------------------------- running
def notebook_source(path):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    chunks = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        if isinstance(src, list):
            src = "".join(src)
        if src.lstrip().startswith("%%"):
            continue
        lines = []
        for line in src.splitlines():
            s = line.lstrip()
            if s.startswith("%") or s.startswith("!"):
                # keep line numbers stable; keep indentation valid
                lines.append(line[: len(line) - len(s)] + "pass")
            else:
                lines.append(line)
        chunks.append("\n".join(lines))
    return chunks


def run_fixture(path):
    """Execute a fixture; return its namespace."""
    folder = os.path.dirname(path)
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    before = set(sys.modules)
    ns = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    old_cwd = os.getcwd()
    old_path = list(sys.path)
    os.chdir(folder)
    sys.path.insert(0, folder)
    sink = io.StringIO()
    try:
        with redirect_stdout(sink), redirect_stderr(sink):
            if path.endswith(".ipynb"):
                for i, chunk in enumerate(notebook_source(path)):
                    exec(compile(chunk, f"{path}#cell{i}", "exec"), ns)
            else:
                with open(path, encoding="utf-8") as f:
                    exec(compile(f.read(), path, "exec"), ns)
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        # forget fixture-local helper modules so the next fixture re-imports them
        for name in set(sys.modules) - before:
            mod = sys.modules.get(name)
            f = getattr(mod, "__file__", None) or ""
            if os.path.abspath(f).startswith(FIXTURES):
                del sys.modules[name]
    return ns


# --------------------------------------------------------------------------- describing
_MARKUP = re.compile(r"\[/?(?:color\(\d+\)|bold)?\]")


def shape_to_json(shape):
    if shape is None:
        return None
    if isinstance(shape, dict):
        return {k: shape_to_json(v) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)):
        if all(x is None or isinstance(x, int) for x in shape):
            return [None if x is None else int(x) for x in shape]
        return [shape_to_json(x) for x in shape]
    if isinstance(shape, int):
        return int(shape)
    raise TypeError(repr(shape))


def summary_shape(layer):
    """The Output Shape cell of model.summary(), as JSON (None for '?')."""
    try:
        text = summary_utils.format_layer_shape(layer)
    except Exception:  # summary itself would have failed on this layer
        return None
    text = _MARKUP.sub("", text).strip()
    if text in ("?", ""):
        return None
    try:
        return shape_to_json(ast.literal_eval(text))
    except Exception:
        return text  # e.g. dict outputs: keep Keras' text


def summary_layers(model):
    """The rows model.summary() prints (not expanded)."""
    if isinstance(model, Functional) and not isinstance(model, Sequential):
        return list(model._operations)
    return list(model.layers)


def weight_size(weights):
    n = 0
    for w in weights:
        s = 1
        for d in w.shape:
            s *= int(d)
        n += s
    return n


def summary_totals(model):
    lines = []
    try:
        model.summary(print_fn=lambda s, *a, **k: lines.append(s))
    except Exception as e:  # pragma: no cover - recorded, not fatal
        return {"error": f"{type(e).__name__}: {e}"}
    text = _MARKUP.sub("", "\n".join(lines))
    out = {}
    for key, label in (("total", "Total params"), ("trainable", "Trainable params"),
                       ("non_trainable", "Non-trainable params")):
        m = re.search(label + r":\s*([\d,]+)", text)
        out[key] = int(m.group(1).replace(",", "")) if m else None
    return out


def model_output_shape(model):
    try:
        return shape_to_json(model.output_shape), "node"
    except Exception:
        pass
    nodes = getattr(model, "_inbound_nodes", None)
    if nodes:  # a subclassed model called on keras.Input
        from keras import tree

        outs = nodes[-1].output_tensors
        flat = tree.flatten(outs)
        outs = tuple(flat[0].shape) if len(flat) == 1 else tree.map_structure(lambda t: tuple(t.shape), outs)
        return shape_to_json(outs), "symbolic_call"
    bsd = getattr(model, "_build_shapes_dict", None)
    if model.built and bsd:
        try:
            shp = model.compute_output_shape(**bsd)
            return shape_to_json(shp), "build_shape"
        except Exception:
            pass
        # Subclassed model built by an eager call: trace call() symbolically with the
        # batch dimension set to None (what calling it on keras.Input would give).
        # Only when every sub-layer is already built, so tracing cannot create weights.
        if len(bsd) == 1 and all(getattr(l, "built", True) for l in model._flatten_layers(include_self=False)):
            shape = list(bsd.values())[0]
            if isinstance(shape, (list, tuple)) and shape and all(isinstance(d, (int, type(None))) for d in shape):
                for dtype in ("float32", "int32"):
                    try:
                        spec = model.compute_output_spec(keras.KerasTensor((None,) + tuple(shape[1:]), dtype=dtype))
                        from keras import tree

                        flat = tree.flatten(spec)
                        outs = tuple(flat[0].shape) if len(flat) == 1 else tree.map_structure(lambda t: tuple(t.shape), spec)
                        return shape_to_json(outs), "traced"
                    except Exception:
                        continue
    return None, None


def kind_of(model):
    if isinstance(model, Sequential):
        return "sequential"
    if isinstance(model, Functional):
        return "functional"
    return "subclassed"


def describe_model(varname, model):
    layers = []
    for layer in summary_layers(model):
        is_layer = isinstance(layer, keras.layers.Layer)
        built = getattr(layer, "built", False)
        row = {
            "name": layer.name,
            "class": type(layer).__name__,
            "output_shape": summary_shape(layer),
            "params": int(layer.count_params()) if (is_layer and built) else 0,
            "trainable": bool(getattr(layer, "trainable", False)),
        }
        if is_layer and built:
            nt = weight_size(layer.non_trainable_weights)
            if nt:
                row["non_trainable_params"] = nt
        if is_layer and not built:
            row["built"] = False
        if not is_layer:
            row["operation"] = True  # a keras.ops call recorded in a functional graph
        layers.append(row)
    built = bool(model.built)
    trainable = weight_size(model.trainable_weights)
    non_trainable = weight_size(model.non_trainable_weights)
    st = summary_totals(model)  # before any tracing below
    out_shape, src = model_output_shape(model)
    rec = {
        "name": varname,
        "keras_name": model.name,
        "class": type(model).__name__,
        "kind": kind_of(model),
        "built": built,
        "total": int(model.count_params()) if built else None,
        "trainable": trainable,
        "non_trainable": non_trainable,
        "output_shape": out_shape,
    }
    if src in ("build_shape", "symbolic_call", "traced"):
        rec["output_shape_from"] = src
    if rec["kind"] == "subclassed":
        # summary() prints sub-layer shapes of a subclassed model from the shapes
        # they were built with: a concrete batch size if the model was called
        # on data, 83/89 (torch-backend tracing placeholders) if called on
        # keras.Input, "?" (null here) for layers without build().
        rec["layer_batch_dim_from_build"] = True
    rec["layers"] = layers
    if "error" in st:
        rec["summary_error"] = st["error"]
    else:
        if built and st["total"] != rec["total"]:
            rec["summary_total"] = st["total"]
        if st["trainable"] != trainable:
            rec["summary_trainable"] = st["trainable"]
        if st["non_trainable"] != non_trainable:
            rec["summary_non_trainable"] = st["non_trainable"]
    if built and rec["total"] != trainable + non_trainable:
        rec["note"] = "count_params() != trainable + non_trainable"
    return rec


def collect_models(ns):
    seen = {}
    out = []
    for name, value in ns.items():
        if name.startswith("__") or not isinstance(value, keras.Model):
            continue
        if id(value) in seen:
            seen[id(value)].setdefault("aliases", []).append(name)
            continue
        rec = describe_model(name, value)
        seen[id(value)] = rec
        out.append(rec)
    return out


def fixture_files(only=None):
    files = []
    for dirpath, dirnames, filenames in os.walk(FIXTURES):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
        for fn in sorted(filenames):
            if fn in SKIP_NAMES or not fn.endswith((".py", ".ipynb")):
                continue
            rel = os.path.relpath(os.path.join(dirpath, fn), FIXTURES).replace(os.sep, "/")
            if only and only not in rel:
                continue
            files.append(rel)
    return sorted(files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    install_fake_tensorflow()
    t0 = time.time()
    cases, failures = [], []
    for rel in fixture_files(args.only):
        t = time.time()
        path = os.path.join(FIXTURES, rel)
        try:
            ns = run_fixture(path)
            models = collect_models(ns)
        except Exception:
            failures.append(rel)
            print(f"FAIL {rel}\n{traceback.format_exc()}", file=sys.stderr)
            continue
        cases.append({"file": rel, "models": models})
        print(f"{time.time() - t:6.2f}s {rel}: " + ", ".join(
            f"{m['name']}={m['total']}" for m in models), file=sys.stderr)
    doc = {
        "generated_by": "scripts/truth/gen_keras_expected.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "cases": cases,
    }
    text = json.dumps(doc, indent=1, sort_keys=False) + "\n"
    print(f"{len(cases)} fixtures, {sum(len(c['models']) for c in cases)} models, "
          f"{time.time() - t0:.1f}s", file=sys.stderr)
    if failures:
        print("FAILED: " + ", ".join(failures), file=sys.stderr)
    if args.only:
        print(text)
        return 1 if failures else 0
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("expected.json up to date" if same else "expected.json DIFFERS", file=sys.stderr)
        return 0 if same and not failures else 1
    if failures:
        return 1
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
