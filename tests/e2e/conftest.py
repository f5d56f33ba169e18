"""Fixtures: a `tide serve` process on a free loopback port with a fresh data dir, and SDK clients for it."""
import os
import secrets
import socket
import subprocess
import tempfile
import time

import pytest

from alibabacloud_dataworks_public20200518.client import Client as DataWorksClient
from alibabacloud_tea_openapi import utils_models as open_api_models
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkdrs.v3 import DrsClient


def wait_for(fetch, done, timeout=30.0, interval=0.1):
    """Calls `fetch` until `done(value)` holds (runners report asynchronously); returns the last value."""
    deadline = time.time() + timeout
    value = fetch()
    while not done(value):
        if time.time() > deadline:
            raise AssertionError(f"condition not reached within {timeout} s; last value: {value}")
        time.sleep(interval)
        value = fetch()
    return value


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TideServer:
    """One `tide serve` process; `restart()` stops it (SIGTERM) and starts it again on the same data dir."""

    def __init__(self, binary, data_dir, root_id, root_secret, extra_args):
        self.binary = binary
        self.data_dir = data_dir
        self.root_id = root_id
        self.root_secret = root_secret
        self.extra_args = extra_args
        self.port = free_port()
        self.process = None
        self.log_path = os.path.join(os.path.dirname(data_dir), "serve.log")

    @property
    def host(self):
        return f"127.0.0.1:{self.port}"

    def start(self):
        env = dict(os.environ)
        env["TIDE_ROOT_ACCESS_KEY_ID"] = self.root_id
        env["TIDE_ROOT_ACCESS_KEY_SECRET"] = self.root_secret
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir, "--listen", self.host, *self.extra_args],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tide serve exited with {self.process.returncode}; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("tide serve did not start listening within 30 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode if self.process else None

    def restart(self):
        code = self.stop()
        self.start()
        return code

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")


ROOT_ID = os.environ.get("TIDE_ROOT_ACCESS_KEY_ID") or "TIDEE2EROOT" + secrets.token_hex(4).upper()
ROOT_SECRET = os.environ.get("TIDE_ROOT_ACCESS_KEY_SECRET") or secrets.token_hex(20)


@pytest.fixture(scope="session")
def server():
    binary = os.environ["TIDE_E2E_BINARY"]
    work = tempfile.mkdtemp(prefix="tide-e2e-")
    # StopDISyncInstance is limited across all keys so the suite can observe Throttling.Api.
    srv = TideServer(binary, os.path.join(work, "data"), ROOT_ID, ROOT_SECRET,
                     ["--action-rate", "dataworks:StopDISyncInstance=0.2:3"])
    srv.start()
    yield srv
    srv.stop()


def dataworks_client(server, ak, sk, algorithm=None):
    cfg = open_api_models.Config(endpoint=server.host, protocol="HTTP", access_key_id=ak, access_key_secret=sk,
                                 region_id="cn-hangzhou")
    if algorithm:
        cfg.signature_algorithm = algorithm
    return DataWorksClient(cfg)


def drs_client(server, ak, sk, project_id):
    cfg = HttpConfig.get_default_config()
    cfg.ignore_ssl_verification = True
    return (DrsClient.new_builder().with_http_config(cfg)
            .with_credentials(BasicCredentials(ak, sk, project_id))
            .with_endpoint(f"http://{server.host}").build())


@pytest.fixture(scope="session")
def dw(server):
    return dataworks_client(server, ROOT_ID, ROOT_SECRET)


@pytest.fixture(scope="session")
def admin(server):
    """Tide's own admin actions, signed with ACS3 through the DataWorks SDK's generic call_api."""
    from tide_admin import Admin
    return Admin(dataworks_client(server, ROOT_ID, ROOT_SECRET))


@pytest.fixture(scope="session")
def project(admin):
    return admin.call("CreateProject", {"Name": "e2e project", "ProjectId": "10000",
                                        "DrsProjectId": "0a1b2c3d4e5f67890a1b2c3d4e5f6789"})["Project"]


@pytest.fixture(scope="session")
def drs(server, project):
    return drs_client(server, ROOT_ID, ROOT_SECRET, project["DrsProjectId"])
