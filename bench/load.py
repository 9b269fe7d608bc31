#!/usr/bin/env python3
"""Open-loop load on a running AskFlow gateway: POST /ask at fixed rates, latency from each request's
intended send time, so a slow server cannot hide its queueing (no coordinated omission).

For every rate it prints the requests sent, the rate achieved, the status codes, p50/p90/p99/max latency,
the CPU time each AskFlow process used per question, and their resident memory (idle before, peak during).
A sequential run (one request at a time) comes first, after a warm-up that is printed but not counted: the
JVMs' class loading and JIT compilation take a few hundred questions on a 2-core machine, and what is
measured is the service warmed up. Only the standard library is used.

Start AskFlow with its limits opened wide, e.g.
  ASKFLOW_REQUESTS_PER_MINUTE=100000 ASKFLOW_TOKENS_PER_DAY=1000000000 ASKFLOW_FLOOD_USER_RPS=10000 \
  ASKFLOW_FLOOD_ADDRESS_RPS=10000 ASKFLOW_MAX_SYNC_WAITS=2000 ./run.sh
then: bench/load.py --rates 5,10,20 --seconds 20
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import re
import subprocess
import threading
import time
import urllib.parse
from collections import Counter

PROCESS_MARKERS = {
    "gateway": "askflow-api-gateway",
    "worker": "askflow-worker",
    "temporal": "server start-dev",
}


def sign_in(base, user_id):
    status, body = request(base, "POST", "/auth/dev-login", None,
                           json.dumps({"login": f"bench-{user_id}", "id": user_id}))
    if status != 200:
        raise SystemExit(f"dev-login answered {status}: {body[:200]} (is this a dev gateway?)")
    return json.loads(body)["token"]


def request(base, method, path, token, body=None, timeout=120):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    except OSError as e:
        return f"error:{type(e).__name__}", str(e)
    finally:
        connection.close()


def processes_on_ports(ports):
    """pid of the process listening on each named port, e.g. {"gateway": 8080}, found with ss."""
    found = {}
    for name, port in ports.items():
        out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
        match = re.search(r"pid=(\d+)", out)
        if match:
            found[name] = int(match.group(1))
    # one process in two roles (the worker hosting the in-process Temporal) is sampled once, named for both
    merged = {}
    for pid in dict.fromkeys(found.values()):
        merged["+".join(name for name, p in found.items() if p == pid)] = pid
    return merged


def processes():
    """pid of each AskFlow process found on this machine, by a marker in its command line."""
    found = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        for name, marker in PROCESS_MARKERS.items():
            if marker in cmdline and "load.py" not in cmdline:
                found.setdefault(name, int(pid))
    return found


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_millis(pid):
    """CPU time the process has used, in ms (/proc/<pid>/stat: utime + stime, in clock ticks)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class ProcessCpu:
    """CPU milliseconds each process uses per answered question (a 200) over a run."""

    def __init__(self, pids):
        self.pids = pids
        self.before = {}

    def __enter__(self):
        self.before = {name: cpu_millis(pid) for name, pid in self.pids.items()}
        return self

    def __exit__(self, *exc):
        self.after = {name: cpu_millis(pid) for name, pid in self.pids.items()}

    def per_question(self, questions):
        return {name: (self.after[name] - self.before[name]) / questions
                for name in self.pids
                if questions and self.before.get(name) is not None and self.after.get(name) is not None}


def with_cpu(pids, run):
    """Runs a measurement and adds, and prints, the CPU each process spent per answered question."""
    with ProcessCpu(pids) as cpu:
        figures = run()
    figures["cpuMillisPerQuestion"] = cpu.per_question(figures["statuses"].get("200", 0))
    print_cpu(figures["cpuMillisPerQuestion"])
    return figures


