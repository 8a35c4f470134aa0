#!/usr/bin/env python3
"""`make bench`: every benchmark of the earlier issues, then ONE table of figures against targets.

Runs, one after the other (their own output streams through as they go):
  bench/bench.py            issue 3: exit monitor against the Python baseline (drain, latency, RSS, CPU)
  bench/alert_latency.py    issue 6: fault (safe mode set) → page at the receiver, median of --runs
  bench/failsafe_latency.py issue 7: ExitPathBroken → emergency order at the paper exchange
and prints a table: issue, figure, Warden's median (min–max), target, baseline, PASS/FAIL.
The figures come from the scripts' own output: bench.py's table rows and the latency scripts'
last JSON line. Misses are reported, not gated; the exit status is 1 only if a benchmark broke.
"""
import argparse, json, os, subprocess, sys


def stream(cmd):
    """Runs cmd with its output passed through; returns (status, everything it printed)."""
    print(f"\n$ {' '.join(cmd)}", flush=True)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        for line in p.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line)
        return p.wait(), "".join(lines)
    except KeyboardInterrupt:
        p.terminate()
        p.wait()
        raise


def exit_monitor_rows(text):
    """Rows of bench.py's table: | figure | measured | target | baseline | ratio | result |."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("("):
            figure, measured, target, baseline, ratio, result = cells
            rows.append(("3", figure, measured, target, f"Python {baseline.split(' (')[0]}; ratio {ratio}", result))
    return rows


def latency_row(issue, label, unit, text):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{") and '"figure"' in line:
            d = json.loads(line)
            fmt = (lambda v: f"{v:.2f}") if unit == "s" else (lambda v: f"{v:.1f}")
            ok = d["median"] <= d["target_max"]
            return (issue, label, f"{fmt(d['median'])} {unit} ({fmt(d['min'])}–{fmt(d['max'])}, {d['runs']} runs)",
                    f"≤ {d['target_max']} {unit}", "-", "PASS" if ok else "FAIL")
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warden", required=True)
    ap.add_argument("--stages")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--runs", type=int, default=5, help="runs of each latency benchmark")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    rows, broken = [], []

    cmd = [args.python, f"{here}/bench.py", "--warden", args.warden] + (["--stages", args.stages] if args.stages else [])
    status, text = stream(cmd)
    found = exit_monitor_rows(text)
    if status != 0 or not found:
        broken.append("bench.py (issue 3)")
    rows += found or [("3", "exit monitor benchmark", "n/a (broke)", "-", "-", "ERROR")]

    for issue, script, label, unit in [("6", "alert_latency.py", "fault → page at the receiver (median)", "s"),
                                       ("7", "failsafe_latency.py", "ExitPathBroken → emergency order (median)", "ms")]:
        status, text = stream([args.python, f"{here}/{script}", "--warden", args.warden, "--runs", str(args.runs)])
        row = latency_row(issue, label, unit, text) if status == 0 else None
        if row is None:
            broken.append(f"{script} (issue {issue})")
            row = (issue, label, "n/a (broke)", "-", "-", "ERROR")
        rows.append(row)

    header = ("issue", "figure", "Warden: median (min–max)", "target", "baseline", "result")
    table = [header] + rows
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(r)) + " |"
    print("\nAll benchmarks (make bench) — misses say FAIL; the machine is noisy, compare ratios and medians:")
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    if broken:
        print(f"\nbroken: {', '.join(broken)}")
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
