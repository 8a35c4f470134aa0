#!/usr/bin/env python3
"""A competent Python exit monitor: the baseline `make bench` compares Warden against.

It does the exit-monitor part of Warden's job the way a careful Python service would, so the
benchmark's ratios compare implementations, not amounts of work:

- execution results: consumer group on `trade.execution.res` (created at `$` with MKSTREAM only if
  missing), own pending entries and idle ones (XAUTOCLAIM) processed first, then
  `XREADGROUP COUNT 500 BLOCK 1000 >`; the same decoder (flat fields, JSON `data`/`payload`/`signal`,
  fill statuses, symbol/price/quantity/leverage validation); dead letters with a reason; the book's
  writes (HSET of the position record), the dead letters and the XACK in ONE pipeline per batch.
- prices: blocking `XREAD COUNT 1000 BLOCK 1000` on `price.update` from `$`; the same TP / SL /
  trailing-stop rules (levels from the entry price, water mark in memory); a crossed level writes
  the close intent (same fields as Warden's CloseIntent), an audit entry and the position record in
  one pipeline.
- every second: re-send an unconfirmed intent after the confirm timeout, once, then report the exit
  path broken (same as Warden's ExitCheck).
- logs one line per event (position tracked, close intent sent, dead letters per reason per batch)
  on stderr, like Warden at log level info.

redis-py with the hiredis parser, one connection per loop (one thread each; the blocking calls
release the GIL), `decode_responses=False` so a bad byte dead-letters one entry instead of failing a
batch. Not implemented (Warden does them; they are not on the measured paths): Binance bootstrap and
mark-price poll, health server, watchdog, alerts.

Usage: python_baseline.py --redis-url redis://127.0.0.1:PORT/0 [--confirm-timeout-s 20] ...
"""
import argparse
import json
import math
import os
import re
import signal
import socket
import sys
import threading
import time

import redis

FILL_STATUSES = {"FILLED", "PARTIALLY_FILLED", "PARTIAL_FILL", "EXECUTED", "SUCCESS", "OK"}
POSITIONS_KEY = "warden:exit_monitor:positions"
MAX_FIELD_BYTES = 16 * 1024
MAX_FIELDS = 64


class Reject(Exception):
    def __init__(self, reason, detail):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def positive(text):
    """A finite number above zero, or None (same as Warden's ExecutionResultDecoder.positive)."""
    if text is None or len(text) > 40:
        return None
    try:
        d = float(text.strip(" "))
    except ValueError:
        return None
    return d if math.isfinite(d) and d > 0 else None


SYMBOL = re.compile(r"[A-Z0-9]{2,32}")


def valid_symbol(s):
    return SYMBOL.fullmatch(s) is not None


def plain(v, digits=10):
    """Decimal text without exponent or trailing zeros (Warden's DecimalText.plain)."""
    if not math.isfinite(v):
        return "0"
    s = f"{v:.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def iso8601(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def now_ms():
    return time.time_ns() // 1_000_000


