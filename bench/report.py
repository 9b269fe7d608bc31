#!/usr/bin/env python3
"""Prints the benchmark's report (Markdown) from the figures bench/run.sh keeps in a folder: AskFlow against
the engine floor of its own shape on the same Temporal, the floor of each workflow shape, the slow-model run,
resident memory, and every target with whether this run met it.

Usage: bench/report.py target/bench
"""

import json
import math
import os
import sys

MODEL_MILLIS = 800

# (engine, one-at-a-time p50 ms, p99 ms or None, rate to hold, p99 ms allowed at that rate)
TARGETS = {
    "dev-server": {"p50": 110, "p99": None, "rate": 20, "rate_p99": 1000},
    "in-process": {"p50": 15, "p99": 40, "rate": 120, "rate_p99": 250},
}
MAX_OVERHEAD_MS = 5
MIN_THROUGHPUT_FRACTION = 0.70
MAX_SLOW_MODEL_OVERHEAD = 0.05


def load(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def sequential(run):
    return next(m for m in run["measurements"] if m["label"] == "one at a time")


def flat_out(run):
    return next((m for m in run["measurements"] if m["label"].endswith("in flight")), None)


def at_rate(run, rate):
    return next((m for m in run["measurements"] if m.get("offeredPerSecond") == rate), None)


def floor_shape(floor, shape):
    return next(s for s in floor["shapes"] if s["shape"] == shape)


def ms(value):
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1f} ms"


def mark(ok):
    return "met" if ok else "**missed**"


def non_200(measurement):
    return sum(count for code, count in measurement.get("statuses", {}).items() if code != "200")


def cpu_per_call(measurement):
    """CPU ms per call by process name: AskFlow's per question, the floor's per workflow."""
    if not measurement:
        return {}
    return measurement.get("cpuMillisPerQuestion") or measurement.get("cpuMillisPerCall") or {}


def cpu(measurement):
    """CPU ms per call by process, e.g. "gateway 14.0 + worker 25.1 + temporal 70.3 = 109.4 ms"."""
    per_call = cpu_per_call(measurement)
    if not per_call:
        return "n/a"
    parts = " + ".join(f"{name} {value:.1f}" for name, value in per_call.items())
    return f"{parts} = {sum(per_call.values()):.1f} ms"


def cpu_ceiling(measurement, cores):
    """The most calls a second the machine's cores could serve at this CPU cost per call."""
    total = sum(cpu_per_call(measurement).values())
    return f"{cores * 1000 / total:.0f}/s" if total else "n/a"


def held(measurement, rate, p99_limit):
    """Held: at least 95 % of the offered rate answered, p99 under the limit, every answer a 200."""
    return (measurement is not None and measurement["achievedPerSecond"] >= 0.95 * rate
            and measurement["p99Millis"] < p99_limit and non_200(measurement) == 0)


