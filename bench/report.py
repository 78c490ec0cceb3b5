#!/usr/bin/python3
"""Turns the raw outputs bench/run collects (JSON lines, /usr/bin/time -v logs) into Markdown
for BENCHMARKS.md. One subcommand per section; each prints Markdown on stdout.

  report.py sgemm LABEL=FILE...                 SGEMM JSON lines -> table
  report.py time FILE                           caffe-ref/dlp time JSON lines -> per-layer table
  report.py train LABEL=FILE...                 train JSON lines -> loss/ms summary table
  report.py bridge --warmup W --native F... --java F... [--parity N] [--tol T]
  report.py interleaved --warmup W --reference F FILE...
                                                BridgeBench --interleave runs: java vs native steps
                                                in one process; losses checked against caffe-ref's F
  report.py rusage LOG                          "wall_s peak_rss_mb" from a /usr/bin/time -v log
  report.py shapes FILE                         the distinct GEMM shapes of caffe-ref time's layers
  report.py ceiling --time F --shapes F --sgemm F [--java F]
                                                per-layer Caffe time vs the same GEMMs alone
"""
import argparse
import json
import re
import statistics
import sys


def jsonl(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
    return rows


def labelled(specs):
    for spec in specs:
        label, _, path = spec.partition("=")
        yield label, path


def sgemm(args):
    print("| run | N | threads | OpenBLAS core | best GFLOP/s | median GFLOP/s | runs |")
    print("|---|---|---|---|---|---|---|")
    for label, path in labelled(args.files):
        for r in jsonl(path):
            print("| %s | %d | %d | %s | %.1f | %.1f | %d |" % (
                label, r["n"], r["threads"], r["core"], r["best_gflops"], r["median_gflops"],
                r["runs"]))


def time_table(args):
    rows = jsonl(args.file)
    layers = [r for r in rows if "layer" in r]
    summary = [r for r in rows if "summary" in r]
    print("| layer | type | forward ms | backward ms | forward GFLOP | forward GFLOP/s |")
    print("|---|---|---|---|---|---|")
    for r in layers:
        if r["forward_ms"] + r["backward_ms"] < args.min_ms and "forward_gflop" not in r:
            continue
        print("| %s | %s | %.2f | %.2f | %s | %s |" % (
            r["layer"], r["type"], r["forward_ms"], r["backward_ms"],
            "%.3f" % r["forward_gflop"] if "forward_gflop" in r else "",
            "%.1f" % r["forward_gflops"] if "forward_gflops" in r else ""))
    for s in summary:
        gflop = s.get("forward_gflop", 0)
        print("| **total** (%d iterations) | | %.1f | %.1f | %.3f | %s |" % (
            s["iterations"], s["forward_ms"], s["backward_ms"], gflop,
            "%.1f" % (gflop * 1e3 / s["forward_ms"]) if gflop else ""))
    if args.min_ms > 0:
        print("\n(layers under %.2f ms without FLOPs are omitted)" % args.min_ms)


def train(args):
    print("| run | steps | loss first | loss last | median ms/step |")
    print("|---|---|---|---|---|")
    for label, path in labelled(args.files):
        rows = jsonl(path)
        if not rows:
            print("| %s | 0 | | | |" % label)
            continue
        ms = [r["ms"] for r in rows[args.warmup:]] or [r["ms"] for r in rows]
        print("| %s | %d | %.5f | %.5f | %.2f |" % (label, len(rows), rows[0]["loss"],
                                                     rows[-1]["loss"], statistics.median(ms)))


def bridge(args):
    def collect(paths):
        runs = [jsonl(p) for p in paths]
        steps = [r["ms"] for run in runs for r in run[args.warmup:]]
        return runs, steps
    native_runs, native_ms = collect(args.native)
    java_runs, java_ms = collect(args.java)
    if not native_ms or not java_ms:
        print("no timed steps (native %d, java %d)" % (len(native_ms), len(java_ms)))
        return 1
    mn, mj = statistics.median(native_ms), statistics.median(java_ms)
    print("| runner | processes | timed steps | median ms/step | p10 | p90 |")
    print("|---|---|---|---|---|---|")
    for name, runs, ms in (("caffe-ref (C++)", native_runs, native_ms),
                           ("BridgeBench (Java)", java_runs, java_ms)):
        q = statistics.quantiles(ms, n=10)
        print("| %s | %d | %d | %.3f | %.3f | %.3f |" % (name, len(runs), len(ms),
                                                       statistics.median(ms), q[0], q[-1]))
    print("\nBridge overhead per step: %+.3f ms (%+.1f %%) of the native median."
          % (mj - mn, 100.0 * (mj - mn) / mn))

    def per_process(runs):
        return [statistics.median([r["ms"] for r in run[args.warmup:]]) for run in runs if run[args.warmup:]]
    pn, pj = per_process(native_runs), per_process(java_runs)
    print("Per-process medians in run order (their spread is the noise floor): native %s; java %s."
          % (", ".join("%.3f" % m for m in pn), ", ".join("%.3f" % m for m in pj)))
    # processes alternate native, java, native, java...: a java process and the native one just before it
    # share the machine's state of the moment, so their ratio cancels slow drifts in load
    ratios = [j / n for n, j in zip(pn, pj)]
    if ratios:
        print("Paired rounds (each Java process's median / the native one run just before it): %s; median"
              " **%.3f**." % (", ".join("%.3f" % r for r in ratios), statistics.median(ratios)))
    n = args.parity
    a = [r["loss"] for r in native_runs[0][:n]]
    b = [r["loss"] for r in java_runs[0][:n]]
    again = [r["loss"] for r in native_runs[1][:n]] if len(native_runs) > 1 else None
    if len(a) < n or len(b) < n:
        print("\nLoss parity: not enough steps (%d native, %d java, need %d)." % (len(a), len(b), n))
        return 1
    diff = max(abs(x - y) for x, y in zip(a, b))
    verdict = "PASS" if diff <= args.tol else "FAIL"
    print("\nLoss parity over the first %d steps: max |native - java| = %.3g (tolerance %g): **%s**."
          % (n, diff, args.tol, verdict))
    if again is not None:
        print("Native run-to-run max difference over the same steps: %.3g."
              % max(abs(x - y) for x, y in zip(a, again)))
    print("\n| step | native loss | java loss |")
    print("|---|---|---|")
    for i, (x, y) in enumerate(zip(a, b)):
        print("| %d | %.7f | %.7f |" % (native_runs[0][i]["iter"], x, y))
    return 0


def interleaved(args):
    runs = [jsonl(p) for p in args.files]
    warmup = args.warmup + args.warmup % 2          # whole pairs (J N or N J) only
    side = {"java": [], "native": []}
    pair_ratios, process_ratios = [], []
    for run in runs:
        timed = run[warmup:]
        for k in range(0, len(timed) - 1, 2):
            a, b = timed[k], timed[k + 1]
            if {a["side"], b["side"]} != {"java", "native"}:
                print("interleaved run is not in J/N pairs at iter %d" % a["iter"])
                return 1
            j, n = (a, b) if a["side"] == "java" else (b, a)
            side["java"].append(j["ms"])
            side["native"].append(n["ms"])
            pair_ratios.append(j["ms"] / n["ms"])
        pj = [r["ms"] for r in timed if r["side"] == "java"]
        pn = [r["ms"] for r in timed if r["side"] == "native"]
        if pj and pn:
            process_ratios.append(statistics.median(pj) / statistics.median(pn))
    if not pair_ratios:
        print("no timed pairs")
        return 1
    print("| side of each pair | processes | timed steps | median ms/step | p10 | p90 |")
    print("|---|---|---|---|---|---|")
    for name, key in (("Step(1) in C++ (libcaffe-ref-jni)", "native"), ("CaffeSolver.step(1) (Java)", "java")):
        ms = side[key]
        q = statistics.quantiles(ms, n=10)
        print("| %s | %d | %d | %.3f | %.3f | %.3f |" % (name, len(runs), len(ms), statistics.median(ms), q[0], q[-1]))
    mj, mn = statistics.median(side["java"]), statistics.median(side["native"])
    quart = statistics.quantiles(pair_ratios, n=4)
    print("\nIn one process: Java median / native median = **%.4f** (%+.3f ms a step); per pair (Java step / the"
          " native step beside it, %d pairs): median **%.4f**, quartiles %.4f-%.4f; per process: %s."
          % (mj / mn, mj - mn, len(pair_ratios), statistics.median(pair_ratios), quart[0], quart[2],
             ", ".join("%.4f" % r for r in process_ratios)))
    ref = {r["iter"]: r["loss"] for r in jsonl(args.reference)}
    common = [(r["loss"], ref[r["iter"]]) for r in runs[0] if r["iter"] in ref]
    if common:
        diff = max(abs(x - y) for x, y in common)
        print("Losses of the first interleaved process (both sides) against caffe-ref's own run, %d steps: max |difference|"
              " = %.3g (tolerance %g): **%s** (so the direct calls drive the same Caffe, RNG included)."
              % (len(common), diff, args.tol, "PASS" if diff <= args.tol else "FAIL"))
    return 0


def rusage(args):
    text = open(args.log).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    seconds = 0.0
    if wall:
        for part in wall.group(1).split(":"):
            seconds = seconds * 60 + float(part)
    print("%.2f %.1f" % (seconds, int(rss.group(1)) / 1024.0 if rss else 0.0))


def shapes(args):
    seen = []
    for r in jsonl(args.file):
        for m, n, k, ta, tb, _ in r.get("gemms", []):
            if (m, n, k, ta, tb) not in seen:
                seen.append((m, n, k, ta, tb))
    for shape in seen:
        print("%d %d %d %d %d" % shape)


def ceiling(args):
    rows = jsonl(args.time)
    layers = [r for r in rows if "layer" in r]
    summary = [r for r in rows if "summary" in r][-1]
    alone = {(r["m"], r["n"], r["k"], r["ta"], r["tb"]): r["best_ms"] for r in jsonl(args.shapes)}
    sgemm_peak = max(r.get("best_gflops", 0) for r in jsonl(args.sgemm))
    print("| layer | GEMMs of one iteration (M x N x K, transposes, calls) | train GFLOP | Caffe fwd+bwd ms |"
          " same GEMMs alone ms | GEMM share of the layer's time |")
    print("|---|---|---|---|---|---|")
    gemm_ms = other_ms = caffe_gemm_layers_ms = 0.0
    for r in layers:
        ms = r["forward_ms"] + r["backward_ms"]
        if not r.get("gemms"):
            other_ms += ms
            continue
        t = sum(alone[(m, n, k, ta, tb)] * calls for m, n, k, ta, tb, calls in r["gemms"])
        gemm_ms += t
        caffe_gemm_layers_ms += ms
        if r["train_gflop"] < 0.01:
            continue
        shapes_text = ", ".join("%dx%dx%d%s%s" % (m, n, k, " A^T" if ta else "", " B^T" if tb else "")
                                + (" x%d" % calls if calls > 1 else "") for m, n, k, ta, tb, calls in r["gemms"])
        print("| %s | %s | %.2f | %.1f | %.1f | %.0f %% |" % (r["layer"], shapes_text, r["train_gflop"], ms, t,
                                                            100 * t / ms))
    train = summary["train_gflop"]
    ceiling_ms = gemm_ms + other_ms
    print("\nGEMM layers: %.1f ms in Caffe, %.1f ms for their GEMMs alone (the rest is im2col/col2im and bias);"
          " other layers (ReLU, pooling, LRN, dropout, loss): %.1f ms." % (caffe_gemm_layers_ms, gemm_ms, other_ms))
    print("Training FLOPs per iteration (forward + the gradients Caffe computes; conv1 needs no input gradient):"
          " %.2f GFLOP." % train)
    print("**Same-shape ceiling**: those GEMMs alone plus the other layers take %.1f ms = %.1f GFLOP/s ="
          " **%.2f** of the 2048^3 SGEMM (%.1f GFLOP/s): the ratio this net could reach if Caffe's im2col cost"
          " nothing." % (ceiling_ms, train / ceiling_ms * 1e3, train / ceiling_ms * 1e3 / sgemm_peak, sgemm_peak))
    if args.java:
        java = json.load(open(args.java))
        rate = train / java["totalMs"] * 1e3
        print("\n**Compute efficiency through the bridge**: %.2f GFLOP in %.1f ms per iteration (`dlp time`) ="
              " **%.1f GFLOP/s**, **%.2f** of the 2048^3 SGEMM (goal 0.70) and %.2f of the same-shape ceiling."
              % (train, java["totalMs"], rate, rate / sgemm_peak, rate / (train / ceiling_ms * 1e3)))


def efficiency(args):
    """Paired rounds: round r's SGEMM rate (eff-sgemm-r.jsonl) and `dlp time` iteration (eff-java-r.out)."""
    train = [r for r in jsonl(args.time) if "summary" in r][-1]["train_gflop"]
    print("| round | SGEMM 2048^3 GFLOP/s (best) | `dlp time` ms per iteration | AlexFCN GFLOP/s | ratio |")
    print("|---|---|---|---|---|")
    ratios = []
    for r in range(1, args.rounds + 1):
        peak = max(x.get("best_gflops", 0) for x in jsonl("%s/eff-sgemm-%d.jsonl" % (args.dir, r)))
        try:
            java = json.load(open("%s/eff-java-%d.out" % (args.dir, r)))
        except (OSError, ValueError):
            print("| %d | %.1f | failed (see bench/out/eff-java.log) | | |" % (r, peak))
            continue
        rate = train / java["totalMs"] * 1e3
        ratios.append(rate / peak)
        print("| %d | %.1f | %.1f | %.1f | %.2f |" % (r, peak, java["totalMs"], rate, rate / peak))
    if ratios:
        print("\n**Compute efficiency, median of %d paired round(s)**: **%.2f** of the 2048^3 SGEMM (goal 0.70);"
              " single rounds %s." % (len(ratios), statistics.median(ratios),
                                       ", ".join("%.2f" % x for x in ratios)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("sgemm")
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=sgemm)
    p = sub.add_parser("time")
    p.add_argument("file")
    p.add_argument("--min-ms", type=float, default=0.0)
    p.set_defaults(fn=time_table)
    p = sub.add_parser("train")
    p.add_argument("files", nargs="+")
    p.add_argument("--warmup", type=int, default=3)
    p.set_defaults(fn=train)
    p = sub.add_parser("bridge")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--native", nargs="+", required=True)
    p.add_argument("--java", nargs="+", required=True)
    p.add_argument("--parity", type=int, default=20)
    p.add_argument("--tol", type=float, default=1e-5)
    p.set_defaults(fn=bridge)
    p = sub.add_parser("interleaved")
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--reference", required=True)
    p.add_argument("--tol", type=float, default=1e-5)
    p.add_argument("files", nargs="+")
    p.set_defaults(fn=interleaved)
    p = sub.add_parser("shapes")
    p.add_argument("file")
    p.set_defaults(fn=shapes)
    p = sub.add_parser("ceiling")
    p.add_argument("--time", required=True)
    p.add_argument("--shapes", required=True)
    p.add_argument("--sgemm", required=True)
    p.add_argument("--java")
    p.set_defaults(fn=ceiling)
    p = sub.add_parser("efficiency")
    p.add_argument("--time", required=True)
    p.add_argument("--rounds", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.set_defaults(fn=efficiency)
    p = sub.add_parser("rusage")
    p.add_argument("log")
    p.set_defaults(fn=rusage)
    args = parser.parse_args()
    sys.exit(args.fn(args) or 0)


if __name__ == "__main__":
    main()