def print_cpu(per_question):
    if per_question:
        total = sum(per_question.values())
        ceiling = f", so {os.cpu_count()} cores answer at most {os.cpu_count() * 1000 / total:.0f}/s" if total else ""
        print(" " * 16 + "CPU per question (ms): "
              + ", ".join(f"{name} {value:.1f}" for name, value in per_question.items())
              + f"; total {total:.1f}{ceiling}")


class PeakMemory:
    """Samples the resident memory of each process every half second; keeps the peak."""

    def __init__(self, pids):
        self.pids = pids
        self.peak = {name: 0.0 for name in pids}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            for name, pid in self.pids.items():
                value = rss_mib(pid)
                if value is not None:
                    self.peak[name] = max(self.peak[name], value)
            self.stop.wait(0.5)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def summary(label, latencies_ms, statuses, elapsed_s, offered=0.0):
    """Prints one run's line and returns its figures (the same fields as the engine floor's measurements)."""
    values = sorted(latencies_ms)
    codes = " ".join(f"{code}:{count}" for code, count in sorted(statuses.items(), key=lambda kv: str(kv[0])))
    achieved = len(values) / elapsed_s if elapsed_s > 0 else 0.0
    print(f"{label:>14}  sent {len(values):5d}  achieved {achieved:7.1f}/s  "
          f"p50 {percentile(values, 50):7.1f}  p90 {percentile(values, 90):7.1f}  "
          f"p99 {percentile(values, 99):7.1f}  max {values[-1] if values else float('nan'):7.1f} ms  [{codes}]")
    return {"label": label, "offeredPerSecond": offered, "calls": len(values),
            "statuses": {str(code): count for code, count in statuses.items()},
            "achievedPerSecond": achieved, "p50Millis": percentile(values, 50),
            "p90Millis": percentile(values, 90), "p99Millis": percentile(values, 99),
            "maxMillis": values[-1] if values else float("nan")}


def sequential(base, token, count, method="POST", path="/ask", label="one at a time"):
    latencies, statuses = [], Counter()
    started = time.monotonic()
    for i in range(count):
        t0 = time.monotonic()
        body = json.dumps({"question": f"sequential {i} {t0}"}) if method == "POST" else None
        status, _ = request(base, method, path, token, body)
        latencies.append((time.monotonic() - t0) * 1000)
        statuses[status] += 1
    return summary(label, latencies, statuses, time.monotonic() - started)


def back_to_back(base, tokens, clients, label, keeps_asking):
    """`clients` clients each asking its next question as soon as its last is answered, while
    `keeps_asking(client, i)` says its i-th question is still to be asked."""
    latencies, statuses, lock = [], Counter(), threading.Lock()
    started = time.monotonic()

    def client(n):
        i = 0
        while keeps_asking(n, i):
            t0 = time.monotonic()
            body = json.dumps({"question": f"{label} {n}.{i} {t0}"})
            status, _ = request(base, "POST", "/ask", tokens[n % len(tokens)], body)
            with lock:
                latencies.append((time.monotonic() - t0) * 1000)
                statuses[status] += 1
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summary(label, latencies, statuses, time.monotonic() - started)


def warm_up(base, tokens, count, clients):
    """`count` questions from `clients` clients back to back (many when each question takes long)."""
    clients = max(1, clients)
    return back_to_back(base, tokens, clients, "warm-up", lambda n, i: n + i * clients < count)


def saturate(base, tokens, concurrency, seconds):
    """As many questions as `concurrency` clients complete back to back: the most the service answers."""
    deadline = time.monotonic() + seconds
    return back_to_back(base, tokens, concurrency, f"{concurrency} in flight",
                        lambda n, i: time.monotonic() < deadline)


