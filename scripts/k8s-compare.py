#!/usr/bin/env python3
"""Compare two multi-document Kubernetes YAML streams object by object, ignoring order and
formatting. Usage: k8s-compare.py BEFORE.yaml AFTER.yaml. Exit 1 on any difference."""
import sys

import yaml


def load(path):
    objs = {}
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            if not doc:
                continue
            meta = doc.get("metadata", {})
            key = (doc.get("kind"), meta.get("namespace", ""), meta.get("name"))
            if key in objs:
                sys.exit(f"{path}: {key} twice")
            objs[key] = doc
    return objs


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append(f"  {path}.{k}: only after: {b[k]!r}")
            elif k not in b:
                out.append(f"  {path}.{k}: only before: {a[k]!r}")
            else:
                diff(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", out)
    elif a != b or type(a) is not type(b):
        out.append(f"  {path}: before {a!r}, after {b!r}")


before, after = load(sys.argv[1]), load(sys.argv[2])
problems = []
for key in sorted(set(before) | set(after), key=str):
    if key not in after:
        problems.append(f"{key}: missing after")
    elif key not in before:
        problems.append(f"{key}: new after")
    else:
        out = []
        diff(before[key], after[key], "", out)
        if out:
            problems.append(f"{key}:")
            problems.extend(out)
print("\n".join(problems) if problems else f"same {len(before)} objects")
sys.exit(1 if problems else 0)
