#!/usr/bin/env python3
"""The fault drill on the local production topology (infra/local): steady load from several users through
HAProxy, each question sent with its own Idempotency-Key and retried by the client with that key until the
service accepts it, while a gateway, a worker, PostgreSQL and the Temporal server are SIGKILLed and started
again in turn. Then it waits until every accepted question is final and checks, in the database itself, that
each one is there exactly once: one row, completed, one answer, one quota admission (settled), at most one
telemetry event; and that nothing the users did not ask for appeared. Prints the figures; exits 1 on any
violation.

Run by infra/local/fault-drill.sh, which starts the topology when it is not running. Only the standard
library is used; the database is read with psql.
"""

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CTL = os.path.join(HERE, "ctl.sh")
FINAL = {"completed", "failed", "rejected", "cancelled"}


def log(message):
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def call(base, method, path, token=None, body=None, headers=None, timeout=15.0):
    """(status, parsed JSON or text, headers); status is 'error:<kind>' when no HTTP answer came back."""
    host, port = base.split("//", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    all_headers = {"Content-Type": "application/json"}
    if token:
        all_headers["Authorization"] = "Bearer " + token
    all_headers.update(headers or {})
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=all_headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return response.status, parsed, dict(response.getheaders())
    except (OSError, http.client.HTTPException) as e:
        return f"error:{type(e).__name__}", None, {}
    finally:
        connection.close()


class User(threading.Thread):
    """One user: a new question every `interval` seconds, each retried with its key until accepted."""

    def __init__(self, drill, user_id, token, interval):
        super().__init__(daemon=True)
        self.drill = drill
        self.user_id = user_id
        self.token = token
        self.interval = interval
        self.accepted = {}  # idempotency key -> question id
        self.unconfirmed = []  # keys the client gave up on (the service may still have taken them)
        self.answers = Counter()  # status or error kind of every attempt
        self.retries = 0
        self.replays = 0
        self.replay_mismatches = []

    def submit(self, key, question, deadline_s):
        """POST /questions with the key until 202/200; retried on no answer, 5xx and 429."""
        deadline = time.monotonic() + deadline_s
        delay = 0.25
        first = True
        while True:
            if not first:
                self.retries += 1
            first = False
            status, body, headers = call(
                self.drill.base, "POST", "/questions", self.token, {"question": question},
                {"Idempotency-Key": key})
            self.answers[status] += 1
            if status in (200, 202) and isinstance(body, dict) and body.get("id"):
                return body["id"]
            if isinstance(status, int) and status < 500 and status != 429:
                raise SystemExit(f"user {self.user_id}: POST /questions answered {status}: {body}")
            if time.monotonic() > deadline:
                return None
            wait = delay
            if status == 429:
                wait = max(wait, float(headers.get("Retry-After", "1")))
            time.sleep(wait)
            delay = min(delay * 2, 2.0)

    def run(self):
        n = 0
        next_at = time.monotonic()
        while not self.drill.stopping.is_set():
            n += 1
            key = f"drill-{self.drill.run_id}-{self.user_id}-{n}"
            question = f"fault drill {self.drill.run_id}: question {n} of user {self.user_id}"
            question_id = self.submit(key, question, self.drill.accept_deadline)
            if question_id is None:
                self.unconfirmed.append(key)
            else:
                self.accepted[key] = question_id
                # now and then the client "did not see" the answer and sends the same request again
                if random.random() < 0.15:
                    self.replays += 1
                    again = self.submit(key, question, self.drill.accept_deadline)
                    if again is not None and again != question_id:
                        self.replay_mismatches.append((key, question_id, again))
            next_at += self.interval
            time.sleep(max(0.0, next_at - time.monotonic()))


class Drill:
    def __init__(self, args, env):
        self.args = args
        self.env = env
        self.base = env["ASKFLOW_LOCAL_URL"]
        self.run_id = uuid.uuid4().hex[:8]
        self.stopping = threading.Event()
        self.accept_deadline = args.accept_deadline
        self.faults = []

    def ctl(self, *words):
        started = time.monotonic()
        subprocess.run([CTL, *words], check=True, stdout=subprocess.DEVNULL)
        return time.monotonic() - started

    def fault(self, name):
        log(f"SIGKILL {name}")
        self.ctl("kill", name)
        time.sleep(self.args.down_seconds)
        log(f"start {name}")
        took = self.ctl("start", name)
        log(f"{name} healthy again ({took:.1f} s to start)")
        self.faults.append((name, self.args.down_seconds, took))
        time.sleep(self.args.between_seconds)

    def psql(self, sql):
        url = self.env["ASKFLOW_LOCAL_DATABASE_URL"]
        password = url.split("password=", 1)[1].split("&", 1)[0]
        result = subprocess.run(
            ["psql", "-X", "-q", "-tA", "-F", "\t", "-h", "127.0.0.1", "-p", self.env["ASKFLOW_LOCAL_POSTGRES_PORT"],
             "-U", "askflow", "-d", "askflow", "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True, capture_output=True, text=True, env={**os.environ, "PGPASSWORD": password})
        return [line.split("\t") for line in result.stdout.splitlines() if line]


def sign_in(base, user_id):
    for _ in range(60):
        status, body, _ = call(base, "POST", "/auth/dev-login", body={"login": f"drill-{user_id}", "id": user_id})
        if status == 200:
            return body["token"]
        time.sleep(1)
    raise SystemExit(f"dev-login for {user_id} kept failing: {status} {body}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--interval", type=float, default=4.0, help="seconds between a user's questions")
    parser.add_argument("--warmup-seconds", type=float, default=10)
    parser.add_argument("--down-seconds", type=float, default=3, help="how long a killed process stays down")
    parser.add_argument("--between-seconds", type=float, default=6)
    parser.add_argument("--accept-deadline", type=float, default=90,
                        help="seconds a client keeps retrying one question before giving up on it")
    parser.add_argument("--final-deadline", type=float, default=240)
    parser.add_argument("--faults", default="gateway1,worker1,postgres,temporal,gateway2,worker2")
    args = parser.parse_args()

    env_lines = subprocess.run([CTL, "env"], check=True, capture_output=True, text=True).stdout.splitlines()
    env = dict(line.split("=", 1) for line in env_lines)
    env = {k: v.strip("'") for k, v in env.items()}
    drill = Drill(args, env)
    log(f"drill {drill.run_id}: {args.users} users through {drill.base}, one question each every "
        f"{args.interval:g} s; faults: {args.faults}")

    base_id = random.randint(10_000_000, 90_000_000)
    users = [User(drill, base_id + i, sign_in(drill.base, base_id + i), args.interval) for i in range(args.users)]
    started = time.monotonic()
    for user in users:
        user.start()
    time.sleep(args.warmup_seconds)
    for name in args.faults.split(","):
        drill.fault(name.strip())
    drill.stopping.set()
    for user in users:
        user.join()
    load_seconds = time.monotonic() - started
    log(f"load stopped after {load_seconds:.0f} s; waiting until every accepted question is final")

    # every accepted question becomes final (through the balancer, as its owner sees it)
    pending = {qid: user for user in users for qid in user.accepted.values()}
    statuses = {}
    drain_started = time.monotonic()
    while pending and time.monotonic() - drain_started < args.final_deadline:
        for qid, user in list(pending.items()):
            status, body, _ = call(drill.base, "GET", f"/questions/{qid}", user.token)
            if status == 200 and body.get("status") in FINAL:
                statuses[qid] = body["status"]
                del pending[qid]
        if pending:
            time.sleep(1)
    drain_seconds = time.monotonic() - drain_started

    # the database: every row of the drill's users, with its admission and telemetry
    user_ids = ",".join(str(user.user_id) for user in users)
    rows = drill.psql(f"""
        SELECT q.id, q.user_id, q.idempotency_key, q.status, COALESCE(length(q.answer), -1),
               (SELECT COUNT(*) FROM quota_admissions a WHERE a.question_id = q.id),
               COALESCE((SELECT string_agg(a.state, ',') FROM quota_admissions a WHERE a.question_id = q.id), ''),
               (SELECT COUNT(*) FROM telemetry_events t WHERE t.question_id = q.id),
               (SELECT COUNT(*) FROM question_steps s WHERE s.question_id = q.id AND s.status = 'completed')
        FROM questions q WHERE q.user_id IN ({user_ids})""")
    by_key = Counter((row[1], row[2]) for row in rows)
    row_of = {row[0]: row for row in rows}

    problems = []
    accepted = {(str(user.user_id), key): qid for user in users for key, qid in user.accepted.items()}
    unconfirmed = {(str(user.user_id), key) for user in users for key in user.unconfirmed}
    for (uid, key), qid in accepted.items():
        if by_key[(uid, key)] != 1:
            problems.append(f"{key}: {by_key[(uid, key)]} rows")
        row = row_of.get(qid)
        if row is None:
            problems.append(f"{key}: accepted as {qid}, which is not in the database")
            continue
        if row[3] != "completed":
            problems.append(f"{qid}: status {row[3]}")
        if int(row[4]) <= 0:
            problems.append(f"{qid}: no answer")
        if row[5] != "1":
            problems.append(f"{qid}: {row[5]} quota admissions")
        elif row[6].lower() != "settled":
            problems.append(f"{qid}: admission {row[6]}")
        if int(row[7]) > 1:
            problems.append(f"{qid}: {row[7]} telemetry events")
    for qid in pending:
        problems.append(f"{qid}: not final after {args.final_deadline:g} s")
    for row in rows:
        key = (row[1], row[2])
        if key not in accepted and key not in unconfirmed:
            problems.append(f"{row[0]}: a question nobody asked (key {row[2]})")
        if key in unconfirmed and row[3] not in FINAL:
            problems.append(f"{row[0]}: given up by its client, and not final: {row[3]}")
    for user in users:
        for key, first, again in user.replay_mismatches:
            problems.append(f"{key}: sent again, answered {again} instead of {first}")

    answers = Counter()
    for user in users:
        answers.update(user.answers)
    telemetry = sum(1 for row in rows if row[7] == "1")
    print()
    print(f"Fault drill {drill.run_id} on {drill.base} ({time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC)")
    print(f"  users {args.users}, load {load_seconds:.0f} s, one question per user every {args.interval:g} s")
    for name, down, took in drill.faults:
        print(f"  SIGKILL {name:<9} down {down:g} s, healthy again {took:.1f} s after its start")
    print(f"  client attempts by answer: {dict(sorted((str(k), v) for k, v in answers.items()))}")
    print(f"  client retries (same key): {sum(u.retries for u in users)}; "
          f"replays of an accepted key: {sum(u.replays for u in users)}")
    print(f"  accepted questions: {len(accepted)}; given up by the client: {len(unconfirmed)} "
          f"(of which in the database: {sum(1 for k in unconfirmed if by_key[k])})")
    print(f"  final within {drain_seconds:.0f} s after the load: {len(statuses)} "
          f"({dict(Counter(statuses.values()))})")
    print(f"  in the database: {len(rows)} rows, {sum(int(r[5]) for r in rows)} quota admissions, "
          f"{sum(1 for r in rows if int(r[4]) > 0)} answers, {telemetry} telemetry events")
    if problems:
        print(f"FAILED: {len(problems)} problems")
        for problem in problems[:40]:
            print("  " + problem)
        sys.exit(1)
    if not accepted:
        print("FAILED: no question was accepted")
        sys.exit(1)
    print("PASSED: every accepted question is final exactly once "
          "(one row, one answer, one settled admission, at most one telemetry event)")


if __name__ == "__main__":
    main()
