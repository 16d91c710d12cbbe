#!/usr/bin/python3
"""Golden PyTorch fixtures for InitScope's bit-exact random kernels (docs: torch-parity.md).

Run with Debian's interpreter and python3-torch 1.13.1:

    /usr/bin/python3 scripts/make_parity_fixtures.py [--out tests/data/parity]

The script re-runs itself once per flavour in a child process with ATEN_CPU_CAPABILITY set
before torch is imported: "avx2" gives the *fma* flavour, "default" the *portable* flavour
(the child checks torch.__config__.show() to be sure). Output, relative to --out:

    manifest.json            everything below, one file
    fma/*.npy, portable/*.npy  float32 ('<f4') or int64 ('<i8') arrays, C order, numpy format 1.0

manifest.json:
{
  "format": 1, "torch_version": "1.13.1+dfsg-4 (torch.__version__ 1.13.0a0)",
  "flavours": {"fma": "ATEN_CPU_CAPABILITY=avx2", "portable": "ATEN_CPU_CAPABILITY=default"},
  "kernel_cases": [            # replayed by tests/core/tst_random_kernels.cpp
    {"name": str, "flavour": "fma"|"portable",
     "seed": int,              # as given to torch.manual_seed (may be negative or >= 2**32)
     "seed_uint64": str,       # the same seed as a decimal uint64 (two's complement)
     "ops": [                  # run in order on ONE generator after manual_seed(seed)
       {"op": "uniform_", "numel": n, "from": a, "to": b, "file": path},
       {"op": "normal_",  "numel": n, "mean": m, "std": s, "file": path},
       {"op": "randperm", "n": n, "file": path},               # int64 result
       {"op": "erfinv_",  "input": path, "file": path},        # no generator use
       # a large uniform_ stored only partly: "window" is values[start:start+len(file)],
       # "sha256" the hex digest of all n values as little-endian float32 bytes,
       # "count_equal_to" the number of values == value and the first such index.
       {"op": "uniform_", "numel": n, "from": a, "to": b,
        "window": {"start": i, "file": path}, "sha256": hex,
        "count_equal_to": {"value": v, "count": c, "first_index": i}}
     ]}],
  "network_cases": [           # replayed by the network materialisation test
    {"name": str, "flavour": ..., "seed": int, "seed_uint64": str,
     "layers": [               # constructed in this order right after manual_seed(seed)
       {"name": "fc1", "kind": "linear", "in_features": 100, "out_features": 100, "bias": true},
       {"name": "c1", "kind": "conv2d"|"conv1d", "in_channels": 3, "out_channels": 16,
        "kernel_size": [3, 3], "bias": true}],
     "inits": [                # then applied in this order (torch.nn.init.<fn>(tensor, **kwargs))
       {"tensor": "c1.weight", "fn": "kaiming_normal_",
        "kwargs": {"mode": "fan_out", "nonlinearity": "relu"}}],
     "tensors": [              # final values of every parameter, in layer order
       {"name": "c1.weight", "shape": [16, 3, 3, 3], "file": path,
        "exact": bool,         # false only where a QR decomposition (orthogonal_) is involved
        "tolerance": float}]}] # max abs difference allowed when exact is false
}
Integers that exceed 2**53 never occur; every float in the manifest round-trips exactly.
trunc_normal_ results are those of PyTorch <= 2.11 (inverse-CDF with erfinv_).
"""

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys

FLAVOURS = {"fma": "avx2", "portable": "default"}
SEEDS = [0, 1, 42, -1, -12345, 2**32 + 7, 2**40]
NORMAL_SIZES = [1, 5, 15, 16, 17, 33, 100, 1000, 10007]
BIG_NORMAL_SEEDS = {0, -1, 2**40}  # the 10007-element case only for these (fixture size)


def seed_u64(seed):
    return str(seed & (2**64 - 1))


class Writer:
    """Saves arrays under <out>/<flavour>/ and returns manifest-relative paths."""

    def __init__(self, out, flavour):
        self.out, self.flavour = out, flavour
        os.makedirs(os.path.join(out, flavour), exist_ok=True)

    def save(self, name, array):
        import numpy as np
        rel = f"{self.flavour}/{name}.npy"
        arr = np.ascontiguousarray(array)
        assert arr.dtype in (np.float32, np.int64), arr.dtype
        np.save(os.path.join(self.out, rel), arr.astype(arr.dtype.newbyteorder("<")))
        return rel


