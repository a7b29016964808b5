#!/usr/bin/env python3
"""Ground truth for common torchvision.models constructors.

Run with Debian's torch + torchvision (apt-get install python3-torch python3-torchvision):
    /usr/bin/python3 scripts/truth/gen_torchvision_expected.py
Writes fixtures/torch/torchvision_expected.json (deterministic).

For every constructor, with weights=None, once with its default num_classes and once with
num_classes=10: total / trainable parameters (parameters() dedups shared tensors), buffer
elements, and the output shape in eval mode for a 1x3x224x224 input (1x3x299x299 for
inception_v3).
"""
import json
import os
import sys
import warnings

import torch
import torchvision
import torchvision.models as models

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "fixtures", "torch", "torchvision_expected.json")

CONSTRUCTORS = [
    ("alexnet", {}),
    ("vgg11", {}), ("vgg11_bn", {}), ("vgg16", {}), ("vgg16_bn", {}), ("vgg19", {}), ("vgg19_bn", {}),
    ("resnet18", {}), ("resnet34", {}), ("resnet50", {}), ("resnet101", {}), ("resnet152", {}),
    ("resnext50_32x4d", {}), ("wide_resnet50_2", {}),
    ("densenet121", {}), ("densenet169", {}), ("densenet201", {}),
    ("squeezenet1_0", {}), ("squeezenet1_1", {}),
    ("mobilenet_v2", {}), ("mobilenet_v3_small", {}), ("mobilenet_v3_large", {}),
    ("efficientnet_b0", {}), ("efficientnet_b1", {}), ("efficientnet_b2", {}), ("efficientnet_b3", {}),
    ("googlenet", {"aux_logits": False, "init_weights": True}),
    ("googlenet", {"aux_logits": True, "init_weights": True}),
    ("inception_v3", {"aux_logits": True, "init_weights": True}),
    ("inception_v3", {"aux_logits": False, "init_weights": True}),
    ("shufflenet_v2_x1_0", {}),
    ("mnasnet1_0", {}),
    ("regnet_y_400mf", {}),
    ("convnext_tiny", {}),
    ("vit_b_16", {}),
    ("swin_t", {}),
]


def shape_of(x):
    if isinstance(x, torch.Tensor):
        return [int(d) for d in x.shape]
    if isinstance(x, (tuple, list)):
        return [shape_of(v) for v in x]
    return None


def main():
    torch.manual_seed(0)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    rows = []
    for name, kw in CONSTRUCTORS:
        for nc in (None, 10):
            kwargs = dict(kw, weights=None)
            if nc is not None:
                kwargs["num_classes"] = nc
            fn = getattr(models, name, None)
            if fn is None:
                print("missing in this torchvision:", name, file=sys.stderr)
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m = fn(**kwargs)
            m.eval()
            size = 299 if name == "inception_v3" else 224
            with torch.no_grad():
                out = m(torch.randn(1, 3, size, size))
            seen = set()
            total = trainable = 0
            for p in m.parameters():
                if id(p) in seen:
                    continue
                seen.add(id(p))
                total += p.numel()
                trainable += p.numel() if p.requires_grad else 0
            rows.append({
                "constructor": "torchvision.models." + name,
                "kwargs": {k: v for k, v in sorted(kwargs.items())},
                "class": type(m).__name__,
                "total": total,
                "trainable": trainable,
                "buffers": sum(b.numel() for b in m.buffers()),
                "input_shape": [1, 3, size, size],
                "output_shape": shape_of(out),
            })
            print(name, kwargs, total, file=sys.stderr)
    doc = {
        "generated_by": "scripts/truth/gen_torchvision_expected.py",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "note": "Debian python3-torch / python3-torchvision; weights=None; eval mode",
        "models": rows,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"{len(rows)} rows -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
