#!/usr/bin/env python3
"""ExitPathBroken-to-order latency (issue 7): a position on `warden paper-exchange` crosses
take-profit, no execution service consumes the intent, Warden re-sends once and declares the exit
path broken; the figure is the time from Warden's EXIT_PATH_BROKEN log line (its timestamp) to the
emergency order's `time` at the paper exchange (same host clock). Target: median <= 100 ms.

Usage: failsafe_latency.py --warden PATH [--runs N]; prints one line of JSON.
"""
import argparse, datetime, json, os, re, shutil, signal, socket, statistics, subprocess, tempfile, time, urllib.request

from benchlib import free_port, wait_for


def admin(base, path, body=None):
    req = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(),
                                 method="GET" if body is None else "POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read() or b"null")


def tracked(port):
    try:
        return json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read())["tracked_positions"]
    except Exception:
        return None


def broken_times(log_path):
    out = []
    for line in open(log_path, errors="replace"):
        if "EXIT_PATH_BROKEN" in line:
            stamp = line.split(" ", 1)[0]
            out.append(datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--warden", required=True)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="warden-failsafe-bench-")
    procs = []
    try:
        rport, wport = free_port(), free_port()
        procs.append(subprocess.Popen(["redis-server", "--port", str(rport), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", work], stdout=subprocess.DEVNULL))
        ex = subprocess.Popen([args.warden, "paper-exchange", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
        procs.append(ex)
        base = re.search(r"(http://\S+)", ex.stdout.readline()).group(1)
        with open(f"{work}/rules.toml", "w") as f:
            f.write("[stale_stream]\nstreams = \"\"\n[consumer_lag]\ngroups = \"\"\n")
        with open(f"{work}/warden.toml", "w") as f:
            f.write(f"""[redis]\nurl = "redis://127.0.0.1:{rport}/0"\n[binance]\nbase_url = "{base}"\n"""
                    f"""[health]\nlisten = "127.0.0.1:{wport}"\n[state]\ndir = "{work}"\n[emergency]\nmode = "armed"\n"""
                    f"""[exit]\nconfirm_timeout_s = 1\nprice_poll_interval_s = 0.2\nbootstrap_interval_s = 5\n"""
                    f"""[alerts]\nrules = "{work}/rules.toml"\n""")
        env = dict(os.environ, BINANCE_API_KEY="paper-key", BINANCE_API_SECRET="paper-secret")
        log = open(f"{work}/warden.log", "w")
        procs.append(subprocess.Popen([args.warden, "run", "--config", f"{work}/warden.toml"], stdout=log, stderr=log, env=env))
        latencies = []
        for run in range(args.runs):
            admin(base, "/admin/mark-prices", {"symbol": "BTCUSDT", "price": "65000"})
            admin(base, "/admin/positions", {"symbol": "BTCUSDT", "amount": "0.015", "entryPrice": "65000"})
            # The bootstrap (every 5 s) adopts the position; then the price crosses take-profit.
            adopted = wait_for(lambda: tracked(wport) == 1, 30, 0.1)
            if not adopted:
                raise SystemExit("position not adopted:\n" + open(f"{work}/warden.log").read()[-3000:])
            seen = len(admin(base, "/admin/orders"))
            admin(base, "/admin/mark-prices", {"symbol": "BTCUSDT", "price": "67000"})
            order = wait_for(lambda: (lambda o: o[seen] if len(o) > seen else None)(admin(base, "/admin/orders")), 20, 0.05)
            if not order:
                raise SystemExit("no emergency order:\n" + open(f"{work}/warden.log").read()[-3000:])
            broken = wait_for(lambda: broken_times(f"{work}/warden.log")[run:run + 1], 5)
            latencies.append((order["time"] / 1000.0 - broken[0]) * 1000.0)
            wait_for(lambda: tracked(wport) == 0, 30, 0.1)
        print(json.dumps({"figure": "exit_path_broken_to_order_ms", "median": statistics.median(latencies),
                          "min": min(latencies), "max": max(latencies), "runs": len(latencies), "target_max": 100}))
    finally:
        for p in reversed(procs):
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
