"""API benchmark: loads 10,000 tasks into a fresh `tide serve`, then measures ListDIJobs (DataWorks, ACS3-signed)
and the DRS v3 list (SDK-HMAC-SHA256-signed) under concurrent signed requests: an open-loop run at a fixed
request rate (latency p50/p99) and a closed-loop run (maximum throughput). Prints figures; never fails a build.

Usage: python3 bench.py PATH_TO_TIDE [--tasks 10000] [--rate 500] [--seconds 10] [--procs 2] [--conns 8]

How the client keeps out of the measurement (it shares the machine's cores with the server):
- Every request is signed for real (ACS3 with a fresh nonce each, SDK-HMAC-SHA256; the same algorithms as the SDKs,
  sdk-wire-formats.md §1.5, §2.5), but BEFORE the timed run: each worker process pre-builds the raw HTTP bytes of all
  the requests it will send, so the timed loop only writes bytes and reads responses.
- Each worker drives several keep-alive connections from one non-blocking selector loop, so a slow response does
  not delay the next scheduled send (open loop; no coordinated omission).
- Latency is measured per request from the moment its bytes are written to the moment the full response (headers
  and Content-Length body) has arrived ("service"), and also from its scheduled send time ("scheduled", which adds
  any wait for a free connection). Every response's status is checked; every 50th body is parsed and compared.
- The CPU time of the server and of the load generator during each run is printed next to the figures."""
import argparse
import hashlib
import hmac
import http.client
import json
import multiprocessing as mp
import os
import secrets
import selectors
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse

AK = "BENCHROOT0001"
SK = secrets.token_hex(20)
DRS_PROJECT = "0a1b2c3d4e5f67890a1b2c3d4e5f6789"
PAGE_NUMBER, PAGE_SIZE = 37, 10


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
    """A blocking keep-alive client for the set-up calls (not timed)."""

    def __init__(self, port):
        self.host = f"127.0.0.1:{port}"
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

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


def signed_request(port, kind):
    """The raw bytes of one signed list request (a fresh nonce/date each time)."""
    host = f"127.0.0.1:{port}"
    if kind == "ListDIJobs":
        body = urllib.parse.urlencode({"ProjectId": "10000", "PageSize": str(PAGE_SIZE), "PageNumber": str(PAGE_NUMBER),
                                       "SourceDataSourceType": "MySQL"}).encode()
        method, path, headers = "POST", "/", acs3_headers(host, "ListDIJobs", body)
    else:
        path = f"/v3/{DRS_PROJECT}/jobs"
        body = json.dumps({"db_use_type": "migration", "cur_page": PAGE_NUMBER, "per_page": PAGE_SIZE}).encode()
        method, headers = "POST", drs_headers(host, "POST", path, body)
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + \
        f"content-length: {len(body)}\r\n\r\n"
    return head.encode() + body


def check_body(kind, body, tasks):
    """A full comparison of one response body with what the store holds (every 50th response)."""
    data = json.loads(body)
    if kind == "ListDIJobs":
        paging = data["DIJobPaging"]
        total, items = paging["TotalCount"], [j["DIJobId"] for j in paging["DIJobs"]]
    else:
        total, items = data["total_record"], [j["name"] for j in data["jobs"]]
    expect = min(PAGE_SIZE, max(0, tasks - (PAGE_NUMBER - 1) * PAGE_SIZE))
    if total != tasks or len(items) != expect:
        raise RuntimeError(f"{kind}: total {total} / {len(items)} items, expected {tasks} / {expect}")


