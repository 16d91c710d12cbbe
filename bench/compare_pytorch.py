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
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

SIDE = 4096


def median_time(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def core_bench(build, repeats):
    exe = os.path.join(build, "bench", "core_bench")
    if not os.path.exists(exe):
        sys.exit(f"compare_pytorch: {exe} not found; build first (./scripts/build.sh)")
    # Only the rows compared here (the orthogonal and sparse rows take minutes on 4096x4096).
    rows = ("^(BM_Scheme/(kaiming_uniform|xavier_normal|trunc_normal)|BM_HistogramAndStatistics"
            "|BM_CourseNetworkRefresh|BM_Probe/(course|deep_tanh)|BM_SpectraOfPreset/course"
            "|BM_Spectrum4096(/iterations:1)?)$")
    out = subprocess.run([exe, "--benchmark_format=json", f"--benchmark_repetitions={repeats}",
                          "--benchmark_report_aggregates_only=true",
                          f"--benchmark_filter={rows}"],
                         check=True, capture_output=True, text=True).stdout
    medians = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            name = b["run_name"].split("/iterations:")[0]  # rows with a fixed iteration count
            unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
            medians[name] = b["real_time"] * unit
    return medians


def row(label, ours, theirs, unit, target, higher_is_better=True):
    ratio = ours / theirs if higher_is_better else theirs / ours
    ok = "met" if ratio >= target else "NOT met"
    print(f"{label:58s} InitScope {ours:10.1f} {unit:8s} reference {theirs:10.1f} {unit:8s} "
          f"ratio {ratio:6.2f}x (target >= {target}x: {ok})")


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
    print(f"{'spectra of the course network':58s} InitScope {spectra:10.3f} ms       "
          f"target <= 16 ms: {'met' if spectra <= 16 else 'NOT met'}")


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
        mvals(torch_normal), "M/s", 2)
    row("trunc_normal_ 4096x4096 (M values/s)", mvals(ours["BM_Scheme/trunc_normal"]),
        mvals(torch_trunc), "M/s", 2)
    row("histogram + mean/std/min/max of 16.8 M floats (M values/s)",
        mvals(ours["BM_HistogramAndStatistics"]), mvals(numpy_hist), "M/s", 5)
    course = ours["BM_CourseNetworkRefresh"] * 1e3
    print(f"{'course network: materialize + summarize':58s} InitScope {course:10.3f} ms       "
          f"target <= 1 ms: {'met' if course <= 1 else 'NOT met'}")
    propagation_rows(args, ours)

    print(f"load average after the core rows: {os.getloadavg()[0]:.2f} (1 min)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "build"))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--only-export", action="store_true",
                        help="only the export rows (the notebook pipeline beside InitScope)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    n = SIDE * SIDE
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"torch {torch.__version__}, numpy {np.__version__}; medians of {args.repeats} runs; "
          f"load average {os.getloadavg()[0]:.2f} (1 min)")

    if not args.only_export:
        core_rows(args, n)

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
            print(f"{'window: edit-to-repaint, course network (median)':58s} InitScope "
                  f"{data['edit_to_repaint_median_ms']:10.2f} ms       target <= 16 ms: "
                  f"{'met' if data['edit_to_repaint_median_ms'] <= 16 else 'NOT met'}")
            if "big_network_max_stall_ms" in data:
                print(f"{'window: 8 x 4096x4096 refresh, largest event-loop stall':58s} InitScope "
                      f"{data['big_network_max_stall_ms']:10.2f} ms       target <= 50 ms: "
                      f"{'met' if data['big_network_max_stall_ms'] <= 50 else 'NOT met'}")
        else:
            print("ui_latency_bench failed:", result.stderr.strip()[:200])

    big = os.path.join(os.path.dirname(__file__), "big_network.json")
    if os.path.exists(exe) and os.path.exists(big):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run([exe, "--headless", "--config", big, "--stats", os.devnull], check=True,
                       capture_output=True)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        parameter_mib = 8 * SIDE * (SIDE + 1) * 4 / 2**20
        print(f"{'memory: 8 x 4096x4096 headless peak RSS (MiB)':58s} InitScope {peak / 1024:10.0f} MiB"
              f"      parameters {parameter_mib:.0f} MiB + 64 MiB: "
              f"{'met' if peak / 1024 <= parameter_mib + 64 else 'NOT met'} (before: {before})")


if __name__ == "__main__":
    main()
