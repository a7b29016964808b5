"""Truth for fixtures/pyenv (the fake environment's tiny model library, read as source by
tests/env/library.test.ts, tests/cli/cli.test.ts and ui-tests/tests/pyenv.spec.ts).

Run in the truth environment (torch 2.13.0):
    /work/venvs/truth/bin/python scripts/truth/gen_pyenv_expected.py
Writes fixtures/pyenv/expected.json: total parameters, buffers and the output shape of the
models the tests build.
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "pyenv")
sys.path[:0] = [os.path.join(ROOT, "venv", "lib", "python3.11", "site-packages"), os.path.join(ROOT, "extra")]

import torch  # noqa: E402
import tinyextra  # noqa: E402
import tinyzoo  # noqa: E402
from tinyzoo.models.convnet import TinyConvNet  # noqa: E402


def counts(m):
    return {"total": sum(p.numel() for p in m.parameters()), "buffers": sum(b.numel() for b in m.buffers())}


net = tinyzoo.create_model("tiny_convnet")
out = {
    "net": {**counts(net), "output": list(net(torch.zeros(2, 3, 32, 32)).shape)},
    "wide": counts(tinyzoo.create_model("tiny_convnet_wide", num_classes=5)),
    "gray": counts(TinyConvNet(in_chans=1)),
    "head": counts(tinyextra.mlp()),
}
with open(os.path.join(ROOT, "expected.json"), "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(json.dumps(out))