def kernel_cases(w, flavour):
    import numpy as np
    import torch
    cases = []

    def run(name, seed, steps):
        torch.manual_seed(seed)
        ops = []
        for k, step in enumerate(steps + [("uniform_", 8, 0.0, 1.0)]):  # last: a draw-count sentinel
            fname = f"{name}_{k}"
            if step[0] == "uniform_":
                _, n, a, b = step
                t = torch.empty(n).uniform_(a, b)
                ops.append({"op": "uniform_", "numel": n, "from": a, "to": b,
                            "file": w.save(fname, t.numpy())})
            elif step[0] == "normal_":
                _, n, m, s = step
                t = torch.empty(n).normal_(m, s)
                ops.append({"op": "normal_", "numel": n, "mean": m, "std": s,
                            "file": w.save(fname, t.numpy())})
            elif step[0] == "randperm":
                _, n = step
                t = torch.randperm(n)
                assert t.dtype == torch.int64
                ops.append({"op": "randperm", "n": n, "file": w.save(fname, t.numpy())})
        cases.append({"name": name, "flavour": flavour, "seed": seed, "seed_uint64": seed_u64(seed),
                      "ops": ops})

    for i, seed in enumerate(SEEDS):
        run(f"uniform_s{i}", seed, [("uniform_", 1000, -1 / math.sqrt(100), 1 / math.sqrt(100)),
                                    ("uniform_", 777, -0.3, 0.9),
                                    ("uniform_", 333, 0.5, 1.5),
                                    ("uniform_", 100, 0.0, 1.0)])
        for size in NORMAL_SIZES:
            if size > 1000 and seed not in BIG_NORMAL_SEEDS:
                continue
            mean, std = [(0.0, 1.0), (0.1, 0.7), (-0.3, 0.02)][NORMAL_SIZES.index(size) % 3]
            run(f"normal_s{i}_n{size}", seed, [("normal_", size, mean, std)])
        # the cached second Box-Muller sample carries over between small calls (and past a large one)
        run(f"normal_cache_s{i}", seed, [("normal_", 5, 0.0, 1.0), ("normal_", 3, 1.0, 0.5),
                                        ("normal_", 1, -2.0, 3.0), ("normal_", 7, 0.1, 0.01),
                                        ("normal_", 16, 0.0, 1.0), ("normal_", 1, 0.0, 2.0),
                                        ("normal_", 2, 0.5, 0.25)])
        run(f"randperm_s{i}", seed, [("randperm", n) for n in (1, 2, 3, 10, 100, 1000)])

    # erfinv_ on a spread of inputs: a grid, edges of the two branches, tiny values, +-1, outside.
    rng = np.random.default_rng(20240611)
    edge = np.float32(0.7)
    x = np.concatenate([
        np.linspace(-1, 1, 2001, dtype=np.float32),
        rng.uniform(-1, 1, 2000).astype(np.float32),
        (1 - rng.uniform(0, 1e-3, 200)).astype(np.float32),
        np.array([0.0, -0.0, 1.0, -1.0, edge, -edge, np.nextafter(edge, np.float32(1)),
                  np.nextafter(edge, np.float32(0)), 1e-30, -1e-38, 5e-8, 0.99999994, -0.99999994,
                  1.5, -2.0], dtype=np.float32)])
    inp = w.save("erfinv_input", x)
    t = torch.from_numpy(x.copy())
    t.erfinv_()
    cases.append({"name": "erfinv", "flavour": flavour, "seed": 0, "seed_uint64": "0",
                  "ops": [{"op": "erfinv_", "input": inp, "file": w.save("erfinv_output", t.numpy())}]})

    # uniform_(0.5, 1.5) after seed 3 hits exactly 1.5 at index 3641423 (PyTorch 1.13 semantics).
    n, start = 3641424, 3641416
    torch.manual_seed(3)
    t = torch.empty(n).uniform_(0.5, 1.5)
    v = t.numpy()
    hits = np.flatnonzero(v == np.float32(1.5))
    sentinel = torch.empty(8).uniform_(0.0, 1.0)
    cases.append({"name": "uniform_hits_to", "flavour": flavour, "seed": 3, "seed_uint64": "3", "ops": [
        {"op": "uniform_", "numel": n, "from": 0.5, "to": 1.5,
         "window": {"start": start, "file": w.save("uniform_hits_to_window", v[start:])},
         "sha256": hashlib.sha256(v.astype("<f4").tobytes()).hexdigest(),
         "count_equal_to": {"value": 1.5, "count": int(hits.size),
                            "first_index": int(hits[0]) if hits.size else -1}},
        {"op": "uniform_", "numel": 8, "from": 0.0, "to": 1.0,
         "file": w.save("uniform_hits_to_sentinel", sentinel.numpy())}]})
    return cases


