#!/usr/bin/python3
"""InitScope beside PyTorch + NumPy, on the same work, in one run (issue: speed).

Run with Debian's interpreter after building (./scripts/build.sh):

    /usr/bin/python3 bench/compare_pytorch.py [--build build] [--repeats 7]

Prints one line per row of the performance table: both figures and the ratio. Throughputs are
medians over --repeats runs. PyTorch runs with torch.set_num_threads(2) (this machine's cores).
InitScope's core figures come from build/bench/core_bench (Google Benchmark, JSON output); the
window figures from build/bench/ui_latency_bench; the export figures from build/bench/export_bench
(in process, as the notebook pipeline is timed) and from the initscope binary (the whole process).
The notebook pipeline row needs matplotlib (apt-get install python3-matplotlib).
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

SIDE = 4096


def cpu_name():
    """The CPU's model name and its widest vector extension, from /proc/cpuinfo."""
    try:
        with open("/proc/cpuinfo") as f:
            info = f.read()
    except OSError:
        return platform.machine()
    name = next((l.split(":", 1)[1].strip() for l in info.splitlines()
                 if l.startswith("model name")), platform.machine())
    flags = next((l.split(":", 1)[1].split() for l in info.splitlines()
                  if l.startswith("flags")), [])
    simd = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "SSE only"
    return f"{name} ({simd})"