def open_loop(base, tokens, rate, seconds, max_in_flight):
    """Sends rate × seconds requests at their intended times; each latency counts from its intended time."""
    total = int(rate * seconds)
    latencies, statuses, lock = [], Counter(), threading.Lock()
    last_finish = [0.0]

    def one(i, intended):
        body = json.dumps({"question": f"load {rate}/s #{i} {intended}"})
        status, _ = request(base, "POST", "/ask", tokens[i % len(tokens)], body)
        finished = time.monotonic()
        with lock:
            latencies.append((finished - intended) * 1000)
            statuses[status] += 1
            last_finish[0] = max(last_finish[0], finished)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max_in_flight) as pool:
        start = time.monotonic() + 0.2
        for i in range(total):
            intended = start + i / rate
            delay = intended - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, i, intended)
    # achieved: answers per second from the first intended send to the last answer; below the offered rate
    # when the service falls behind
    return summary(f"{rate:g}/s", latencies, statuses, last_finish[0] - start, rate)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://localhost:8080")
    parser.add_argument("--rates", default="5,10,20", help="questions per second, comma-separated")
    parser.add_argument("--seconds", type=float, default=20, help="length of each rate's run")
    parser.add_argument("--sequential", type=int, default=20, help="requests sent one at a time first")
    parser.add_argument("--users", type=int, default=8, help="users the load is spread over")
    parser.add_argument("--max-in-flight", type=int, default=512)
    parser.add_argument("--me", type=int, default=0,
                        help="GET /me requests sent one at a time first: the gateway's cost without a workflow")
    parser.add_argument("--concurrency", type=int, default=0,
                        help="clients asking back to back after the rates, to find the most answered per second")
    parser.add_argument("--saturate-seconds", type=float, default=10)
    parser.add_argument("--warm-up", type=int, default=300,
                        help="questions asked first, printed but not counted")
    parser.add_argument("--warm-up-clients", type=int, default=1,
                        help="clients sharing the warm-up (one: one question at a time)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--ports", help="whose memory to sample, by listening port: gateway=8080,worker=8081,"
                                        "temporal=7233 (default: AskFlow processes found by command line)")
    args = parser.parse_args()

    base = args.base_url
    first_user = 900000 + int(time.time()) % 50000
    tokens = [sign_in(base, first_user + n) for n in range(args.users)]
    if args.ports:
        pids = processes_on_ports(dict((kv.split("=")[0], int(kv.split("=")[1])) for kv in args.ports.split(",")))
    else:
        pids = processes()
    idle = {name: rss_mib(pid) for name, pid in pids.items()}
    print(f"AskFlow at {base}; processes: {pids or 'none found on this machine'}")
    if idle:
        print("resident memory at idle (MiB): "
              + ", ".join(f"{name} {value:.0f}" for name, value in idle.items() if value))

    report = {"baseUrl": base, "idleMemoryMiB": idle, "measurements": []}
    if args.warm_up:  # not counted: class loading, JIT, connections, caches; shows what a cold start costs
        report["warmUp"] = warm_up(base, tokens, args.warm_up, args.warm_up_clients)
        report["warmUp"]["clients"] = max(1, args.warm_up_clients)
    if args.me:
        report["me"] = sequential(base, tokens[0], args.me, "GET", "/me", "GET /me")
    if args.sequential:
        report["measurements"].append(with_cpu(pids, lambda: sequential(base, tokens[0], args.sequential)))
    runs = [("rate", float(r)) for r in args.rates.split(",") if r]
    if args.concurrency:
        runs.append(("saturate", args.concurrency))
    for kind, value in runs:
        with PeakMemory(pids) as memory:
            if kind == "rate":
                figures = with_cpu(pids, lambda: open_loop(base, tokens, value, args.seconds, args.max_in_flight))
            else:
                figures = with_cpu(pids, lambda: saturate(base, tokens, value, args.saturate_seconds))
        figures["peakMemoryMiB"] = memory.peak
        report["measurements"].append(figures)
        if memory.peak:
            print(" " * 16 + "peak resident memory (MiB): "
                  + ", ".join(f"{name} {value:.0f}" for name, value in memory.peak.items()))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
