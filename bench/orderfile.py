#!/usr/bin/env python3
"""Writes release/warden.order: the functions `warden run` executes, hottest first.

`make release` links with lld's --symbol-ordering-file, which lays these functions out next to each
other at the start of .text. Without it, the few thousand functions a running Warden uses are
spread over the whole 16 MB of code, and the kernel maps the 64 KB around every one of them (fault
around): about 11 MB of .text resident for 1.5 MB of code that ever runs (measured with the bench's
10,000 positions).

How: the bench's own scenarios, smaller, on a stripped copy of the release binary run under
valgrind's callgrind (which names every function that ran and counts its instructions): a drain of
5,000 execution results (opens, adds, closes, dead letters), then 2,000 positions with ticks, level
crossings and their intents, /health and /metrics, for about 70 s, so the once-a-minute bootstrap
and the 30 s heap trim run too. The functions of the binary that ran are written hottest first.

A stale file is harmless: names that no longer exist are ignored (--no-warn-symbol-ordering) and
functions not in the file are laid out after it, as without one. Regenerate after large changes:
`make orderfile` (needs valgrind; Debian package `valgrind`), then `make release`.

Usage: orderfile.py <release warden binary> <output file>
"""
import collections
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("BENCH_TICK_RATE", "200")
os.environ.setdefault("BENCH_CROSSINGS", "20")
os.environ.setdefault("BENCH_CROSS_INTERVAL_MS", "250")
os.environ.setdefault("BENCH_CPU_SECONDS", "40")
import bench as B  # noqa: E402  (reads the knobs above)


def profile(binary, tmp):
    """Runs the scenarios under callgrind; returns the profile files."""
    stripped = os.path.join(tmp, "warden")
    subprocess.run(["strip", "--strip-debug", "-o", stripped, binary], check=True)  # valgrind can't read Swift's DWARF 5
    out = os.path.join(tmp, "callgrind.%p")
    wrapper = os.path.join(tmp, "warden-under-valgrind")
    with open(wrapper, "w") as f:
        f.write(f"#!/bin/sh\nexec valgrind --quiet --tool=callgrind --demangle=no --callgrind-out-file={out} {stripped} \"$@\"\n")
    os.chmod(wrapper, 0o755)
    B.stop.__defaults__ = (60.0,)  # callgrind writes its file at exit: give it time
    server = B.RedisServer(tmp)
    impl = B.Impl("warden", server, tmp, wrapper)
    entries, tracked, dead = B.drain_mix(5000)
    r = server.client
    B.xadd_many(r, "orderfile:template", entries)
    dump = r.dump("orderfile:template")
    try:
        B.run_drain(impl, server, dump, len(entries), tracked, dead)
    except B.RunError as e:  # slower under valgrind; the profile is what counts
        print(f"orderfile: drain: {e}", file=sys.stderr)
    finally:
        impl.stop()
    impl = B.Impl("warden", server, tmp, wrapper)

    def scrape():
        # /health and /metrics once the book is loaded (the port is in the log).
        time.sleep(30)
        try:
            log = open(impl.logpath()).read()
            port = re.search(r"listening on 127\.0\.0\.1:(\d+)", log)
            for path in ("/health", "/metrics"):
                urllib.request.urlopen(f"http://127.0.0.1:{port.group(1)}{path}", timeout=30).read()
        except Exception as e:  # noqa: BLE001
            print(f"orderfile: scrape: {e}", file=sys.stderr)
    t = threading.Thread(target=scrape, daemon=True)
    t.start()
    try:
        B.run_book(impl, server, tmp, B.book_positions(2000))
    except (B.RunError, B.BenchError) as e:
        print(f"orderfile: book: {e}", file=sys.stderr)
    finally:
        impl.stop()
        B.stop_all()
    return sorted(glob.glob(os.path.join(tmp, "callgrind.*")))


def ordered_functions(binary, profiles):
    """The binary's functions that ran, by instructions executed (self), most first."""
    size = {}
    nm = subprocess.run(["nm", "-S", "--defined-only", binary], capture_output=True, text=True, check=True)
    for line in nm.stdout.splitlines():
        p = line.split()
        if len(p) == 4 and p[2] in "tTwW":
            size[p[3]] = int(p[1], 16)

    cost = collections.Counter()
    for path in profiles:
        # callgrind names each object (ob=) and function (fn=) once, "(id) name", then by id only;
        # cob=/cfn= (a call's target) define ids the same way. Functions it could only give as
        # an address (about a hundred, at offsets that do not match the symbol table) are skipped.
        defined = {"ob": {}, "fn": {}}
        current, skip, obj = None, False, None
        for line in open(path, errors="replace"):
            line = line.rstrip("\n")
            if skip:  # the line after calls= is the call's inclusive cost, not this function's
                skip = False
                continue
            m = re.match(r"(c?)(ob|fn)=\((\d+)\)(?: (.*))?", line)
            if m:
                call, kind, ident, name = m.groups()
                if name:
                    defined[kind][ident] = re.sub(r"'\d+$", "", name)  # callgrind's recursion marks
                if call:
                    continue
                if kind == "ob":
                    obj = defined["ob"].get(ident)
                else:
                    name = defined["fn"].get(ident)
                    current = name if obj and obj.endswith("/warden") and name in size else None
            elif line.startswith("calls="):
                skip = True
            elif current and line[:1] in "0123456789+-*" and len(line.split()) > 1:
                cost[current] += int(line.split()[-1])
    ran = [n for n, _ in cost.most_common()]
    return ran, sum(size[n] for n in ran)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("Usage: ")[1])
    binary, output = sys.argv[1], sys.argv[2]
    if not shutil.which("valgrind"):
        sys.exit("orderfile: valgrind is missing (Debian: apt-get install valgrind)")
    tmp = tempfile.mkdtemp(prefix="warden-orderfile-")
    try:
        profiles = profile(binary, tmp)
        if not profiles:
            sys.exit("orderfile: callgrind wrote no profile")
        ran, code = ordered_functions(os.path.join(tmp, "warden"), profiles)
        if len(ran) < 1000:
            sys.exit(f"orderfile: only {len(ran)} functions ran; the profile looks broken, {output} kept")
        with open(output + ".tmp", "w") as f:
            f.write("".join(n + "\n" for n in ran))
        os.replace(output + ".tmp", output)
        print(f"orderfile: {len(ran):,} functions ({code / 1048576:.2f} MB of code) from {len(profiles)} "
              f"profile(s) -> {output}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
