"""Helpers shared by the latency benchmarks: free loopback ports and bounded polling."""
import socket, time


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def wait_for(pred, timeout, step=0.02):
    """Polls `pred` until it returns something truthy (returned) or `timeout` seconds pass (None)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r = pred()
        if r:
            return r
        time.sleep(step)
    return None
