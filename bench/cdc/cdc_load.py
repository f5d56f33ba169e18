#!/usr/bin/env python3
"""CDC benchmark load generator and lag probe for bench/cdc/run.sh (issue 5, "What it must show").

Adapted from ../shared/bench/cdc-bench.py (the perfbase harness: heartbeat-marker method, poller on
the PostgreSQL side). What changes: multi-row statements from several writer threads (single-row
autocommit statements from Python stop near 2,000/s on MariaDB, far below the rates to measure), a
backlog mode for the apply-rate measurement, and marker timestamps kept on the load side so the
probe does not depend on how a tool maps DATETIME(6).

  cdc_load.py setup
      create/empty bench.perf_heartbeat on MariaDB (before a tool takes its snapshot)
  cdc_load.py backlog --changes 1000000 --state FILE
      with the tool stopped: write N mixed row changes on bench.orders as fast as possible
      (60% UPDATE ... WHERE id IN (k ids), 25% INSERT of k new rows, 15% DELETE ... WHERE id IN
      (k ids); k = 1..100, one autocommit statement = one transaction), a marker row every
      0.5 s and a final marker; the markers and counts go to FILE
  cdc_load.py catchup --state FILE --target-schema S --t0 EPOCH [--pid P] [--max-wait 600]
      after the tool was started at EPOCH: wait until the final marker of FILE is visible in
      PostgreSQL; apply rate = (row changes + markers) / (seen - t0); sampled peak RSS of the
      process tree P. If the wait is capped, the rate comes from the newest marker seen.
  cdc_load.py lag --target-schema S --rate 5000 --duration 60 [--threads 4] [--pid P]
      a fixed load of --rate row changes/s (k = 1..20 rows per transaction), a marker every
      --hb-interval s, polled in PostgreSQL every --poll s; lag = seen - sent per marker.
Each command prints one JSON line on stdout.
"""
import argparse
import datetime as dt
import json
import os
import random
import statistics
import threading
import time

import psycopg2
import pymysql

STATUSES = ("new", "paid", "packed", "shipped", "delivered", "cancelled", "refunded", "on_hold")
INSERT_SQL = ("INSERT INTO orders (id, customer_id, status, sku, quantity, amount, discount, created_at, "
              "updated_at, shipped_at, is_paid, note, attrs) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)")
RETRYABLE = (1205, 1213)  # lock wait timeout, deadlock


def my_conn(a):
    c = pymysql.connect(host="127.0.0.1", port=a.my_port, user="sync", password="sync", database="bench",
                        autocommit=True)
    with c.cursor() as cur:
        cur.execute("SET time_zone='+00:00'")
    return c


def pg_conn(a):
    c = psycopg2.connect(host="127.0.0.1", port=a.pg_port, user="sync", password="sync", dbname="bench")
    c.autocommit = True
    return c


def fmt_ts(t):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def setup(a):
    c = my_conn(a)
    with c.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS perf_heartbeat (id BIGINT NOT NULL PRIMARY KEY, "
                    "changes BIGINT NOT NULL, ts DATETIME(6) NOT NULL) ENGINE=InnoDB")
        cur.execute("DELETE FROM perf_heartbeat")
        cur.execute("INSERT INTO perf_heartbeat VALUES (0, 0, NOW(6))")
    print(json.dumps({"setup": "perf_heartbeat ready"}))