def main(folder):
    lines = []
    out = lines.append
    with open(os.path.join(folder, "machine.txt")) as f:
        machine = f.read().strip().splitlines()
    out("# AskFlow benchmark")
    out("")
    out("Stub model at 0 ms unless said; open-loop latencies count from each request's intended send time.")
    out("")
    for line in machine:
        out(f"- {line}")
    out("")

    targets = []
    engines = [e for e in ("dev-server", "in-process") if load(folder, f"askflow-{e}.json")]
    out("## AskFlow against the engine floor of its own shape")
    out("")
    out("| | " + " | ".join(engines) + " |")
    out("|---|" + "---|" * len(engines))
    rows = {}
    for engine in engines:
        askflow = load(folder, f"askflow-{engine}.json")
        floor = load(folder, f"floor-{engine}.json")
        mine = sequential(askflow)
        own = floor_shape(floor, "ASKFLOW")
        own_seq = next(m for m in own["measurements"] if m["label"] == "one at a time")
        own_flat = next((m for m in own["measurements"] if m["label"].endswith("in flight")), None)
        flat = flat_out(askflow)
        overhead = mine["p50Millis"] - own_seq["p50Millis"]
        fraction = flat["achievedPerSecond"] / own_flat["achievedPerSecond"] if flat and own_flat else None
        target = TARGETS[engine]
        rate_run = at_rate(askflow, target["rate"])
        cells = {
            "`POST /ask` one at a time: p50 / p99":
                f"{ms(mine['p50Millis'])} / {ms(mine['p99Millis'])}",
            "engine floor, same shape, one at a time: p50 / p99":
                f"{ms(own_seq['p50Millis'])} / {ms(own_seq['p99Millis'])}",
            "AskFlow's p50 over the floor": ms(overhead),
            "flat out (questions/s, clients back to back)":
                f"{flat['achievedPerSecond']:.1f}/s ({flat['label']})" if flat else "n/a",
            "engine floor flat out (workflows/s)":
                f"{own_flat['achievedPerSecond']:.1f}/s" if own_flat else "n/a",
            "AskFlow's throughput as a fraction of the floor's": f"{fraction:.0%}" if fraction else "n/a",
            "`GET /me` one at a time, p50 (no workflow)": ms(askflow.get("me", {}).get("p50Millis")),
            "cold start: the warm-up's questions (not counted above), p50 / p99":
                f"{ms(askflow['warmUp']['p50Millis'])} / {ms(askflow['warmUp']['p99Millis'])}"
                f" ({askflow['warmUp']['calls']} questions, {askflow['warmUp'].get('clients', 1)} at a time)"
                if askflow.get("warmUp") else "n/a",
            "CPU per question, one at a time (idle background included)": cpu(mine),
            "CPU per workflow of the floor, one at a time": cpu(own_seq),
            "CPU per question flat out": cpu(flat),
            "CPU per workflow of the floor flat out": cpu(own_flat),
            f"most per second {os.cpu_count()} cores could serve at the flat-out CPU cost (AskFlow / floor; "
            "the load generator shares them)":
                f"{cpu_ceiling(flat, os.cpu_count())} / {cpu_ceiling(own_flat, os.cpu_count())}",
        }
        for m in askflow["measurements"]:
            if m.get("offeredPerSecond"):
                cells[f"offered {m['offeredPerSecond']:g}/s: achieved, p50 / p99, non-200"] = (
                    f"{m['achievedPerSecond']:.1f}/s, {ms(m['p50Millis'])} / {ms(m['p99Millis'])}, {non_200(m)}")
        for key, value in cells.items():
            rows.setdefault(key, {})[engine] = value

        p50_ok = mine["p50Millis"] <= target["p50"]
        p99_ok = target["p99"] is None or mine["p99Millis"] <= target["p99"]
        one_at_a_time = f"one at a time p50 ≤ {target['p50']} ms" + (
            f", p99 ≤ {target['p99']} ms" if target["p99"] else "")
        targets.append((engine, one_at_a_time,
                        f"{ms(mine['p50Millis'])} / {ms(mine['p99Millis'])}", p50_ok and p99_ok))
        targets.append((engine, f"≥ {target['rate']}/s held, p99 < {target['rate_p99']} ms, all 200",
                        "not run" if rate_run is None else
                        f"{rate_run['achievedPerSecond']:.1f}/s, p99 {ms(rate_run['p99Millis'])},"
                        f" {non_200(rate_run)} non-200", held(rate_run, target["rate"], target["rate_p99"])))
        targets.append((engine, f"p50 at most {MAX_OVERHEAD_MS} ms above the floor of its shape",
                        ms(overhead), overhead <= MAX_OVERHEAD_MS))
        targets.append((engine, f"at least {MIN_THROUGHPUT_FRACTION:.0%} of the floor's throughput",
                        f"{fraction:.0%}" if fraction else "n/a",
                        fraction is not None and fraction >= MIN_THROUGHPUT_FRACTION))
    for key, values in rows.items():
        out(f"| {key} | " + " | ".join(values.get(e, "") for e in engines) + " |")
    out("")

    out("## The engine floor of each workflow shape (steps that do nothing)")
    out("")
    out("| workflow shape | " + " | ".join(f"{e}: p50 / flat out" for e in engines) + " |")
    out("|---|" + "---|" * len(engines))
    shapes = [s["shape"] for s in load(folder, f"floor-{engines[0]}.json")["shapes"]] if engines else []
    for shape in shapes:
        cells = []
        for engine in engines:
            s = floor_shape(load(folder, f"floor-{engine}.json"), shape)
            seq = next(m for m in s["measurements"] if m["label"] == "one at a time")
            flat = next((m for m in s["measurements"] if m["label"].endswith("in flight")), None)
            cells.append(f"{ms(seq['p50Millis'])} / " + (f"{flat['achievedPerSecond']:.0f}/s" if flat else "n/a"))
            description = s["description"]
        out(f"| {description} | " + " | ".join(cells) + " |")
    out("")

    quiet = load(folder, "askflow-quiet-logs.json")
    if quiet and load(folder, "askflow-dev-server.json"):
        logged = sequential(load(folder, "askflow-dev-server.json"))
        unlogged = sequential(quiet)
        out("## What logging costs (dev server, one at a time)")
        out("")
        out("| AskFlow's log level | p50 | p99 |")
        out("|---|---|---|")
        out(f"| INFO (the default) | {ms(logged['p50Millis'])} | {ms(logged['p99Millis'])} |")
        out(f"| WARN | {ms(unlogged['p50Millis'])} | {ms(unlogged['p99Millis'])} |")
        out("")

    slow = load(folder, "askflow-slow-model.json")
    if slow:
        out(f"## The stub model at {MODEL_MILLIS} ms (dev server)")
        out("")
        out("| run | achieved | p50 | p99 | orchestration over the model's time (p50) | non-200 | CPU per question |")
        out("|---|---|---|---|---|---|---|")
        for m in slow["measurements"]:
            added = (m["p50Millis"] - MODEL_MILLIS) / MODEL_MILLIS
            out(f"| {m['label']} | {m['achievedPerSecond']:.1f}/s | {ms(m['p50Millis'])} | {ms(m['p99Millis'])} |"
                f" {added:+.1%} | {non_200(m)} | {cpu(m)} |")
        loaded = next((m for m in slow["measurements"] if m.get("offeredPerSecond")), sequential(slow))
        added = (loaded["p50Millis"] - MODEL_MILLIS) / MODEL_MILLIS
        targets.append(("dev-server", f"model at {MODEL_MILLIS} ms, {loaded['label']}: orchestration adds"
                        f" < {MAX_SLOW_MODEL_OVERHEAD:.0%}", f"{added:+.1%}", added < MAX_SLOW_MODEL_OVERHEAD))
        out("")

    out("## Resident memory (MiB): idle, and peak under the heaviest run")
    out("")
    out("| stack | process | idle | peak |")
    out("|---|---|---|---|")
    for name in [e for e in ("dev-server", "in-process", "slow-model") if load(folder, f"askflow-{e}.json")]:
        run = load(folder, f"askflow-{name}.json")
        peaks = {}
        for m in run["measurements"]:
            for process, value in (m.get("peakMemoryMiB") or {}).items():
                peaks[process] = max(peaks.get(process, 0), value)
        for process, idle in (run.get("idleMemoryMiB") or {}).items():
            out(f"| {name} | {process} | {idle:.0f} | {peaks.get(process, float('nan')):.0f} |")
    out("")

    out("## Targets")
    out("")
    out("| engine | target | this run | |")
    out("|---|---|---|---|")
    for engine, target, value, ok in targets:
        out(f"| {engine} | {target} | {value} | {mark(ok)} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/bench")
