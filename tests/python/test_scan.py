"""scan() as data people call it: a DataFrame with one row per model (and one per failed file),
the same with a Dask LocalCluster of two workers as without Dask, and the package importable
without pandas or dask. Runs the real CLI (bin/archlens.js in the source tree) on the fixtures.
"""
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from jupyterlab_archlens import scan
from jupyterlab_archlens._cli import cli_path
from jupyterlab_archlens._scan import COLUMNS, list_files

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ["examples", "fixtures/torch/multifile", "fixtures/keras/multifile", "fixtures/torch/c*.py", "fixtures/hostile/nb_truncated.ipynb", "fixtures/hostile/binary.py"]


@pytest.fixture(scope="module")
def local_frame():
    return scan(CORPUS)


def test_importing_the_package_needs_neither_pandas_nor_dask():
    code = "import sys, jupyterlab_archlens; print(sorted(m for m in ('pandas', 'dask', 'distributed') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_one_row_per_model_with_the_documented_columns(local_frame):
    df = local_frame
    assert list(df.columns) == COLUMNS
    for column in ["file", "name", "framework", "class", "total_params", "trainable_params", "output_shape", "errors"]:
        assert column in df.columns
    assert str(df["total_params"].dtype) == "Int64"
    resnet = df[(df.file == "examples/cifar_resnet.ipynb") & (df.name == "model")].iloc[0]
    # the numbers torchinfo reports for this notebook's ResNet (also asserted by the CLI tests)
    assert (resnet["framework"], resnet["class"], resnet["total_params"], resnet["trainable_params"]) == ("pytorch", "ResNet", 272474, 272474)
    assert resnet["mult_adds"] == 40814762
    assert resnet["output_shape"] == [1, 10]
    assert resnet["errors"] == 0 and resnet["error"] is None
    keras = df[df.file == "examples/keras_two_inputs.ipynb"].iloc[0]
    assert (keras["framework"], keras["total_params"], keras["trainable_params"], keras["non_trainable_params"]) == ("keras", 25498, 25434, 64)
    assert keras["output_shape"] == [None, 10]
    # models come in notebook order within a file, files sorted
    assert list(df[df.file == "examples/cifar_resnet.ipynb"].name) == ["model", "baseline"]
    assert list(df.file) == sorted(df.file)


def test_every_model_of_the_scan_lines_is_a_row(local_frame):
    files = list_files(CORPUS)
    lines = subprocess.run(
        ["node", str(cli_path()), "scan", "--quiet", *CORPUS], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    models = [r for r in records if r["record"] == "model"]
    assert len(local_frame[local_frame.error.isna()]) == len(models)
    assert sorted({r["file"] for r in records}) == sorted(files)
    by_key = {(r["file"], r["name"]): r for r in models}
    for row in local_frame[local_frame.error.isna()].itertuples():
        record = by_key[(row.file, row.name)]
        total = record["params"]["total"]
        assert (row.total_params if not pd.isna(row.total_params) else None) == total


def test_nulls_where_unknown_with_the_reason(local_frame):
    unknown = local_frame[local_frame.total_params.isna() & local_frame.error.isna()]
    assert len(unknown) > 0
    assert unknown.unknown_reason.notna().all()
    known = local_frame[local_frame.total_params.notna() & local_frame.trainable_params.notna() & local_frame.output_shape.notna()]
    assert known.unknown_reason.isna().all()
    no_shape = local_frame[local_frame.output_shape.isna() & local_frame.error.isna()]
    assert len(no_shape) > 0 and no_shape.unknown_reason.notna().all()
    baseline = local_frame[(local_frame.file == "examples/cifar_resnet.ipynb") & (local_frame.name == "baseline")].iloc[0]
    # No input reaches it, but its first layer fixes the width: drawn from a symbolic batch
    # (issue 18), so its output shape is known up to that batch and nothing is unknown.
    assert baseline["total_params"] == 789258 and list(baseline["output_shape"]) == ["B", 10]
    assert baseline["unknown_reason"] is None


def test_failed_files_are_rows_with_the_error(local_frame):
    failed = local_frame[local_frame.error.notna()].set_index("file")
    assert sorted(failed.index) == ["fixtures/hostile/binary.py", "fixtures/hostile/nb_truncated.ipynb"]
    assert failed.loc["fixtures/hostile/nb_truncated.ipynb", "failure"] == "document"
    assert failed.loc["fixtures/hostile/nb_truncated.ipynb", "error"].startswith("fixtures/hostile/nb_truncated.ipynb: not valid notebook JSON")
    assert failed.name.isna().all() and failed.total_params.isna().all()


def test_dask_local_cluster_gives_the_same_frame(local_frame, dask_client):
    assert len(dask_client.scheduler_info()["workers"]) == 2
    remote = scan(CORPUS, client=dask_client)
    pd.testing.assert_frame_equal(remote, local_frame)
    # more partitions than workers, and one file per partition, still the same
    pd.testing.assert_frame_equal(scan(CORPUS, client=dask_client, partitions=7), local_frame)


def test_glob_patterns_and_no_match(local_frame):
    df = scan("examples/*.ipynb")
    pd.testing.assert_frame_equal(df, local_frame[local_frame.file.str.startswith("examples/")].reset_index(drop=True))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        empty = scan("no/such/**/*.ipynb")
    assert len(empty) == 0 and list(empty.columns) == COLUMNS
    assert any("nothing matches no/such/**/*.ipynb" in str(w.message) for w in caught)


def test_archlens_cli_names_another_cli(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHLENS_CLI", str(tmp_path / "missing.js"))
    with pytest.raises(RuntimeError, match="ARCHLENS_CLI names"):
        scan("examples")


def test_the_installed_package_ships_the_cli(tmp_path):
    """The wheel carries archlens.js and its two wasm files, and they run on their own."""
    env = {k: v for k, v in os.environ.items() if k not in ("ARCHLENS_CLI", "PYTHONPATH")}
    code = "import jupyterlab_archlens._cli as c; print(c.cli_path())"
    found = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    if found.returncode != 0:
        pytest.skip("jupyterlab_archlens is not installed in this Python (bash scripts/setup.sh installs it)")
    cli = Path(found.stdout.strip())
    assert (cli.name, cli.parent.name, cli.parent.parent.name) == ("archlens.js", "cli", "jupyterlab_archlens")
    assert sorted(p.name for p in (cli.parent / "wasm").iterdir()) == ["tree-sitter-python.wasm", "web-tree-sitter.wasm"]
    out = subprocess.run(["node", str(cli), "extract", str(ROOT / "examples" / "cifar_resnet.ipynb")], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["models"][0]["params"]["total"] == 272474
