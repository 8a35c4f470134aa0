#!/usr/bin/env python3
"""Fault-to-page latency (issue 6): safe mode is set with a 2 s SafeModeStuck threshold and a 1 s
evaluation interval; the figure is the time from SET to the webhook notification arriving at a
local receiver. Target: median <= threshold + 1.5 s = 3.5 s. Prints one line of JSON.

Usage: alert_latency.py --warden PATH [--runs N]
Everything runs on loopback: a private redis-server, a receiver, and `warden run`; all are
stopped at the end, also on failure.
"""
import argparse, http.server, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, threading, time

from benchlib import free_port, wait_for


class Receiver(http.server.BaseHTTPRequestHandler):
    arrivals = []  # (monotonic time, alertname, status)
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        now = time.monotonic()
        try:
            doc = json.loads(body)
            alert = doc["alerts"][0]
            with Receiver.lock:
                Receiver.arrivals.append((now, alert["labels"]["alertname"], doc["status"]))
        except Exception:
            pass
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def redis_cmd(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True, timeout=5).stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--warden", required=True)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="warden-alert-bench-")
    procs = []
    server = None
    try:
        rport, hport, wport, dead = free_port(), free_port(), free_port(), free_port()
        procs.append(subprocess.Popen(["redis-server", "--port", str(rport), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", work], stdout=subprocess.DEVNULL))
        wait_for(lambda: redis_cmd(rport, "PING") == "PONG", 10)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", hport), Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with open(f"{work}/rules.toml", "w") as f:
            f.write("[safe_mode]\nstuck_s = 2\n[stale_stream]\nstreams = \"\"\n[consumer_lag]\ngroups = \"\"\n")
        with open(f"{work}/warden.toml", "w") as f:
            f.write(f"""[redis]\nurl = "redis://127.0.0.1:{rport}/0"\n[binance]\nbase_url = "http://127.0.0.1:{dead}"\n"""
                    f"""[health]\nlisten = "127.0.0.1:{wport}"\n[state]\ndir = "{work}"\n"""
                    f"""[alerts]\nrules = "{work}/rules.toml"\ninterval_s = 1.0\n"""
                    f"""[[alerts.route]]\nname = "bench"\nkind = "webhook"\nurl = "http://127.0.0.1:{hport}/hook"\n""")
        log = open(f"{work}/warden.log", "w")
        procs.append(subprocess.Popen([args.warden, "run", "--config", f"{work}/warden.toml"], stdout=log, stderr=log))
        if not wait_for(lambda: "READY" in open(f"{work}/warden.log").read(), 30):
            raise SystemExit("warden did not become ready:\n" + open(f"{work}/warden.log").read()[-2000:])
        latencies = []
        for _ in range(args.runs):
            time.sleep(1.3)  # land the fault at a random phase of the 1 s evaluation cycle
            with Receiver.lock:
                seen = len(Receiver.arrivals)
            t0 = time.monotonic()
            redis_cmd(rport, "SET", "quantum:safety:safe_mode", "1", "EX", "60")
            hit = wait_for(lambda: next((a for a in Receiver.arrivals[seen:] if a[1:] == ("SafeModeStuck", "firing")), None), 15, 0.005)
            if not hit:
                raise SystemExit("no SafeModeStuck notification within 15 s")
            latencies.append(hit[0] - t0)
            redis_cmd(rport, "DEL", "quantum:safety:safe_mode")
            wait_for(lambda: any(a[1:] == ("SafeModeStuck", "resolved") for a in Receiver.arrivals[seen:]), 15)
        print(json.dumps({"figure": "fault_to_page_s", "median": statistics.median(latencies), "min": min(latencies),
                          "max": max(latencies), "runs": len(latencies), "target_max": 3.5}))
    finally:
        for p in reversed(procs):
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        if server:
            server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
