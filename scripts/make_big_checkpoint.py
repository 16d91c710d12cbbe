#!/usr/bin/python3
"""Writes a large sharded safetensors checkpoint shaped like Llama-3-8B, to test how InitScope
opens and analyses big models (memory-mapped, chunked) — never commit its output.

  python3 scripts/make_big_checkpoint.py --out DIR [--layers 32] [--hidden 4096] [--vocab 128256]
                                         [--shard-gb 5] [--seed 0]

DIR receives model-0000K-of-0000N.safetensors shards and model.safetensors.index.json, as
Hugging Face writes them. The tensors, all bfloat16, per layer i of --layers:
  model.layers.i.input_layernorm.weight, .post_attention_layernorm.weight   [H]
  model.layers.i.self_attn.{q,o}_proj.weight                                [H, H]
  model.layers.i.self_attn.{k,v}_proj.weight                                [H/4, H]
  model.layers.i.mlp.{gate,up}_proj.weight                                  [3.5·H, H]
  model.layers.i.mlp.down_proj.weight                                       [H, 3.5·H]
and model.embed_tokens.weight, lm_head.weight [V, H], model.norm.weight [H]. With the defaults
(H = 4096, 3.5·H = 14336, V = 128256) and 32 layers that is Llama-3-8B: 8.03e9 values, 16 GB;
--layers 4 gives 1.9e9 values, 3.9 GB.

Values: weights N(0, 0.02²) — the initializer_range of Llama's config — except every fourth
layer's mlp weights, scaled by 3 (as if training had moved them); norms 1 + N(0, 0.01²). bfloat16
by round-to-nearest-even of float32 normals from numpy's PCG64 (--seed). Written in chunks of 4M
values, so the script needs about 100 MB of memory whatever the size. Needs python3 and numpy only.
"""
import argparse
import json
import os
import struct
import sys
import time

import numpy as np

CHUNK = 1 << 22  # values generated and written at a time


def tensors(layers, hidden, vocab):
    """(name, shape, std, mean) of every tensor, in file order."""
    inter, kv = hidden * 7 // 2, hidden // 4
    out = [("model.embed_tokens.weight", (vocab, hidden), 0.02, 0.0)]
    for i in range(layers):
        p = "model.layers.%d." % i
        mlp_std = 0.06 if i % 4 == 3 else 0.02
        out += [
            (p + "input_layernorm.weight", (hidden,), 0.01, 1.0),
            (p + "self_attn.q_proj.weight", (hidden, hidden), 0.02, 0.0),
            (p + "self_attn.k_proj.weight", (kv, hidden), 0.02, 0.0),
            (p + "self_attn.v_proj.weight", (kv, hidden), 0.02, 0.0),
            (p + "self_attn.o_proj.weight", (hidden, hidden), 0.02, 0.0),
            (p + "post_attention_layernorm.weight", (hidden,), 0.01, 1.0),
            (p + "mlp.gate_proj.weight", (inter, hidden), mlp_std, 0.0),
            (p + "mlp.up_proj.weight", (inter, hidden), mlp_std, 0.0),
            (p + "mlp.down_proj.weight", (hidden, inter), mlp_std, 0.0),
        ]
    out += [("model.norm.weight", (hidden,), 0.01, 1.0),
            ("lm_head.weight", (vocab, hidden), 0.02, 0.0)]
    return out


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def shards_of(specs, shard_bytes):
    """Consecutive groups of tensors, each at most shard_bytes (a bigger tensor alone)."""
    groups, current, size = [], [], 0
    for spec in specs:
        nbytes = 2 * numel(spec[1])
        if current and size + nbytes > shard_bytes:
            groups.append(current)
            current, size = [], 0
        current.append(spec)
        size += nbytes
    if current:
        groups.append(current)
    return groups


def bfloat16_bits(values):
    """float32 → bfloat16 bit patterns (uint16), rounded to nearest even (no NaN here)."""
    bits = values.view(np.uint32)
    bits += np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))
    return (bits >> np.uint32(16)).astype("<u2")


def write_shard(path, specs, rng):
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, shape, _, _ in specs:
        nbytes = 2 * numel(shape)
        header[name] = {"dtype": "BF16", "shape": list(shape), "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, shape, std, mean in specs:
            left = numel(shape)
            while left:
                n = min(CHUNK, left)
                values = rng.standard_normal(n, dtype=np.float32)
                values *= np.float32(std)
                if mean:
                    values += np.float32(mean)
                bfloat16_bits(values).tofile(f)
                left -= n
    return offset


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="folder to write (created)")
    parser.add_argument("--layers", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=4096, help="hidden size, a multiple of 8")
    parser.add_argument("--vocab", type=int, default=128256)
    parser.add_argument("--shard-gb", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.layers < 0 or args.hidden < 8 or args.hidden % 8 or args.vocab < 1 or args.shard_gb <= 0:
        sys.exit("make_big_checkpoint.py: --layers ≥ 0, --hidden a multiple of 8, --vocab ≥ 1, --shard-gb > 0")
    os.makedirs(args.out, exist_ok=True)
    specs = tensors(args.layers, args.hidden, args.vocab)
    groups = shards_of(specs, int(args.shard_gb * 1e9))
    rng = np.random.default_rng(args.seed)
    weight_map, total, start = {}, 0, time.time()
    for k, group in enumerate(groups):
        name = "model-%05d-of-%05d.safetensors" % (k + 1, len(groups))
        total += write_shard(os.path.join(args.out, name), group, rng)
        for spec in group:
            weight_map[spec[0]] = name
        print("%s: %d tensors, %.2f GB so far, %.0f s" % (name, len(group), total / 1e9, time.time() - start),
              flush=True)
    with open(os.path.join(args.out, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
    values = sum(numel(s[1]) for s in specs)
    elapsed = time.time() - start
    print("%d tensors, %d values, %.2f GB in %.0f s (%.1f s per GB)"
          % (len(specs), values, total / 1e9, elapsed, elapsed / max(total / 1e9, 1e-9)))


if __name__ == "__main__":
    main()
