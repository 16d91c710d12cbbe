#!/usr/bin/python3
"""numpy's singular values of the parity fixtures' weights, for tests/core/tst_weight_spectrum.cpp.

Run with Debian's interpreter and python3-numpy, after scripts/make_parity_fixtures.py:

    /usr/bin/python3 scripts/make_spectrum_fixture.py [--parity tests/data/parity]
                                                      [--out tests/data/spectrum/singular_values.json]

For every weight of every fma network case in <parity>/manifest.json, the tensor is read from its
.npy file, viewed as a matrix shape[0] × rest (as Tensor::matrix() and orthogonal_ see it), cast
to float64 and passed to numpy.linalg.svd(..., compute_uv=False). Output:

{
  "format": 1, "numpy_version": str,
  "tensors": [{"case": "mixed", "tensor": "o1.weight", "file": "fma/net_mixed_o1.weight.npy",
               "shape": [64, 32], "matrix": [64, 32],
               "singular_values": [...]}]   # descending, every float round-trips exactly
}
"""

import argparse
import json
import os

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parity", default="tests/data/parity")
    parser.add_argument("--out", default="tests/data/spectrum/singular_values.json")
    args = parser.parse_args()
    with open(os.path.join(args.parity, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    tensors = []
    for case in manifest["network_cases"]:
        if case["flavour"] != "fma":
            continue
        for t in case["tensors"]:
            if not t["name"].endswith(".weight"):
                continue
            w = np.load(os.path.join(args.parity, t["file"]))
            m = w.reshape(w.shape[0], -1).astype(np.float64)
            s = np.linalg.svd(m, compute_uv=False)
            tensors.append({"case": case["name"], "tensor": t["name"], "file": t["file"],
                            "shape": list(w.shape), "matrix": list(m.shape),
                            "singular_values": [float(v) for v in s]})
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"format": 1, "numpy_version": np.__version__, "tensors": tensors}, f, indent=1)
        f.write("\n")
    print(f"{args.out}: {len(tensors)} tensors")


if __name__ == "__main__":
    main()
