"""Driver for tests/bench/run_serve: starts `newsdeal serve`, runs wrk against it,
samples the server's resident memory, prints the figures. Arguments: ROOT
NEWSDEAL [SECONDS | --million]."""
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

root, newsdeal = sys.argv[1], sys.argv[2]
million = "--million" in sys.argv[3:]
seconds = next((int(a) for a in sys.argv[3:] if a.isdigit()), 30)
threads = int(os.environ.get("THREADS", os.cpu_count() or 2))
connections = int(os.environ.get("CONNECTIONS", threads))
here = os.path.dirname(os.path.abspath(__file__))


class Server:
    def __init__(self, *args):
        self.proc = subprocess.Popen([newsdeal, "serve", "--port", "0", "--threads", str(threads), "-q", *args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        line = self.proc.stderr.readline().decode()
        m = re.search(r":(\d+)\s*$", line)
        if not m:
            sys.exit(f"run_serve: newsdeal serve did not start: {line}{self.proc.stderr.read().decode()}")
        self.url = f"http://127.0.0.1:{m.group(1)}"
        self.rss = []  # (seconds since start, bytes)
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self):
        start = time.monotonic()
        while not self._stop.wait(1.0):
            try:
                status = open(f"/proc/{self.proc.pid}/status").read()
            except OSError:
                return
            kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            self.rss.append((time.monotonic() - start, kb * 1024))

    def close(self):
        self._stop.set()
        self._sampler.join()
        self.proc.terminate()
        self.proc.wait(60)


def wrk(url, duration, script=None, env=None):
    cmd = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    if script:
        cmd += ["-s", script]
    p = subprocess.run(cmd + [url], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"run_serve: wrk failed: {p.stderr}")
    if script:
        return json.loads(p.stdout.strip().splitlines()[-1])
    # No script: parse wrk's own report.
    reqs = int(re.search(r"(\d+) requests in", p.stdout).group(1))
    dur = float(re.search(r"requests in ([\d.]+)s", p.stdout).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", p.stdout)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", p.stdout)
    return {"requests": reqs, "duration_us": dur * 1e6, "status_errors": int(non2xx.group(1)) if non2xx else 0,
            "connect_errors": int(errs.group(1)) if errs else 0, "read_errors": int(errs.group(2)) if errs else 0,
            "write_errors": int(errs.group(3)) if errs else 0, "timeouts": int(errs.group(4)) if errs else 0,
            "p50_us": None, "p99_us": None}


def errors(r):
    return sum(r[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))


def mb(b):
    return b / (1 << 20)


def report(label, r, server):
    rate = r["requests"] / (r["duration_us"] / 1e6)
    lat = (f"{r['p50_us'] / 1000:8.2f} {r['p99_us'] / 1000:8.2f}" if r.get("p50_us") is not None
           else f"{'-':>8} {'-':>8}")
    rss = [b for _, b in server.rss]
    # Memory after the first tenth of the run (warm: caches filled) against the end.
    warm = rss[len(rss) // 10] if rss else 0
    mem = f"{mb(warm):7.1f} {mb(max(rss)) if rss else 0:7.1f} {mb(rss[-1]) if rss else 0:7.1f}"
    print(f"{label:<34} {r['requests']:>9} {rate:>9.0f} {lat} {errors(r):>6}   {mem}")
    return rate


with tempfile.TemporaryDirectory() as tmp:
    bodies = os.path.join(tmp, "bodies.lua")
    n = subprocess.run([sys.executable, os.path.join(here, "serve_bodies.py"), root, bodies], check=True,
                       capture_output=True, text=True).stdout.strip()
    env = dict(os.environ, BODIES=bodies)
    script = os.path.join(here, "serve_load.lua")
    print(f"newsdeal serve --threads {threads}; wrk {connections} connections on loopback; {n} corpus articles "
          f"posted in turn; {os.cpu_count()} cores shared by server and wrk")
    print(f"{'run':<34} {'requests':>9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}   "
          f"{'RSS MB: warm     max     end'}")

    s = Server()
    base = report("GET /healthz (baseline)", wrk(s.url + "/healthz", min(seconds, 10)), s)
    s.close()
    s = Server()
    mem_rate = report("POST /v1/extract", wrk(s.url, seconds, script, env), s)
    s.close()
    s = Server("--state", os.path.join(tmp, "state.json"))
    state_rate = report("POST /v1/extract --state", wrk(s.url, seconds, script, env), s)
    s.close()
    s = Server("--state", os.path.join(tmp, "state-sync.json"), "--state-interval", "0")
    sync_rate = report("  ... --state-interval 0", wrk(s.url, seconds, script, env), s)
    s.close()
    print(f"ratios: extract / healthz {mem_rate / base:.4f}; --state / no state {state_rate / mem_rate:.2f}; "
          f"--state-interval 0 / no state {sync_rate / mem_rate:.2f}")

    if million:
        duration = math.ceil(1.1 * 1_000_000 / state_rate) + 5
        s = Server("--state", os.path.join(tmp, "state-million.json"))
        r = wrk(s.url, duration, script, env)
        report(f"POST /v1/extract --state, {duration} s", r, s)
        s.close()
        rss = s.rss
        print(f"1M run: {r['requests']} requests ({'>=' if r['requests'] >= 1_000_000 else 'UNDER'} 1,000,000), "
              f"{errors(r)} errors; RSS every 10% of the run (MB): "
              + " ".join(f"{mb(rss[min(len(rss) - 1, len(rss) * k // 10)][1]):.1f}" for k in range(11)))
