"""API benchmark: loads 10,000 tasks into a fresh `tide serve`, then measures ListDIJobs (DataWorks, ACS3-signed)
and the DRS v3 list (SDK-HMAC-SHA256-signed) under concurrent signed requests: an open-loop run at a fixed
request rate (latency p50/p99) and a closed-loop run (maximum throughput). Prints figures; never fails a build.

Usage: python3 bench.py PATH_TO_TIDE [--tasks 10000] [--rate 500] [--seconds 10] [--procs 4]
The client signs with a small hand-written signer (same algorithms as the SDKs, sdk-wire-formats.md §1.5,
§2.5) over keep-alive http.client connections, so client overhead stays far below the server's."""
import argparse
import hashlib
import hmac
import http.client
import json
import multiprocessing as mp
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

AK = "BENCHROOT0001"
SK = secrets.token_hex(20)
DRS_PROJECT = "0a1b2c3d4e5f67890a1b2c3d4e5f6789"


def rfc3986(text):
    return urllib.parse.quote(text, safe="-_.~")


def acs3_headers(host, action, body):
    headers = {
        "host": host, "x-acs-action": action, "x-acs-version": "2020-05-18", "accept": "application/json",
        "content-type": "application/x-www-form-urlencoded",
        "x-acs-date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "x-acs-signature-nonce": secrets.token_hex(16),
        "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
    }
    names = sorted(headers)
    canonical = "POST\n/\n\n" + "".join(f"{n}:{headers[n].strip()}\n" for n in names) + "\n" + ";".join(names) + \
        "\n" + headers["x-acs-content-sha256"]
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    signature = hmac.new(SK.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = f"ACS3-HMAC-SHA256 Credential={AK},SignedHeaders={';'.join(names)},Signature={signature}"
    return headers


def drs_headers(host, method, path, body):
    headers = {"content-type": "application/json", "host": host, "x-project-id": DRS_PROJECT,
               "x-sdk-date": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())}
    names = sorted(headers)
    uri = "/".join(rfc3986(urllib.parse.unquote(s)) for s in path.split("/"))
    if not uri.endswith("/"):
        uri += "/"
    canonical = f"{method}\n{uri}\n\n" + "".join(f"{n}:{headers[n].strip()}\n" for n in names) + "\n" + \
        ";".join(names) + "\n" + hashlib.sha256(body).hexdigest()
    to_sign = "SDK-HMAC-SHA256\n" + headers["x-sdk-date"] + "\n" + hashlib.sha256(canonical.encode()).hexdigest()
    signature = hmac.new(SK.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders={';'.join(names)}, Signature={signature}"
    return headers


class Conn:
    def __init__(self, port):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def rpc(self, action, params):
        body = urllib.parse.urlencode(params).encode()
        return self.send("POST", "/", body, acs3_headers(self.host, action, body))

    def drs(self, method, path, payload):
        body = json.dumps(payload).encode()
        return self.send(method, path, body, drs_headers(self.host, method, path, body))

    def send(self, method, path, body, headers):
        self.c.request(method, path, body=body, headers=headers)
        r = self.c.getresponse()
        data = r.read()
        if r.status >= 300:
            raise RuntimeError(f"{r.status} {data[:300]!r}")
        return json.loads(data)


def call(conn, kind):
    if kind == "ListDIJobs":
        conn.rpc("ListDIJobs", {"ProjectId": "10000", "PageSize": "10", "PageNumber": "37",
                                "SourceDataSourceType": "MySQL"})
    else:
        conn.drs("POST", f"/v3/{DRS_PROJECT}/jobs", {"db_use_type": "migration", "cur_page": 37, "per_page": 10})


def open_loop_worker(args):
    port, kind, rate, seconds, seed = args
    conn = Conn(port)
    interval = 1.0 / rate
    start = time.perf_counter() + 0.2 + (seed % 10) * interval / 10
    latencies, errors, n = [], 0, 0
    while True:
        scheduled = start + n * interval
        if scheduled - start > seconds:
            break
        now = time.perf_counter()
        if scheduled > now:
            time.sleep(scheduled - now)
        t0 = time.perf_counter()
        try:
            call(conn, kind)
        except Exception:
            errors += 1
            conn = Conn(port)
        # Latency from the scheduled send time, so a slow server cannot hide queueing (no coordinated omission).
        latencies.append(time.perf_counter() - scheduled)
        n += 1
    return latencies, errors


def closed_loop_worker(args):
    port, kind, seconds = args
    conn = Conn(port)
    end = time.perf_counter() + seconds
    count, errors = 0, 0
    while time.perf_counter() < end:
        try:
            call(conn, kind)
            count += 1
        except Exception:
            errors += 1
            conn = Conn(port)
    return count, errors


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tide")
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--procs", type=int, default=4)
    a = parser.parse_args()
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(var, None)

    work = tempfile.mkdtemp(prefix="tide-bench-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, TIDE_ROOT_ACCESS_KEY_ID=AK, TIDE_ROOT_ACCESS_KEY_SECRET=SK)
    server = subprocess.Popen([a.tide, "serve", "--data-dir", os.path.join(work, "data"), "--listen",
                               f"127.0.0.1:{port}", "--key-rate", "0", "--api-rate", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        conn = Conn(port)
        conn.rpc("CreateProject", {"Name": "bench", "ProjectId": "10000", "DrsProjectId": DRS_PROJECT})
        t0 = time.perf_counter()
        for batch in range(0, a.tasks, 100):
            jobs = [{"name": f"bench{batch + i:05d}", "db_use_type": "migration", "engine_type": "mysql",
                     "job_direction": "up", "net_type": "eip", "node_type": "high", "task_type": "FULL_INCR_TRANS",
                     "source_endpoint": {"db_type": "mysql", "ip": "10.0.0.1", "db_port": 3306, "db_user": "root",
                                         "db_password": "pw"},
                     "target_endpoint": {"db_type": "mysql", "ip": "10.0.0.2", "db_port": 3306, "db_user": "root",
                                         "db_password": "pw"}}
                    for i in range(min(100, a.tasks - batch))]
            result = conn.drs("POST", f"/v3/{DRS_PROJECT}/jobs/batch-creation", {"jobs": jobs})
            assert all(not r.get("error_code") for r in result["results"]), result["results"][:1]
        load = time.perf_counter() - t0
        total = conn.rpc("ListDIJobs", {"ProjectId": "10000", "PageSize": "10"})["DIJobPaging"]["TotalCount"]
        print(f"loaded {total} tasks in {load:.1f} s ({total / load:.0f} tasks/s through DRS batch-creation)")
        print(f"open loop: {a.rate:.0f} req/s for {a.seconds:.0f} s over {a.procs} processes "
              f"(latency measured from the scheduled send time)")
        with mp.Pool(a.procs) as pool:
            for kind in ("ListDIJobs", "DRS list"):
                results = pool.map(open_loop_worker,
                                   [(port, kind, a.rate / a.procs, a.seconds, i) for i in range(a.procs)])
                lat = [x for r in results for x in r[0]]
                errors = sum(r[1] for r in results)
                print(f"  {kind:10s}: {len(lat)} requests, {len(lat) / a.seconds:.0f} req/s, "
                      f"p50 {percentile(lat, 0.50) * 1000:.2f} ms, p99 {percentile(lat, 0.99) * 1000:.2f} ms, "
                      f"max {max(lat) * 1000:.2f} ms, errors {errors}")
            print(f"closed loop (max throughput, {a.procs} processes, 5 s):")
            for kind in ("ListDIJobs", "DRS list"):
                results = pool.map(closed_loop_worker, [(port, kind, 5.0)] * a.procs)
                print(f"  {kind:10s}: {sum(r[0] for r in results) / 5.0:.0f} req/s, errors {sum(r[1] for r in results)}")
    finally:
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
