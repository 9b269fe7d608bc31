#!/usr/bin/env python3
"""Time to first token through AskFlow, against the model's own.

Asks questions one at a time with POST /ask and Accept: text/event-stream, reads the Server-Sent Events as
they arrive, and times the first `question` event, the first `delta` (the first answer text) and `done`.
The stub model (ASKFLOW_STUB_LATENCY, ASKFLOW_STUB_WORD_DELAY) writes its first word exactly --model-ttft-ms
after it is called, so what the first delta takes beyond that is what AskFlow adds: accepting the question,
starting the workflow, CheckQuota, handing GenerateAnswer to a worker, appending the text to the database,
and the gateway's next poll of the stream.

Prints a table and, with --json, writes the figures.
"""
import argparse
import http.client
import json
import statistics
import time
import urllib.parse


def login(host, port, user_id):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    body = json.dumps({"login": f"ttft-{user_id}", "id": user_id})
    conn.request("POST", "/auth/dev-login", body, {"Content-Type": "application/json"})
    token = json.loads(conn.getresponse().read())["token"]
    conn.close()
    return token


def one(host, port, token, question):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    started = time.perf_counter()
    conn.request(
        "POST",
        "/ask",
        json.dumps({"question": question}),
        {"Content-Type": "application/json", "Accept": "text/event-stream", "Authorization": f"Bearer {token}"},
    )
    response = conn.getresponse()
    if response.status != 200:
        raise RuntimeError(f"POST /ask answered {response.status}: {response.read()[:300]!r}")
    times = {}
    name = None
    while True:
        line = response.fp.readline()
        if not line:
            break
        line = line.decode().rstrip("\r\n")
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line == "" and name:
            times.setdefault(name, (time.perf_counter() - started) * 1000)
            if name == "done":
                break
            name = None
    conn.close()
    return times


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8080")
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--model-ttft-ms", type=float, required=True, help="the stub's own time to first word")
    parser.add_argument("--label", default="")
    parser.add_argument("--json")
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.base_url)
    token = login(url.hostname, url.port, 770_000 + int(time.time()) % 100_000)
    for i in range(args.warm_up):
        one(url.hostname, url.port, token, f"warm-up {i}")
    runs = [one(url.hostname, url.port, token, f"time to first token {i}") for i in range(args.questions)]
    first = [r["delta"] for r in runs]
    figures = {
        "label": args.label,
        "questions": args.questions,
        "model_ttft_ms": args.model_ttft_ms,
        "question_event_p50_ms": statistics.median(r["question"] for r in runs),
        "first_delta_p50_ms": statistics.median(first),
        "first_delta_p90_ms": percentile(first, 90),
        "added_p50_ms": statistics.median(first) - args.model_ttft_ms,
        "added_p90_ms": percentile(first, 90) - args.model_ttft_ms,
        "done_p50_ms": statistics.median(r["done"] for r in runs),
    }
    print(f"| {args.label} | {args.questions} | {figures['question_event_p50_ms']:.0f} | "
          f"{figures['first_delta_p50_ms']:.0f} / {figures['first_delta_p90_ms']:.0f} | "
          f"**{figures['added_p50_ms']:.0f}** / {figures['added_p90_ms']:.0f} | {figures['done_p50_ms']:.0f} |")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(figures, out, indent=2)


if __name__ == "__main__":
    main()