def median_time(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def core_bench(build, repeats, only=None):
    exe = os.path.join(build, "bench", "core_bench")
    if not os.path.exists(exe):
        sys.exit(f"compare_pytorch: {exe} not found; build first (./scripts/build.sh)")
    # Only the rows compared here (the orthogonal and sparse rows take minutes on 4096x4096).
    rows = ("^(BM_Scheme/(kaiming_uniform|xavier_normal|trunc_normal)|BM_HistogramAndStatistics"
            "|BM_HistogramAndStatisticsLlamaMlp"
            "|BM_CourseNetworkRefresh|BM_Probe/(course|deep_tanh)|BM_SpectraOfPreset/course"
            "|BM_Spectrum4096)(/iterations:1)?(/real_time)?$")
    if only:  # a caller's own rows (a regular expression of benchmark names)
        rows = only
    out = subprocess.run([exe, "--benchmark_format=json", f"--benchmark_repetitions={repeats}",
                          "--benchmark_report_aggregates_only=true",
                          f"--benchmark_filter={rows}"],
                         check=True, capture_output=True, text=True).stdout
    medians = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            # rows with a fixed iteration count, or timed in real time (several threads)
            name = b["run_name"].split("/iterations:")[0].removesuffix("/real_time")
            unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
            medians[name] = b["real_time"] * unit
    return medians


TABLE = []  # (work, InitScope, reference, ratio, target, met) per row, for --markdown


def row(label, ours, theirs, unit, target, higher_is_better=True):
    ratio = ours / theirs if higher_is_better else theirs / ours
    ok = "met" if ratio >= target else "NOT met"
    print(f"{label:58s} InitScope {ours:10.1f} {unit:8s} reference {theirs:10.1f} {unit:8s} "
          f"ratio {ratio:6.2f}x (target >= {target}x: {ok})")
    TABLE.append((label, f"{ours:.1f} {unit}", f"{theirs:.1f} {unit}", f"{ratio:.2f}×",
                  f"≥ {target}×", ok))


def absolute(label, value, unit, bound=None, lower_is_better=True, reference=""):
    """A row without a reference ratio: InitScope's figure, and its bound when it has one."""
    target, ok = "", ""
    if bound is not None:
        met = value <= bound if lower_is_better else value >= bound
        target = f"{'≤' if lower_is_better else '≥'} {bound} {unit}"
        ok = "met" if met else "NOT met"
    print(f"{label:58s} InitScope {value:10.2f} {unit:8s} {reference:20s} "
          f"{'target ' + target + ': ' + ok if target else ''}")
    TABLE.append((label, f"{value:.2f} {unit}", reference, "", target, ok))


def markdown_table():
    """The README's performance table, from this run's rows."""
    lines = ["| work | InitScope | reference | ratio | target | |", "|---|---|---|---|---|---|"]
    for cells in TABLE:
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def notebook_pipeline():
    """The course notebook's two figures: build, re-init, histogram, draw to PNG (matplotlib)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from torch import nn

    out = tempfile.mkdtemp()

    def run():
        torch.manual_seed(0)
        net = nn.Sequential(nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
                            nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(),
                            nn.Linear(100, 2))
        for m in net:
            if isinstance(m, nn.Linear):
                nn.init.xavier_normal_(m.weight)
        weights = [m.weight.detach().numpy().ravel() for m in net if isinstance(m, nn.Linear)]
        biases = [m.bias.detach().numpy().ravel() for m in net if isinstance(m, nn.Linear)]
        fig, axes = plt.subplots(1, 3, figsize=(15, 4))
        axes[0].hist(np.concatenate(biases), bins=40)
        axes[1].hist(np.concatenate(weights), bins=40)
        for w in weights:
            h, e = np.histogram(w, bins=40, density=True)
            axes[2].plot((e[:-1] + e[1:]) / 2, h)
        fig.savefig(os.path.join(out, "overview.png"))
        plt.close(fig)
        fig, axes = plt.subplots(2, 1, figsize=(10, 8))
        for b, w in zip(biases, weights):
            hb, eb = np.histogram(b, bins=40, density=True)
            hw, ew = np.histogram(w, bins=40, density=True)
            axes[0].plot((eb[:-1] + eb[1:]) / 2, hb)
            axes[1].plot((ew[:-1] + ew[1:]) / 2, hw)
        fig.savefig(os.path.join(out, "layers.png"))
        plt.close(fig)

    return run


def torch_probe(widths, activation, batch):
    """PyTorch doing the probe's work: x = randn, forward keeping every a and h, g = randn_like,
    backward, then per layer mean/std/min/max and a 40-bin histogram of a and h (float64 sums),
    the std of the four gradients."""
    from torch import nn
    torch.manual_seed(0)
    layers = [nn.Linear(i, o) for i, o in zip(widths[:-1], widths[1:])]

    def run():
        for layer in layers:
            layer.zero_grad(set_to_none=True)
        h = torch.randn(batch, widths[0])
        kept = []
        for k, layer in enumerate(layers):
            a = layer(h)
            a.retain_grad()
            h = activation[k](a)
            h.retain_grad()
            kept.append((a, h))
        h.backward(torch.randn_like(h))
        stats = []
        for (a, h), layer in zip(kept, layers):
            for t in (a, h):
                d = t.detach().double()
                stats.append((d.mean(), d.std(unbiased=False), d.min(), d.max(),
                              torch.histc(t.detach(), 40)))
            stats.append((a.grad.std(unbiased=False), h.grad.std(unbiased=False),
                          layer.weight.grad.std(unbiased=False), layer.bias.grad.std(unbiased=False)))
        return stats

    return run


def propagation_rows(args, ours):
    """The probe (forward + backward + statistics, batch 1000) beside PyTorch, and the spectra."""
    relu, tanh, ident = torch.relu, torch.tanh, (lambda t: t)
    course = torch_probe([100] * 5 + [2], [relu] * 4 + [ident], 1000)
    deep = torch_probe([500] * 11, [tanh] * 10, 1000)
    theirs_course = median_time(course, args.repeats) * 1e3
    theirs_deep = median_time(deep, args.repeats) * 1e3
    row("probe: course network, batch 1000 (ms, lower better)",
        ours["BM_Probe/course"] * 1e3, theirs_course, "ms", 1, higher_is_better=False)
    row("probe: deep_tanh 10 x 500, batch 1000 (ms, lower better)",
        ours["BM_Probe/deep_tanh"] * 1e3, theirs_deep, "ms", 3, higher_is_better=False)
    w = torch.empty(SIDE, SIDE)
    torch.nn.init.kaiming_uniform_(w, a=5 ** 0.5)
    wn = w.double().numpy()
    theirs_svd = median_time(lambda: np.linalg.svd(wn, compute_uv=False), 1) * 1e3
    row("singular values of a 4096x4096 weight (ms, lower better; numpy svd)",
        ours["BM_Spectrum4096"] * 1e3, theirs_svd, "ms", 1, higher_is_better=False)
    spectra = ours["BM_SpectraOfPreset/course"] * 1e3
    absolute("spectra of the course network", spectra, "ms", 16)


def real_model_rows(args, ours):
    """Real-model sizes: a Llama-3-8B MLP matrix (14336 x 4096) histogrammed and summarised."""
    rows, cols = 14336, SIDE
    x = (torch.randn(rows, cols) * 0.02).numpy()
    numpy_time = median_time(lambda: (np.histogram(x, 40), x.mean(), x.std(), x.min(), x.max()),
                             max(1, args.repeats // 2))
    ours_time = ours["BM_HistogramAndStatisticsLlamaMlp"]
    n = rows * cols
    row("histogram + statistics, 14336x4096 (Llama-3-8B MLP) (M values/s)", n / ours_time / 1e6,
        n / numpy_time / 1e6, "M/s", 8)


def stats_process_rows(args):
    """The whole `initscope --headless --config <one 4096x4096 layer> --stats F` process beside
    PyTorch + NumPy doing the same in process (init, then per tensor mean/std/min/max and a
    40-bin histogram, written as JSON; the import is not counted)."""
    exe = os.path.join(args.build, "app", "initscope")
    if not os.path.exists(exe):
        print("--stats process row: skipped (initscope not built)")
        return
    tmp = tempfile.mkdtemp()
    config = os.path.join(tmp, "one_layer.json")
    with open(config, "w") as f:
        json.dump({"format": "initscope", "version": 1, "seed": 0, "flavour": "fma",
                   "layers": [{"name": "fc0", "kind": "linear", "in_features": SIDE,
                               "out_features": SIDE, "bias": True, "activation": "relu",
                               "weight_init": {"scheme": "kaiming_uniform", "a": 5 ** 0.5}}]}, f)
    out = os.path.join(tmp, "stats.json")
    cmd = [exe, "--headless", "--config", config, "--stats", out]
    ours = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True),
                       args.repeats) * 1e3
    from torch import nn

    def theirs_run():
        torch.manual_seed(0)
        layer = nn.Linear(SIDE, SIDE)  # kaiming_uniform_(a=sqrt 5) weight, uniform bias
        result = []
        for name, t in (("weight", layer.weight), ("bias", layer.bias)):
            v = t.detach().numpy()
            counts, edges = np.histogram(v, 40)
            result.append({"tensor": name, "mean": float(v.mean()), "std": float(v.std()),
                           "min": float(v.min()), "max": float(v.max()),
                           "counts": counts.tolist(), "edges": edges.tolist()})
        with open(os.path.join(tmp, "theirs.json"), "w") as f:
            json.dump(result, f)

    theirs = median_time(theirs_run, args.repeats) * 1e3
    row("--stats of one 4096x4096 layer: whole process vs in process (ms)", ours, theirs, "ms", 4,
        higher_is_better=False)
    shutil.rmtree(tmp, ignore_errors=True)


def startup_rows(args):
    """Start-up: the headless course run and the window to its first painted frame (offscreen
    --screenshot: start, first paint, PNG written, exit), whole processes."""
    exe = os.path.join(args.build, "app", "initscope")
    if not os.path.exists(exe):
        return
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    headless = [exe, "--headless", "--preset", "course"]
    t = median_time(lambda: subprocess.run(headless, check=True, capture_output=True, env=env),
                    args.repeats) * 1e3
    absolute("start-up: --headless --preset course, whole process", t, "ms")
    shot = os.path.join(tempfile.mkdtemp(), "window.png")
    window = [exe, "--screenshot", shot, "--preset", "course", "--size", "1280x720"]
    t = median_time(lambda: subprocess.run(window, check=True, capture_output=True, env=env),
                    args.repeats) * 1e3
    window_ms = t
    t = median_time(lambda: subprocess.run(["/usr/bin/python3", "-c", "import torch"], check=True,
                                           capture_output=True), max(1, args.repeats // 2)) * 1e3
    absolute("start-up: window to first paint (--screenshot 1280x720), whole process", window_ms,
             "ms", reference=f"import torch: {t:.0f} ms")


def core_rows(args, n):
    """The core rows: schemes and histogram beside PyTorch and NumPy."""
    w = torch.empty(SIDE, SIDE)
    from torch.nn import init
    torch_uniform = median_time(lambda: init.kaiming_uniform_(w), args.repeats)
    torch_normal = median_time(lambda: init.xavier_normal_(w), args.repeats)
    torch_trunc = median_time(lambda: init.trunc_normal_(w), args.repeats)
    x = torch.randn(SIDE, SIDE).numpy()
    numpy_hist = median_time(lambda: (np.histogram(x, 40), x.mean(), x.std(), x.min(), x.max()),
                             args.repeats)

    ours = core_bench(args.build, args.repeats)
    mvals = lambda seconds: n / seconds / 1e6
    row("kaiming_uniform_ 4096x4096 (M values/s)", mvals(ours["BM_Scheme/kaiming_uniform"]),
        mvals(torch_uniform), "M/s", 3)
    row("xavier_normal_ 4096x4096 (M values/s)", mvals(ours["BM_Scheme/xavier_normal"]),
        mvals(torch_normal), "M/s", 4)
    row("trunc_normal_ 4096x4096 (M values/s)", mvals(ours["BM_Scheme/trunc_normal"]),
        mvals(torch_trunc), "M/s", 5)
    row("histogram + mean/std/min/max of 16.8 M floats (M values/s)",
        mvals(ours["BM_HistogramAndStatistics"]), mvals(numpy_hist), "M/s", 8)
    absolute("  the same, absolute", mvals(ours["BM_HistogramAndStatistics"]), "M/s", 1500,
             lower_is_better=False)
    real_model_rows(args, ours)
    course = ours["BM_CourseNetworkRefresh"] * 1e3
    absolute("course network: materialize + summarize", course, "ms", 1)
    propagation_rows(args, ours)
    stats_process_rows(args)
    startup_rows(args)

    print(f"load average after the core rows: {os.getloadavg()[0]:.2f} (1 min)")


def orthogonal_config(side):
    """A config of one side x side linear layer (no bias) whose weight is orthogonal_."""
    layer = {"name": "fc0", "kind": "linear", "in_features": side, "out_features": side,
             "bias": False, "activation": "relu", "weight_init": {"scheme": "orthogonal"}}
    return {"format": "initscope", "version": 1, "seed": 0, "flavour": "fma", "layers": [layer]}


def orthogonal_rows(args):
    """orthogonal_ 2048x2048: the whole initscope --headless --stats process against PyTorch's
    manual_seed + init.orthogonal_ in process (import not counted); 4096x4096: core_bench's
    BM_Orthogonal/4096 (in process) against one PyTorch call (seconds each: timed once)."""
    from torch.nn import init
    exe = os.path.join(args.build, "app", "initscope")
    w = torch.empty(2048, 2048)

    def torch_orthogonal(tensor):
        torch.manual_seed(0)
        init.orthogonal_(tensor)

    theirs = median_time(lambda: torch_orthogonal(w), min(args.repeats, 3))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as config:
        json.dump(orthogonal_config(2048), config)
    cmd = [exe, "--headless", "--config", config.name, "--stats", os.devnull]
    ours = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True), args.repeats)
    os.unlink(config.name)
    row("orthogonal_ 2048x2048 whole process; torch in process (ms)", ours * 1e3, theirs * 1e3,
        "ms", 10, higher_is_better=False)
    print(f"  command: initscope --headless --config <one 2048x2048 orthogonal layer> --stats "
          f"{os.devnull}; load average {os.getloadavg()[0]:.2f} (1 min)")

    ours = core_bench(args.build, max(2, min(args.repeats, 3)),  # aggregates need 2 runs
                      only="^BM_Orthogonal/4096(/iterations:1)?$")
    w = torch.empty(4096, 4096)
    t0 = time.perf_counter()
    torch_orthogonal(w)
    theirs = time.perf_counter() - t0
    row("orthogonal_ 4096x4096, in process (s, lower better)", ours["BM_Orthogonal/4096"], theirs,
        "s", 10, higher_is_better=False)
    absolute("  orthogonal_ 4096x4096, absolute", ours["BM_Orthogonal/4096"], "s", 4)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "build"))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--markdown", action="store_true",
                        help="end with the rows as the README's Markdown table")
    parser.add_argument("--only-export", action="store_true",
                        help="only the export rows (the notebook pipeline beside InitScope)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    n = SIDE * SIDE
    print(f"machine: {cpu_name()}, {os.cpu_count()} cores; "
          f"torch {torch.__version__}, numpy {np.__version__}; medians of {args.repeats} runs; "
          f"load average {os.getloadavg()[0]:.2f} (1 min)")

    if not args.only_export:
        core_rows(args, n)
        orthogonal_rows(args)

    exe = os.path.join(args.build, "app", "initscope")
    export_bench = os.path.join(args.build, "bench", "export_bench")
    try:
        pipeline = notebook_pipeline()
    except ImportError:
        pipeline = None
        print("notebook pipeline: skipped (apt-get install python3-matplotlib)")
    if pipeline:
        # The same work on both sides: the course network (Xavier normal) built, initialized and
        # histogrammed, and its two figures (overview, layers) drawn to PNG; 1920x1080 for us.
        theirs_export = median_time(pipeline, args.repeats) * 1e3
        print(f"notebook pipeline (matplotlib, in process): {theirs_export:.1f} ms; "
              f"load average {os.getloadavg()[0]:.2f} (1 min)")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        if os.path.exists(export_bench):
            # In process, like the notebook pipeline: materialize + summarize + overview.png +
            # layers.png (HeadlessPlotExport::write), median after a warm-up.
            result = subprocess.run([export_bench, "--json", "--repeats", str(args.repeats)],
                                    capture_output=True, text=True, env=env)
            if result.returncode == 0:
                data = json.loads(result.stdout)
                row("course overview + layers to PNG, in process (ms, lower better)",
                    data["export_in_process_median_ms"], theirs_export, "ms", 10,
                    higher_is_better=False)
            else:
                print("export_bench failed:", result.stderr.strip()[:200])
        else:
            print(f"export row (in process): skipped ({export_bench} not built)")
        if os.path.exists(exe):
            # The whole initscope process (start-up, fonts, the same two figures), per run.
            out = tempfile.mkdtemp()
            cmd = [exe, "--headless", "--preset", "course_xavier", "--export-plots", out,
                   "--format", "png", "--plots", "overview,layers"]
            if subprocess.run(cmd, capture_output=True, env=env).returncode == 0:
                ours_cli = median_time(
                    lambda: subprocess.run(cmd, check=True, capture_output=True, env=env),
                    args.repeats) * 1e3
                row("course overview + layers to PNG, whole CLI process (ms)",
                    ours_cli, theirs_export, "ms", 5, higher_is_better=False)
                print(f"  command: {' '.join(cmd[:5])} DIR {' '.join(cmd[6:])}; "
                      f"load average {os.getloadavg()[0]:.2f} (1 min)")
            else:
                print("export row (CLI): skipped (this build has no --export-plots --plots)")
            shutil.rmtree(out, ignore_errors=True)

    if args.only_export:
        return

    ui = os.path.join(args.build, "bench", "ui_latency_bench")
    if os.path.exists(ui):
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        result = subprocess.run([ui, "--json"], capture_output=True, text=True, env=env)
        if result.returncode == 0:
            data = json.loads(result.stdout)
            absolute("window: edit-to-repaint, course network (median)",
                     data["edit_to_repaint_median_ms"], "ms", 16)
            if "big_network_max_stall_ms" in data:
                absolute("window: 8 x 4096x4096 refresh, largest event-loop stall",
                         data["big_network_max_stall_ms"], "ms", 50)
        else:
            print("ui_latency_bench failed:", result.stderr.strip()[:200])

    big = os.path.join(os.path.dirname(__file__), "big_network.json")
    if os.path.exists(exe) and os.path.exists(big):
        # This child's own peak (os.wait4), not the largest of every child so far.
        child = subprocess.Popen([exe, "--headless", "--config", big, "--stats", os.devnull],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            sys.exit("compare_pytorch: the big network's --stats run failed")
        peak = usage.ru_maxrss
        parameter_mib = 8 * SIDE * (SIDE + 1) * 4 / 2**20
        absolute("memory: 8 x 4096x4096 headless peak RSS", peak / 1024, "MiB",
                 round(parameter_mib + 64), reference=f"parameters: {parameter_mib:.0f} MiB")


if __name__ == "__main__":
    main()
    if "--markdown" in sys.argv:
        print()
        print(markdown_table())