def network_cases(w, flavour):
    import torch
    from torch import nn
    cases = []

    def build(name, seed, layers, inits, inexact=()):
        torch.manual_seed(seed)
        modules = {}
        for spec in layers:
            kind = spec["kind"]
            if kind == "linear":
                modules[spec["name"]] = nn.Linear(spec["in_features"], spec["out_features"],
                                                  bias=spec["bias"])
            else:
                cls = nn.Conv1d if kind == "conv1d" else nn.Conv2d
                modules[spec["name"]] = cls(spec["in_channels"], spec["out_channels"],
                                            tuple(spec["kernel_size"]), bias=spec["bias"])
        for call in inits:
            layer, param = call["tensor"].split(".")
            getattr(nn.init, call["fn"])(getattr(modules[layer], param), **call["kwargs"])
        tensors = []
        for spec in layers:
            for pname, p in modules[spec["name"]].named_parameters():
                full = f"{spec['name']}.{pname}"
                entry = {"name": full, "shape": list(p.shape),
                         "file": w.save(f"net_{name}_{full}", p.detach().numpy()),
                         "exact": full not in inexact}
                if full in inexact:
                    entry["tolerance"] = 1e-5
                tensors.append(entry)
        cases.append({"name": name, "flavour": flavour, "seed": seed, "seed_uint64": seed_u64(seed),
                      "layers": layers, "inits": inits, "tensors": tensors})

    def linear(name, fin, fout):
        return {"name": name, "kind": "linear", "in_features": fin, "out_features": fout, "bias": True}

    def conv(name, kind, cin, cout, kernel):
        return {"name": name, "kind": kind, "in_channels": cin, "out_channels": cout,
                "kernel_size": kernel, "bias": True}

    course = [linear("input", 100, 100), linear("fc1", 100, 100), linear("fc2", 100, 100),
              linear("fc3", 100, 100), linear("output", 100, 2)]
    build("course_default", 0, course, [])
    build("course_xavier_normal", 0, course,
          [{"tensor": f"{l['name']}.weight", "fn": "xavier_normal_", "kwargs": {}} for l in course])
    build("convnet", 7, [conv("c1", "conv2d", 3, 16, [3, 3]), conv("c2", "conv2d", 16, 32, [3, 3]),
                         linear("fc", 32 * 8 * 8, 10)],
          [{"tensor": "c1.weight", "fn": "kaiming_normal_",
            "kwargs": {"mode": "fan_out", "nonlinearity": "relu"}},
           {"tensor": "fc.weight", "fn": "xavier_uniform_", "kwargs": {}}])
    build("mixed", 3,
          [linear("t", 64, 48), linear("o1", 32, 64), linear("o2", 64, 32), linear("s", 20, 30),
           linear("b", 30, 10), linear("e", 16, 16), conv("d", "conv2d", 8, 8, [3, 3]),
           conv("k", "conv1d", 4, 6, [5])],
          [{"tensor": "t.weight", "fn": "trunc_normal_",
            "kwargs": {"mean": 0.0, "std": 0.02, "a": -0.04, "b": 0.04}},
           {"tensor": "o1.weight", "fn": "orthogonal_", "kwargs": {}},
           {"tensor": "o2.weight", "fn": "orthogonal_", "kwargs": {"gain": 2.0}},
           {"tensor": "s.weight", "fn": "sparse_", "kwargs": {"sparsity": 0.3, "std": 0.01}},
           {"tensor": "b.bias", "fn": "normal_", "kwargs": {"mean": 0.1, "std": 0.3}},
           {"tensor": "e.weight", "fn": "eye_", "kwargs": {}},
           {"tensor": "d.weight", "fn": "dirac_", "kwargs": {}},
           {"tensor": "d.bias", "fn": "constant_", "kwargs": {"val": 0.1}},
           {"tensor": "k.weight", "fn": "kaiming_uniform_",
            "kwargs": {"a": 0.1, "mode": "fan_in", "nonlinearity": "leaky_relu"}}],
          inexact={"o1.weight", "o2.weight"})
    return cases


def child(flavour, out):
    import torch
    want = {"fma": "CPU capability usage: AVX2", "portable": "CPU capability usage: NO AVX"}[flavour]
    if want not in torch.__config__.show():
        sys.exit(f"{flavour}: ATEN_CPU_CAPABILITY={FLAVOURS[flavour]} was not honoured")
    torch.set_num_threads(1)
    w = Writer(out, flavour)
    json.dump({"torch": torch.__version__, "kernel_cases": kernel_cases(w, flavour),
               "network_cases": network_cases(w, flavour)}, sys.stdout)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(here, "..", "tests", "data", "parity"))
    parser.add_argument("--child", choices=sorted(FLAVOURS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    if args.child:
        child(args.child, out)
        return
    manifest = {"format": 1, "generator": "scripts/make_parity_fixtures.py",
                "flavours": {f: f"ATEN_CPU_CAPABILITY={c}" for f, c in FLAVOURS.items()},
                "kernel_cases": [], "network_cases": []}
    for flavour, capability in FLAVOURS.items():
        env = dict(os.environ, ATEN_CPU_CAPABILITY=capability)
        res = subprocess.run([sys.executable, os.path.abspath(__file__), "--out", out,
                              "--child", flavour], env=env, check=True, stdout=subprocess.PIPE)
        part = json.loads(res.stdout)
        manifest["torch_version"] = part["torch"]
        manifest["kernel_cases"] += part["kernel_cases"]
        manifest["network_cases"] += part["network_cases"]
    try:
        deb = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"],
                             capture_output=True, text=True).stdout.strip()
        if deb:
            manifest["torch_version"] = f"{deb} (torch.__version__ {manifest['torch_version']})"
    except OSError:
        pass
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(out) for n in ns)
    print(f"wrote {len(manifest['kernel_cases'])} kernel and {len(manifest['network_cases'])} "
          f"network cases to {out} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
