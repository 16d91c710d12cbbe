#!/usr/bin/python3
"""Writes the checkpoint fixtures of tests/data/checkpoints with PyTorch and NumPy:

  course.safetensors        the lecture's network (seed 0, PyTorch's default init) with fc1's
                            weight re-initialized by xavier_normal_, in float32; its output
                            layer stored as bfloat16 and float16 (to test the conversions)
  course.reference.json     NumPy's statistics of every tensor (as float64 of the stored values)
  course.npz                the same tensors as float32 arrays (np.savez_compressed)
  lying.npz                 a zip whose entry inflates past the size its headers declare
  course.pt                 the same state_dict saved by torch.save (zip + data.pkl)
  evil.pt                   a torch.save'd dict whose pickle calls os.system (must be refused
                            without running: it would create evil-ran.txt in the current folder)

The safetensors file is written by hand from the format's definition (8-byte little-endian
header length, JSON header, data), so no safetensors package is needed.
Run: /usr/bin/python3 scripts/make_checkpoint_fixtures.py
"""
import io
import json
import os
import struct
import zipfile

import numpy as np
import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "checkpoints")


def course_state():
    torch.manual_seed(0)
    sizes = [100, 100, 100, 100, 100, 2]
    names = ["input", "fc1", "fc2", "fc3", "output"]
    layers = [torch.nn.Linear(sizes[i], sizes[i + 1]) for i in range(5)]
    torch.nn.init.xavier_normal_(layers[1].weight)
    state = {}
    for name, layer in zip(names, layers):
        state[name + ".weight"] = layer.weight.detach()
        state[name + ".bias"] = layer.bias.detach()
    state["output.weight"] = state["output.weight"].to(torch.bfloat16)
    state["output.bias"] = state["output.bias"].to(torch.float16)
    return state


DTYPES = {torch.float32: "F32", torch.bfloat16: "BF16", torch.float16: "F16"}


def raw_bytes(tensor):
    if tensor.dtype == torch.bfloat16:
        return tensor.contiguous().view(torch.int16).numpy().astype("<i2").tobytes()
    return tensor.contiguous().numpy().astype(tensor.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, state):
    header, blobs, offset = {"__metadata__": {"format": "pt", "source": "make_checkpoint_fixtures.py"}}, [], 0
    for name, tensor in state.items():
        data = raw_bytes(tensor)
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


class Evil:
    """Unpickling this runs a shell command: what a malicious checkpoint does."""

    def __reduce__(self):
        return (os.system, ("touch evil-ran.txt",))


def write_lying_npz(path):
    """One deflated 1000-float entry whose local and central headers claim 100 bytes."""
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(1000, dtype="<f4"))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("w.npy", buffer.getvalue())
    data = bytearray(archive.getvalue())
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 100)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)
    with open(path, "wb") as f:
        f.write(bytes(data))


def main():
    os.makedirs(HERE, exist_ok=True)
    state = course_state()
    write_safetensors(os.path.join(HERE, "course.safetensors"), state)
    reference = {}
    for name, tensor in state.items():
        values = tensor.to(torch.float64).numpy()
        reference[name] = {"dtype": str(tensor.dtype).replace("torch.", ""),
                           "shape": list(tensor.shape), "n": int(values.size),
                           "mean": float(values.mean()), "std": float(values.std()),
                           "min": float(values.min()), "max": float(values.max())}
    np.savez_compressed(os.path.join(HERE, "course.npz"),
                        **{name: tensor.to(torch.float32).numpy() for name, tensor in state.items()})
    write_lying_npz(os.path.join(HERE, "lying.npz"))
    torch.save(state, os.path.join(HERE, "course.pt"))
    torch.save({"weight": torch.zeros(2), "payload": Evil()}, os.path.join(HERE, "evil.pt"))
    with open(os.path.join(HERE, "course.reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