class Shared:
    """Counters of committed row changes, shared by the writer threads and the marker thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.changes = 0
        self.stmts = 0
        self.retries = 0
        self.ops = {"insert": 0, "update": 0, "delete": 0}
        self.stop = threading.Event()

    def add(self, op, n):
        with self.lock:
            self.changes += n
            self.stmts += 1
            self.ops[op] += n
            return self.changes


def statement(rng, a, tid, state, max_k):
    """One mixed statement: (op, sql, params, many)."""
    k = rng.randint(1, max_k)
    r = rng.random()
    if r < 0.25:
        rows = []
        now = fmt_ts(time.time())
        for _ in range(k):
            state["nid"] += 1
            rows.append((state["nid"], rng.randrange(1, 200_000), "new", "SKU-%06d-A" % rng.randrange(1_000_000),
                         rng.randint(1, 20), "%.2f" % (rng.randrange(1, 10_000_000) / 100), None, now, now, None, 0,
                         "cdc bench insert thread %d " % tid + "x" * rng.randint(80, 250),
                         json.dumps({"channel": "web", "tags": ["cdc"], "score": round(rng.random(), 4)})))
        return "insert", INSERT_SQL, rows, True
    ids = sorted(rng.sample(range(1, a.rows + 1), k))  # ascending: row locks in index order, no deadlock cycle
    marks = ",".join(["%s"] * k)
    if r < 0.85:
        return ("update", "UPDATE orders SET status=%s, amount=amount+0.01, is_paid=1-is_paid, updated_at=NOW() "
                "WHERE id IN (" + marks + ")", [rng.choice(STATUSES)] + ids, False)
    return "delete", "DELETE FROM orders WHERE id IN (" + marks + ")", ids, False


def writer(a, sh, tid, c, seed, id_base, max_k, limit, per_thread_rate, deadline):
    """Writes statements until `limit` changes (all threads together) or `deadline`, paced if a rate is set."""
    rng = random.Random("%d/%d" % (seed, tid))
    cur = c.cursor()
    state = {"nid": id_base + tid * 100_000_000}
    next_t = time.time()
    while not sh.stop.is_set() and time.time() < deadline:
        op, sql, params, many = statement(rng, a, tid, state, max_k)
        for attempt in range(10):
            try:
                n = cur.executemany(sql, params) if many else cur.execute(sql, params)
                break
            except pymysql.err.OperationalError as e:
                if e.args[0] not in RETRYABLE or attempt == 9:
                    raise
                with sh.lock:
                    sh.retries += 1
        total = sh.add(op, n)
        if limit and total >= limit:
            sh.stop.set()
        if per_thread_rate:
            next_t += max(n, 1) / per_thread_rate
            delay = next_t - time.time()
            if delay > 0:
                time.sleep(delay)
    c.close()


def start_writers(a, sh, max_k, limit, rate, duration):
    """Connects, then starts the writer threads; returns (connection, last marker id, seed, threads, start time)."""
    c = my_conn(a)
    with c.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id),0) FROM perf_heartbeat")
        hb_id = cur.fetchone()[0]
        cur.execute("SELECT COALESCE(MAX(id),0) FROM orders")
        id_base = max(cur.fetchone()[0], a.rows)  # new ids (base + thread*1e8 + k) never collide
    seed = a.seed * 1_000_003 + hb_id  # a different but reproducible seed per run
    per_thread = rate / a.threads if rate else 0
    conns = [my_conn(a) for _ in range(a.threads)]
    t_start = time.time()
    ws = [threading.Thread(target=writer, args=(a, sh, i, conns[i], seed, id_base, max_k, limit, per_thread,
                                                t_start + duration)) for i in range(a.threads)]
    for w in ws:
        w.start()
    return c, hb_id, seed, ws, t_start


def backlog(a):
    sh = Shared()
    c, hb_id, seed, ws, t_start = start_writers(a, sh, a.max_rows_per_tx, a.changes, 0, a.max_seconds)
    cur = c.cursor()
    markers = []  # (id, changes, sent)
    while any(w.is_alive() for w in ws):
        time.sleep(a.hb_interval)
        hb_id += 1
        with sh.lock:
            ch = sh.changes
        t = time.time()
        cur.execute("INSERT INTO perf_heartbeat VALUES (%s, %s, %s)", (hb_id, ch, fmt_ts(t)))
        markers.append((hb_id, ch, t))
    for w in ws:
        w.join()
    hb_id += 1
    t = time.time()
    cur.execute("INSERT INTO perf_heartbeat VALUES (%s, %s, %s)", (hb_id, sh.changes, fmt_ts(t)))
    markers.append((hb_id, sh.changes, t))
    elapsed = t - t_start
    res = {"mode": "backlog", "threads": a.threads, "seed": seed, "statements": sh.stmts, "row_changes": sh.changes,
           "ops": sh.ops, "retries": sh.retries, "markers": len(markers), "final_id": hb_id,
           "first_id": markers[0][0], "total_changes": sh.changes + len(markers), "write_seconds": round(elapsed, 2),
           "write_rate_changes_per_s": round(sh.changes / elapsed, 1)}
    with open(a.state, "w") as f:
        json.dump(dict(res, marker_list=markers), f)
    print(json.dumps(res))


def tree_rss_kb(root):
    """Sum of VmRSS over `root` and its descendants (0 once it is gone)."""
    children = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % p) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(p))
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


class Poller(threading.Thread):
    """Polls target_schema.perf_heartbeat for markers with id > after; records when each is first seen."""

    def __init__(self, a, after, pid):
        super().__init__(daemon=True)
        self.a, self.after, self.pid = a, after, pid
        self.seen = {}  # id -> (changes, seen time)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.peak_rss_kb = 0

    def run(self):
        pg = pg_conn(self.a)
        cur = pg.cursor()
        q = "SELECT id, changes FROM %s.perf_heartbeat WHERE id > %%s" % self.a.target_schema
        polls = 0
        while not self.stop.is_set():
            try:
                cur.execute(q, (self.after,))
                rows = cur.fetchall()
            except psycopg2.Error:  # the table may not exist yet in the target
                rows = []
            t = time.time()
            with self.lock:
                for hid, ch in rows:
                    self.seen.setdefault(hid, (ch, t))
            if self.pid and polls % 10 == 0:
                self.peak_rss_kb = max(self.peak_rss_kb, tree_rss_kb(self.pid))
            polls += 1
            time.sleep(self.a.poll)
        pg.close()

    def wait_for(self, hid, deadline):
        while time.time() < deadline:
            with self.lock:
                if hid in self.seen:
                    return True
            time.sleep(0.01)
        return False


def catchup(a):
    with open(a.state) as f:
        st = json.load(f)
    p = Poller(a, st["first_id"] - 1, a.pid)
    p.start()
    caught_up = p.wait_for(st["final_id"], a.t0 + a.max_wait)
    p.stop.set()
    p.join()
    res = {"mode": "catchup", "target_schema": a.target_schema, "total_changes": st["total_changes"],
           "caught_up": caught_up, "markers_seen": len(p.seen), "peak_rss_kib": p.peak_rss_kb}
    if caught_up:
        secs = p.seen[st["final_id"]][1] - a.t0
        res.update(seconds=round(secs, 2), apply_rate_changes_per_s=round(st["total_changes"] / secs, 1))
        # the same without the tool's start-up: from the first marker seen to the final one
        first = min(p.seen)
        ch0, t_first = p.seen[first]
        span = p.seen[st["final_id"]][1] - t_first
        if first != st["final_id"] and span > 0:
            res.update(first_marker_s=round(t_first - a.t0, 2),
                       streaming_rate_changes_per_s=round((st["total_changes"] - ch0) / span, 1))
    elif p.seen:
        last = max(p.seen)
        ch, t = p.seen[last]
        res.update(seconds=round(t - a.t0, 2), applied_changes=ch, capped_at_s=a.max_wait,
                   apply_rate_changes_per_s=round(ch / (t - a.t0), 1) if t > a.t0 else 0)
    else:
        res.update(capped_at_s=a.max_wait, applied_changes=0, apply_rate_changes_per_s=0)
    print(json.dumps(res))


def percentile(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def lag(a):
    sh = Shared()
    c, hb_id, seed, ws, t_start = start_writers(a, sh, a.max_rows_per_tx, 0, a.rate, a.duration)
    deadline = t_start + a.duration
    p = Poller(a, hb_id, a.pid)
    p.start()
    cur = c.cursor()
    sent = {}  # id -> sent time
    next_hb = time.time()
    while time.time() < deadline:
        next_hb += a.hb_interval
        time.sleep(max(0.0, next_hb - time.time()))
        hb_id += 1
        with sh.lock:
            ch = sh.changes
        t = time.time()
        cur.execute("INSERT INTO perf_heartbeat VALUES (%s, %s, %s)", (hb_id, ch, fmt_ts(t)))
        sent[hb_id] = t
    for w in ws:
        w.join()
    t_load_end = time.time()
    caught_up = p.wait_for(hb_id, t_load_end + a.max_wait)
    t_end = time.time()
    p.stop.set()
    p.join()
    # a marker never seen has a lag of at least (end of the wait - sent): counted so, as a lower bound
    lags = [(p.seen[h][1] - s) if h in p.seen else (t_end - s) for h, s in sorted(sent.items())]
    seen_ids = [h for h in sent if h in p.seen]
    res = {"mode": "lag", "target_schema": a.target_schema, "threads": a.threads, "seed": seed,
           "rate_target": a.rate, "duration_s": a.duration, "statements": sh.stmts, "row_changes": sh.changes,
           "ops": sh.ops, "retries": sh.retries,
           "achieved_rate_changes_per_s": round(sh.changes / (t_load_end - t_start), 1),
           "markers_sent": len(sent), "markers_seen": len(seen_ids), "caught_up": caught_up,
           "peak_rss_kib": p.peak_rss_kb,
           "lag_s": {"p50": round(statistics.median(lags), 3), "p99": round(percentile(lags, 0.99), 3),
                     "max": round(max(lags), 3), "min": round(min(lags), 3)}}
    if not caught_up:
        newest = max(seen_ids) if seen_ids else None
        res["lag_at_end_s"] = round(t_end - (sent[newest] if newest else t_start), 1)
        res["lag_is_lower_bound"] = True
    print(json.dumps(res))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["setup", "backlog", "catchup", "lag"])
    ap.add_argument("--target-schema", default="bench_tide")
    ap.add_argument("--changes", type=int, default=1_000_000, help="backlog: row changes to write")
    ap.add_argument("--max-seconds", type=float, default=600, help="backlog: stop writing after this")
    ap.add_argument("--state", help="backlog writes / catchup reads this JSON file")
    ap.add_argument("--t0", type=float, help="catchup: epoch seconds when the tool was started")
    ap.add_argument("--pid", type=int, default=0, help="sample the RSS of this process tree")
    ap.add_argument("--rate", type=float, default=5000, help="lag: row changes/s over all threads")
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--max-rows-per-tx", type=int, default=None, help="k max (default 100 backlog, 20 lag)")
    ap.add_argument("--rows", type=int, default=1_000_000, help="ids 1..rows are UPDATE/DELETE targets")
    ap.add_argument("--hb-interval", type=float, default=None, help="default 0.5 backlog, 0.2 lag")
    ap.add_argument("--poll", type=float, default=0.02)
    ap.add_argument("--max-wait", type=float, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--my-port", type=int, default=int(os.environ.get("MYSQL_PORT", 13306)))
    ap.add_argument("--pg-port", type=int, default=int(os.environ.get("PG_PORT", 15432)))
    a = ap.parse_args()
    if a.max_rows_per_tx is None:
        a.max_rows_per_tx = 100 if a.cmd == "backlog" else 20
    if a.hb_interval is None:
        a.hb_interval = 0.5 if a.cmd == "backlog" else 0.2
    {"setup": setup, "backlog": backlog, "catchup": catchup, "lag": lag}[a.cmd](a)


if __name__ == "__main__":
    main()
