#!/usr/bin/env python3
"""Truth for fixtures/torchvision_files/: torchvision's own model files read on their own.

Run with Debian's torch + torchvision (never in CI):
    apt-get install -y python3-torch python3-torchvision      # 1.13.1 / 0.14.1
    /usr/bin/python3 scripts/truth/gen_torchvision_files_expected.py [--copy] [--check]

Every case is one file of the installed torchvision.models package (FILES below), copied
byte for byte with ONE line appended that builds a model (`model = resnet18()`), and put
under fixtures/torchvision_files/ WITHOUT the rest of the package: its relative imports
(`from ..ops.misc import MLP`) cannot be followed there. The analyzer must answer each with
the exact truth or "unknown", never a wrong number (issue 15).

  --copy   (re)write the copies from the installed package, each with its first line
           appended (the file's name is the module path with '.' -> '_' for sub-packages)
  --check  recompute and exit 1 if expected.json or a copy differs from what is committed
  (none)   recompute fixtures/torchvision_files/expected.json

Truth of a line: the line is run in a copy of the namespace of the REAL module
(importlib.import_module('torchvision.models.resnet')), i.e. the file inside its package,
which is what the code means. Recorded: class, total and trainable parameters
(parameters() dedups shared tensors), buffer elements. The other lines listed for a file
("variants") are checked the same way by the test, which replaces the appended line with
each of them. The script also checks that every copy is the installed file plus its line.
"""
import importlib
import json
import os
import sys
import warnings

import torch
import torchvision

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DST = os.path.join(ROOT, "fixtures", "torchvision_files")
GENERATED_BY = "scripts/truth/gen_torchvision_files_expected.py"

# module (under torchvision.models) -> lines, the first one appended to the committed copy
FILES = [
    ("alexnet", ["model = alexnet()", "model = alexnet(num_classes=10)"]),
    ("convnext", ["model = convnext_tiny()", "model = convnext_small()", "model = convnext_tiny(num_classes=10)"]),
    ("densenet", ["model = densenet121()", "model = densenet161()", "model = densenet201(num_classes=10)"]),
    ("efficientnet", ["model = efficientnet_b0()", "model = efficientnet_b3()", "model = efficientnet_v2_s()"]),
    ("googlenet", ["model = googlenet()", "model = googlenet(aux_logits=False, init_weights=True)"]),
    ("inception", ["model = inception_v3()", "model = inception_v3(aux_logits=False, init_weights=True)"]),
    ("maxvit", ["model = maxvit_t()", "model = maxvit_t(num_classes=10)"]),
    ("mnasnet", ["model = mnasnet1_0()", "model = mnasnet0_5()", "model = mnasnet1_3(num_classes=10)"]),
    ("mobilenetv2", ["model = mobilenet_v2()", "model = mobilenet_v2(width_mult=0.5, num_classes=10)"]),
    ("mobilenetv3", ["model = mobilenet_v3_large()", "model = mobilenet_v3_small()", "model = mobilenet_v3_small(num_classes=10)"]),
    ("regnet", ["model = regnet_y_400mf()", "model = regnet_x_800mf()", "model = regnet_y_1_6gf(num_classes=10)"]),
    ("resnet", ["model = resnet18()", "model = resnet50()", "model = resnext50_32x4d()", "model = wide_resnet50_2()",
                "model = resnet34(num_classes=10)"]),
    ("shufflenetv2", ["model = shufflenet_v2_x1_0()", "model = shufflenet_v2_x0_5()", "model = shufflenet_v2_x2_0(num_classes=10)"]),
    ("squeezenet", ["model = squeezenet1_0()", "model = squeezenet1_1()", "model = squeezenet1_1(num_classes=10)"]),
    ("swin_transformer", ["model = swin_t()", "model = swin_v2_t()", "model = swin_t(num_classes=10)"]),
    ("vgg", ["model = vgg16()", "model = vgg11_bn()", "model = vgg19(num_classes=10)"]),
    ("vision_transformer", ["model = vit_b_16()", "model = vit_b_32()", "model = vit_b_16(num_classes=10)"]),
    ("video.resnet", ["model = r3d_18()", "model = r2plus1d_18()", "model = mc3_18(num_classes=10)"]),
    ("video.s3d", ["model = s3d()", "model = s3d(num_classes=10)"]),
    ("video.mvit", ["model = mvit_v1_b()", "model = mvit_v2_s()"]),
    ("optical_flow.raft", ["model = raft_small()", "model = raft_large()"]),
    ("segmentation.lraspp", ["model = lraspp_mobilenet_v3_large(weights_backbone=None)"]),
    ("segmentation.fcn", ["model = fcn_resnet50(weights_backbone=None)", "model = fcn_resnet50(weights_backbone=None, aux_loss=True, num_classes=5)"]),
    ("detection.ssdlite", ["model = ssdlite320_mobilenet_v3_large(weights_backbone=None)"]),
]


def file_name(module: str) -> str:
    return module.replace(".", "_") + ".py"


def installed_path(module: str) -> str:
    mod = importlib.import_module("torchvision.models." + module)
    return mod.__file__


def with_line(text: str, line: str) -> str:
    if not text.endswith("\n"):
        text += "\n"
    return text + line + "\n"


def count(m):
    seen = set()
    total = trainable = 0
    for p in m.parameters():
        if id(p) in seen:
            continue
        seen.add(id(p))
        total += p.numel()
        if p.requires_grad:
            trainable += p.numel()
    return total, trainable


def truth(module: str, line: str):
    mod = importlib.import_module("torchvision.models." + module)
    ns = dict(vars(mod))
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(line, file_name(module), "exec"), ns)
    m = ns["model"]
    total, trainable = count(m)
    return {"append": line, "class": type(m).__name__, "total": total, "trainable": trainable,
            "buffers": sum(b.numel() for b in m.buffers())}


def build():
    files = []
    for module, lines in FILES:
        files.append({"file": file_name(module), "module": "torchvision.models." + module,
                      "cases": [truth(module, ln) for ln in lines]})
    return {"generated_by": GENERATED_BY,
            "torch": torch.__version__.split("+")[0].split("a")[0],
            "torchvision": torchvision.__version__.split("+")[0].split("a")[0],
            "source": "Debian python3-torchvision (/usr/lib/python3/dist-packages/torchvision/models)",
            "files": files}


def expected_copy(module: str, lines):
    with open(installed_path(module), encoding="utf-8") as f:
        return with_line(f.read(), lines[0])


def main(argv):
    torch.set_num_threads(1)
    check = "--check" in argv
    if "--copy" in argv:
        os.makedirs(DST, exist_ok=True)
        for module, lines in FILES:
            with open(os.path.join(DST, file_name(module)), "w", encoding="utf-8") as f:
                f.write(expected_copy(module, lines))
    ok = True
    for module, lines in FILES:
        path = os.path.join(DST, file_name(module))
        with open(path, encoding="utf-8") as f:
            if f.read() != expected_copy(module, lines):
                print(f"{file_name(module)}: not the installed file plus '{lines[0]}' (run --copy)")
                ok = False
    text = json.dumps(build(), indent=1) + "\n"
    out = os.path.join(DST, "expected.json")
    if check:
        with open(out, encoding="utf-8") as f:
            same = f.read() == text
        print(f"expected.json {'up to date' if same else 'DIFFERS'}; copies {'ok' if ok else 'DIFFER'}")
        sys.exit(0 if same and ok else 1)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{len(FILES)} files, {sum(len(ls) for _, ls in FILES)} cases")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv)