def scalar_text(v):
    """A JSON scalar as text (Warden's JSONValue.scalarText); None for objects, arrays and null."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if math.isfinite(v) and abs(v) < 1e15 and v == int(v) else repr(v)
    return None


def flatten(fields):
    """bytes→bytes dict from redis-py → lower-cased str dict with nested JSON merged in."""
    if len(fields) > MAX_FIELDS:
        raise Reject("oversized", f"{len(fields)} fields (limit {MAX_FIELDS})")
    flat = {}
    for k, v in fields.items():
        if len(k) > 256 or len(v) > MAX_FIELD_BYTES:
            raise Reject("oversized", f"a field is over {MAX_FIELD_BYTES} bytes")
        try:
            flat[k.decode().lower()] = v.decode()
        except UnicodeDecodeError:
            raise Reject("invalid_utf8", "a field is not valid UTF-8") from None
    for container in ("data", "payload", "signal"):
        text = flat.pop(container, None)
        if text is None:
            continue
        try:
            members = json.loads(text)
        except ValueError:
            members = None
        if not isinstance(members, dict):
            raise Reject("malformed_json", f"field {container} is not a JSON object")
        for key, value in members.items():
            k = key.lower()
            if k not in flat:
                text = scalar_text(value)
                if text is not None:
                    flat[k] = text
            if k == "signal" and isinstance(value, dict):  # one more level: {"signal": {...}} inside data
                for ik, iv in value.items():
                    ik = ik.lower()
                    if ik not in flat:
                        text = scalar_text(iv)
                        if text is not None:
                            flat[ik] = text
    return flat


def decode(fields):
    """('opened'|'reduced', fill dict) or raises Reject (Warden's ExecutionResultDecoder)."""
    f = flatten(fields)
    raw = f.get("symbol")
    if not raw:
        raise Reject("missing_symbol", "no symbol")
    symbol = raw.upper()
    if not valid_symbol(symbol):
        raise Reject("bad_symbol", "symbol is not 2 to 32 letters and digits")
    status = f.get("status")
    if status is not None and status.upper() not in FILL_STATUSES:
        raise Reject("not_a_fill", f"status {status[:40]} is not a fill")
    action = (f.get("action") or f.get("side") or "").upper()
    side = "LONG" if action in ("BUY", "LONG") else "SHORT" if action in ("SELL", "SHORT") else None
    if side is None:
        raise Reject("bad_action", "action is not BUY, SELL, LONG or SHORT")
    price = positive(f.get("entry_price") or f.get("avg_price") or f.get("price"))
    if price is None:
        raise Reject("bad_price", "entry_price is missing, not a number, or not above 0")
    qty = positive(f.get("quantity") or f.get("executed_qty") or f.get("qty"))
    if qty is None:
        usd = positive(f.get("position_size_usd"))
        qty = usd / price if usd is not None else None
    if qty is None or not math.isfinite(qty) or qty <= 0:
        raise Reject("bad_quantity", "quantity is missing or not above 0")
    lev = 1.0
    text = f.get("leverage")
    if text:
        lev = positive(text)
        if lev is None or lev > 125:
            raise Reject("bad_leverage", "leverage is not from 1 to 125")
    fill = {
        "symbol": symbol, "side": side, "entry": price, "qty": qty, "lev": lev,
        "order_id": (f.get("order_id") or f.get("orderid") or "")[:64],
        "tp": positive(f.get("take_profit")), "sl": positive(f.get("stop_loss")),
    }
    reduce_only = (f.get("reduce_only") or f.get("reduceonly") or "").upper() in ("TRUE", "1", "YES")
    return ("reduced" if reduce_only else "opened"), fill


class Position:
    __slots__ = ("symbol", "side", "qty", "entry", "lev", "tp", "sl", "water", "order_id", "opened_ms", "exit")

    def record(self):
        m = {"symbol": self.symbol, "side": self.side, "qty": self.qty, "entry": self.entry, "lev": self.lev,
             "tp": self.tp, "sl": self.sl, "water": self.water, "order_id": self.order_id,
             "opened_ms": self.opened_ms}
        if self.exit is not None:
            m["exit"] = self.exit
        return json.dumps(m, separators=(",", ":"))


class Book:
    """Warden's PositionBook rules (one-way mode), returning actions to write."""

    def __init__(self, tp_pct, sl_pct, trail_pct, arm_pct, confirm_timeout_ms, max_age_ms):
        self.positions = {}
        self.pending = set()  # symbols with a close in progress (for the timeout check)
        self.tp_pct, self.sl_pct, self.trail_pct, self.arm_pct = tp_pct, sl_pct, trail_pct, arm_pct
        self.confirm_timeout_ms = confirm_timeout_ms
        self.max_age_ms = max_age_ms
        self.lock = threading.Lock()

    def levels(self, side, entry, tp, sl):
        up = side == "LONG"
        tp_pct = entry * (1 + self.tp_pct / 100 if up else 1 - self.tp_pct / 100)
        sl_pct = entry * (1 - self.sl_pct / 100 if up else 1 + self.sl_pct / 100)
        tp = tp if tp is not None and (tp > entry if up else tp < entry) else tp_pct
        sl = sl if sl is not None and sl > 0 and (sl < entry if up else sl > entry) else sl_pct
        return tp, sl

    def apply(self, kind, fill, now):
        sym = fill["symbol"]
        if kind == "opened":
            p = self.positions.get(sym)
            if p is not None and p.side == fill["side"]:
                total = p.qty + fill["qty"]
                p.entry = (p.entry * p.qty + fill["entry"] * fill["qty"]) / total
                p.qty = total
                p.lev = fill["lev"]
                return [("updated", p)]
            p = Position()
            p.symbol, p.side, p.qty, p.entry, p.lev = sym, fill["side"], fill["qty"], fill["entry"], fill["lev"]
            p.tp, p.sl = self.levels(p.side, p.entry, fill["tp"], fill["sl"])
            p.water, p.order_id, p.opened_ms, p.exit = p.entry, fill["order_id"], now, None
            self.positions[sym] = p
            return [("tracked", p)]
        side = "SHORT" if fill["side"] == "LONG" else "LONG"
        p = self.positions.get(sym)
        if p is None or p.side != side:
            return []
        p.qty -= fill["qty"]
        if p.qty <= 1e-12:
            del self.positions[sym]
            self.pending.discard(sym)
            return [("removed", p)]
        return [("updated", p)]

    def evaluate(self, p, price):
        if p.side == "LONG":
            if price >= p.tp:
                return "tp_hit"
            if price <= p.sl:
                return "sl_hit"
            gain = (p.water - p.entry) / p.entry * 100
            if gain >= self.arm_pct and price <= p.water * (1 - self.trail_pct / 100):
                return "trailing_stop"
        else:
            if price <= p.tp:
                return "tp_hit"
            if price >= p.sl:
                return "sl_hit"
            gain = (p.entry - p.water) / p.entry * 100
            if gain >= self.arm_pct and price >= p.water * (1 + self.trail_pct / 100):
                return "trailing_stop"
        return None

    def on_price(self, sym, price, price_ms, now):
        if now - price_ms > self.max_age_ms:
            return []
        p = self.positions.get(sym)
        if p is None:
            return []
        p.water = max(p.water, price) if p.side == "LONG" else min(p.water, price)
        if p.exit is not None:
            return []
        reason = self.evaluate(p, price)
        if reason is None:
            return []
        intent = self.intent(p, reason, price, 1, now)
        p.exit = {"reason": reason, "intent_id": intent["intent_id"], "price": price, "first_ms": now,
                  "last_ms": now, "attempts": 1, "escalated": False}
        self.pending.add(sym)
        return [("send", intent), ("updated", p)]

    def check_timeouts(self, now):
        actions = []
        for sym in sorted(self.pending):
            p = self.positions.get(sym)
            e = p.exit if p is not None else None
            if e is None or e["escalated"] or now - e["last_ms"] < self.confirm_timeout_ms:
                continue
            if e["attempts"] == 1:
                intent = self.intent(p, e["reason"], e["price"], 2, now)
                e.update(attempts=2, intent_id=intent["intent_id"], last_ms=now)
                actions += [("resend", intent), ("updated", p)]
            else:
                e["escalated"] = True
                actions += [("broken", p), ("updated", p)]
        return actions

    @staticmethod
    def intent(p, reason, price, attempt, now):
        return {
            "symbol": p.symbol, "action": "SELL" if p.side == "LONG" else "BUY",
            "quantity": plain(p.qty), "position_size_usd": plain(p.qty * price, 4), "leverage": plain(p.lev),
            "entry_price": plain(price), "reduce_only": "true", "exit_reason": reason,
            "tp_level": plain(p.tp), "sl_level": plain(p.sl), "order_id": p.order_id,
            "intent_id": f"wd-{p.symbol}-{now}-{attempt}", "source": "exit_monitor", "model": "exit_monitor",
            "timestamp": iso8601(now),
        }


class Monitor:
    def __init__(self, args):
        self.args = args
        self.stop = threading.Event()
        self.book = Book(args.take_profit_pct, args.stop_loss_pct, args.trailing_stop_pct, args.trailing_arm_pct,
                         int(args.confirm_timeout_s * 1000), int(args.max_price_age_s * 1000))
        p = args.prefix
        self.exec_stream, self.price_stream = p + "trade.execution.res", p + "price.update"
        self.intent_stream, self.deadletter, self.audit = p + "trade.intent", p + "warden.deadletter", p + "warden.audit"
        self.consumer = args.consumer or f"warden-{socket.gethostname()}"
        self.log_lock = threading.Lock()

    def redis(self):
        return redis.Redis.from_url(self.args.redis_url, decode_responses=False, protocol=2,
                                    socket_timeout=5, socket_connect_timeout=2)

    def log(self, lines):
        if lines:
            with self.log_lock:
                sys.stderr.write("".join(lines))
                sys.stderr.flush()

    def line(self, level, msg, **kv):
        ms = now_ms()
        return f"{iso8601(ms)} {level} baseline: {msg} " + " ".join(f"{k}={v}" for k, v in kv.items()) + "\n"

    # -- writes -----------------------------------------------------------------------------------
    def queue_actions(self, pipe, actions, lines):
        for kind, obj in actions:
            if kind in ("tracked", "updated"):
                pipe.hset(POSITIONS_KEY, obj.symbol, obj.record())
                if kind == "tracked":
                    lines.append(self.line("info", "position tracked", **{
                        "warden.event": "POSITION_TRACKED", "symbol": obj.symbol, "side": obj.side,
                        "take_profit": plain(obj.tp), "stop_loss": plain(obj.sl)}))
            elif kind == "removed":
                pipe.hdel(POSITIONS_KEY, obj.symbol)
                lines.append(self.line("info", "position left the book", **{
                    "warden.event": "POSITION_CLOSED", "symbol": obj.symbol, "why": "closed_by_fill"}))
            elif kind in ("send", "resend"):
                pipe.xadd(self.intent_stream, obj)
                pipe.xadd(self.audit, {
                    "event": "exit_sent", "source": "warden", "symbol": obj["symbol"],
                    "exit_reason": obj["exit_reason"], "action": obj["action"], "quantity": obj["quantity"],
                    "price": obj["entry_price"], "order_id": obj["order_id"], "intent_id": obj["intent_id"],
                    "timestamp": obj["timestamp"]}, maxlen=100000, approximate=True)
                lines.append(self.line("notice" if kind == "send" else "warning", "close intent sent", **{
                    "warden.event": "EXIT_SENT" if kind == "send" else "EXIT_RESENT", "symbol": obj["symbol"],
                    "exit_reason": obj["exit_reason"], "intent_id": obj["intent_id"]}))
            elif kind == "broken":
                pipe.xadd(self.audit, {"event": "exit_path_broken", "source": "warden", "symbol": obj.symbol,
                                       "exit_reason": obj.exit["reason"], "quantity": plain(obj.qty),
                                       "order_id": obj.order_id}, maxlen=100000, approximate=True)
                lines.append(self.line("critical", "exit path broken", **{
                    "warden.event": "EXIT_PATH_BROKEN", "symbol": obj.symbol}))

    def write(self, r, actions, extra=None):
        """One pipeline: the book's actions, then `extra(pipe)` (dead letters, XACK). Retries until written."""
        attempt = 0
        while True:
            lines = []
            pipe = r.pipeline(transaction=False)
            self.queue_actions(pipe, actions, lines)
            if extra is not None:
                extra(pipe)
            if not pipe.command_stack:
                return
            try:
                for reply in pipe.execute(raise_on_error=False):
                    if isinstance(reply, Exception):
                        raise reply
                self.log(lines)
                return
            except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError) as e:
                attempt += 1
                if attempt == 1:
                    self.log([self.line("error", "batch not written; retrying", detail=repr(e))])
                if self.stop.is_set():
                    raise
                time.sleep(min(1.0, 0.05 * attempt))

    # -- execution results ------------------------------------------------------------------------
    def process(self, r, entries):
        if not entries:
            return
        ids, results, dead, by_reason = [], [], [], {}
        for entry_id, fields in entries:
            ids.append(entry_id)
            try:
                results.append(decode(fields or {}))
            except Reject as rej:
                by_reason.setdefault(rej.reason, [0, rej.detail])[0] += 1
                raw = " ".join(f"{k[:256].decode('utf-8', 'replace')}={v[:2048].decode('utf-8', 'replace')}"
                               for k, v in (fields or {}).items())[:2048]
                dead.append({"source_stream": self.exec_stream, "source_id": entry_id, "reason": rej.reason,
                             "detail": rej.detail, "raw": raw})
        now = now_ms()
        actions = []
        with self.book.lock:
            for kind, fill in results:
                actions += self.book.apply(kind, fill, now)
        self.log([self.line("warning", "execution results dead-lettered", **{
            "warden.event": "DEAD_LETTER", "reason": reason, "count": n, "sample": repr(sample)})
            for reason, (n, sample) in sorted(by_reason.items())])

        def extra(pipe):
            for d in dead:
                pipe.xadd(self.deadletter, d, maxlen=100000, approximate=True)
            pipe.xack(self.exec_stream, self.args.group, *ids)
        self.write(r, actions, extra)

    def consumer_loop(self):
        r = self.redis()
        started = False
        while not self.stop.is_set():
            try:
                if not started:
                    try:
                        r.xgroup_create(self.exec_stream, self.args.group, id="$", mkstream=True)
                    except redis.ResponseError as e:
                        if "BUSYGROUP" not in str(e):
                            raise
                    while True:  # own pending entries first
                        reply = r.xreadgroup(self.args.group, self.consumer, {self.exec_stream: "0"}, count=500)
                        entries = reply[0][1] if reply else []
                        if not entries:
                            break
                        self.process(r, entries)
                    cursor = "0-0"
                    while True:  # then other consumers' idle entries
                        nxt, claimed, deleted = r.xautoclaim(self.exec_stream, self.args.group, self.consumer,
                                                             60000, cursor, count=500)
                        self.process(r, claimed)
                        if deleted:
                            r.xack(self.exec_stream, self.args.group, *deleted)
                        cursor = nxt.decode() if isinstance(nxt, bytes) else nxt
                        if cursor == "0-0":
                            break
                    started = True
                reply = r.xreadgroup(self.args.group, self.consumer, {self.exec_stream: ">"}, count=500, block=1000)
                if reply:
                    self.process(r, reply[0][1])
            except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError) as e:
                self.log([self.line("error", "execution results unavailable", detail=repr(e))])
                if "NOGROUP" in str(e):
                    started = False
                self.stop.wait(1)

    # -- prices -----------------------------------------------------------------------------------
    def price_loop(self):
        r = self.redis()
        cursor = "$"
        pending = []
        while not self.stop.is_set():
            try:
                if pending:
                    self.write(r, pending)
                    pending = []
                reply = r.xread({self.price_stream: cursor}, count=1000, block=1000)
                if not reply:
                    continue
                entries = reply[0][1]
                cursor = entries[-1][0]
                now = now_ms()
                actions = []
                with self.book.lock:
                    for entry_id, fields in entries:
                        sym = fields.get(b"symbol")
                        price = positive((fields.get(b"price") or fields.get(b"mark_price")
                                          or fields.get(b"last_price") or fields.get(b"close") or b"").decode("ascii", "replace"))
                        if sym is None or price is None:
                            continue
                        sym = sym.decode("utf-8", "replace").upper()
                        if not valid_symbol(sym):
                            continue
                        ms = int(entry_id.split(b"-", 1)[0])
                        actions += self.book.on_price(sym, price, ms, now)
                if actions:
                    pending = actions
                    self.write(r, actions)
                    pending = []
            except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError) as e:
                self.log([self.line("error", "price updates unavailable", detail=repr(e))])
                self.stop.wait(1)

    # -- exit check -------------------------------------------------------------------------------
    def check_loop(self):
        r = self.redis()
        pending = []
        while not self.stop.wait(1.0):
            with self.book.lock:
                pending += self.book.check_timeouts(now_ms())
            if pending:
                try:
                    self.write(r, pending)
                    pending = []
                except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError):
                    pass

    def restore(self):
        r = self.redis()
        for _, text in r.hgetall(POSITIONS_KEY).items():
            try:
                v = json.loads(text)
                p = Position()
                p.symbol, p.side, p.qty, p.entry, p.lev = v["symbol"], v["side"], v["qty"], v["entry"], v["lev"]
                p.tp, p.sl, p.water, p.order_id = v["tp"], v["sl"], v["water"], v.get("order_id", "")
                p.opened_ms, p.exit = int(v["opened_ms"]), v.get("exit")
                self.book.positions[p.symbol] = p
                if p.exit is not None:
                    self.book.pending.add(p.symbol)
            except (ValueError, KeyError, TypeError):
                continue

    def run(self):
        self.restore()
        threads = [threading.Thread(target=f, name=f.__name__, daemon=True)
                   for f in (self.consumer_loop, self.price_loop, self.check_loop)]
        for t in threads:
            t.start()
        self.log([self.line("notice", "started", positions=len(self.book.positions))])
        self.stop.wait()
        for t in threads:
            t.join(timeout=3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--redis-url", default=os.environ.get("WARDEN_REDIS_URL", "redis://127.0.0.1:6379/0"))
    ap.add_argument("--prefix", default="quantum:stream:")
    ap.add_argument("--group", default="exit_monitor_group")
    ap.add_argument("--consumer", default="")
    ap.add_argument("--take-profit-pct", type=float, default=2.5)
    ap.add_argument("--stop-loss-pct", type=float, default=1.5)
    ap.add_argument("--trailing-stop-pct", type=float, default=1.0)
    ap.add_argument("--trailing-arm-pct", type=float, default=1.0)
    ap.add_argument("--confirm-timeout-s", type=float, default=20)
    ap.add_argument("--max-price-age-s", type=float, default=10)
    m = Monitor(ap.parse_args())
    signal.signal(signal.SIGTERM, lambda *_: m.stop.set())
    signal.signal(signal.SIGINT, lambda *_: m.stop.set())
    m.run()


if __name__ == "__main__":
    main()
