#!/usr/bin/python3
"""Turns the raw outputs bench/run collects (JSON lines, /usr/bin/time -v logs) into Markdown
for BENCHMARKS.md. One subcommand per section; each prints Markdown on stdout.

  report.py sgemm LABEL=FILE...                 SGEMM JSON lines -> table
  report.py time FILE                           caffe-ref/dlp time JSON lines -> per-layer table
  report.py train LABEL=FILE...                 train JSON lines -> loss/ms summary table
  report.py bridge --warmup W --native F... --java F... [--parity N] [--tol T]
  report.py rusage LOG                          "wall_s peak_rss_mb" from a /usr/bin/time -v log
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
        medians = [statistics.median([r["ms"] for r in run[args.warmup:]])
                   for run in runs if run[args.warmup:]]
        return ", ".join("%.3f" % m for m in medians)
    print("Per-process medians in run order (their spread is the noise floor): native %s; java %s."
          % (per_process(native_runs), per_process(java_runs)))
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


def rusage(args):
    text = open(args.log).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    seconds = 0.0
    if wall:
        for part in wall.group(1).split(":"):
            seconds = seconds * 60 + float(part)
    print("%.2f %.1f" % (seconds, int(rss.group(1)) / 1024.0 if rss else 0.0))


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
    p = sub.add_parser("rusage")
    p.add_argument("log")
    p.set_defaults(fn=rusage)
    args = parser.parse_args()
    sys.exit(args.fn(args) or 0)


if __name__ == "__main__":
    main()