class Client:
    """One non-blocking keep-alive connection with response framing by Content-Length."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)
        self.buffer = b""
        self.busy = None  # (scheduled, sent) of the request in flight

    def response(self):
        """(status, body) once a whole response is buffered, else None."""
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = self.buffer[:end].decode("latin-1").split("\r\n")
        length = None
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length is None:
            raise RuntimeError("response without Content-Length")
        if len(self.buffer) < end + 4 + length:
            return None
        body = self.buffer[end + 4:end + 4 + length]
        self.buffer = self.buffer[end + 4 + length:]
        return int(head[0].split(" ")[1]), body


def run_worker(args):
    """Open loop (rate > 0: sends at fixed times) or closed loop (rate 0: each connection sends on response)."""
    port, kind, rate, seconds, conns, count, tasks, seed, procs = args
    requests = [signed_request(port, kind) for _ in range(count)]
    clients = [Client(port) for _ in range(conns)]
    selector = selectors.DefaultSelector()
    for c in clients:
        selector.register(c.sock, selectors.EVENT_READ, c)
    idle = list(clients)
    service, scheduled_lat, errors, checked, sent = [], [], 0, 0, 0
    cpu0 = time.process_time()
    interval = 1.0 / rate if rate else 0.0
    start = time.perf_counter() + 0.05 + seed * interval / procs  # the processes interleave
    end = start + seconds

    def send(client, scheduled):
        nonlocal sent
        client.busy = (scheduled, time.perf_counter())
        client.sock.sendall(requests[sent])  # a few hundred bytes: fits the socket buffer at once
        sent += 1

    while True:
        now = time.perf_counter()
        if rate:
            due = start + sent * interval
            while sent < count and due <= now and due < end and idle:
                send(idle.pop(), due)
                due = start + sent * interval
            finished = (sent >= count or due >= end) and len(idle) == len(clients)
            timeout = max(0.0, due - time.perf_counter()) if idle and due < end and sent < count else 0.05
        else:
            while idle and now < end and sent < count:
                send(idle.pop(), now)
            finished = (now >= end or sent >= count) and len(idle) == len(clients)
            timeout = 0.05
        if finished:
            break
        for key, _ in selector.select(timeout):
            client = key.data
            chunk = client.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("server closed the connection")
            client.buffer += chunk
            reply = client.response()
            if reply is None:
                continue
            done = time.perf_counter()
            status, body = reply
            scheduled, sent_at = client.busy
            service.append(done - sent_at)
            scheduled_lat.append(done - scheduled)
            if status != 200:
                errors += 1
            elif len(service) % 50 == 1:
                check_body(kind, body, tasks)
                checked += 1
            client.busy = None
            idle.append(client)
    elapsed = time.perf_counter() - start
    for c in clients:
        c.sock.close()
    return service, scheduled_lat, errors, checked, elapsed, time.process_time() - cpu0, sent >= count


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def process_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run(pool, server, port, kind, rate, seconds, procs, conns, tasks):
    per_proc_rate = rate / procs if rate else 0
    count = int(per_proc_rate * seconds) + 1 if rate else int(4000 * seconds / procs)
    cpu0 = process_cpu(server.pid)
    results = pool.map(run_worker, [(port, kind, per_proc_rate, seconds, conns, count, tasks, i, procs) for i in range(procs)])
    server_cpu = process_cpu(server.pid) - cpu0
    service = [x for r in results for x in r[0]]
    scheduled = [x for r in results for x in r[1]]
    errors = sum(r[2] for r in results)
    elapsed = max(r[4] for r in results)
    client_cpu = sum(r[5] for r in results)
    exhausted = any(r[6] for r in results) and not rate
    return dict(n=len(service), rate=len(service) / elapsed, service=service, scheduled=scheduled, errors=errors,
                checked=sum(r[3] for r in results), server_cpu=server_cpu / elapsed, client_cpu=client_cpu / elapsed,
                exhausted=exhausted)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tide")
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--procs", type=int, default=2, help="load-generator processes")
    parser.add_argument("--conns", type=int, default=8, help="keep-alive connections per process")
    parser.add_argument("--target-ms", type=float, default=10.0, help="p99 target")
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
        print(f"machine: {os.cpu_count()} cores; load average before the runs: {load_average()}")
        print(f"open loop: {a.rate:.0f} req/s offered for {a.seconds:.0f} s by {a.procs} processes x {a.conns} "
              f"keep-alive connections; requests pre-signed; latency per request, send -> full response")
        verdicts = []
        with mp.Pool(a.procs) as pool:
            for kind in ("ListDIJobs", "DRS list"):
                r = run(pool, server, port, kind, a.rate, a.seconds, a.procs, a.conns, total)
                p99 = percentile(r["service"], 0.99) * 1000
                print(f"  {kind:10s}: {r['n']} requests at {r['rate']:.0f} req/s, errors {r['errors']}, "
                      f"{r['checked']} bodies checked")
                print(f"    service   (send -> response): p50 {percentile(r['service'], 0.5) * 1000:.2f} ms, "
                      f"p99 {p99:.2f} ms, max {max(r['service']) * 1000:.2f} ms")
                print(f"    scheduled (due  -> response): p50 {percentile(r['scheduled'], 0.5) * 1000:.2f} ms, "
                      f"p99 {percentile(r['scheduled'], 0.99) * 1000:.2f} ms, "
                      f"max {max(r['scheduled']) * 1000:.2f} ms")
                print(f"    cpu: server {r['server_cpu'] * 100:.0f}% of a core, load generator "
                      f"{r['client_cpu'] * 100:.0f}%; load average {load_average()}")
                ok = r["errors"] == 0 and p99 < a.target_ms and r["rate"] >= a.rate * 0.97
                verdicts.append(f"{kind}: p99 {p99:.2f} ms at {r['rate']:.0f} req/s -> "
                                f"{'meets' if ok else 'MISSES'} the target (p99 < {a.target_ms:g} ms at "
                                f"{a.rate:.0f} req/s)")
            print(f"closed loop (max throughput, {a.procs} processes x {a.conns} connections, 5 s):")
            for kind in ("ListDIJobs", "DRS list"):
                r = run(pool, server, port, kind, 0, 5.0, a.procs, a.conns, total)
                print(f"  {kind:10s}: {r['rate']:.0f} req/s, p50 {percentile(r['service'], 0.5) * 1000:.2f} ms, "
                      f"p99 {percentile(r['service'], 0.99) * 1000:.2f} ms, errors {r['errors']}; cpu: server "
                      f"{r['server_cpu'] * 100:.0f}%, load generator {r['client_cpu'] * 100:.0f}%"
                      f"{' (ran out of pre-signed requests)' if r['exhausted'] else ''}")
        print("targets:")
        for v in verdicts:
            print(f"  {v}")
    finally:
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
