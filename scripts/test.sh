#!/usr/bin/env bash
# Runs every Tide test: unit tests, integration tests against real MariaDB 10.11 and PostgreSQL 15 (started here,
# installed when missing), and the end-to-end suite that drives `tide serve` with the official Python SDKs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/setup.sh
scripts/servers.sh start
trap 'scripts/servers.sh stop >/dev/null 2>&1 || true' EXIT

export TIDE_TEST_MYSQL="mysql://root:rootpass@127.0.0.1:23306"
export TIDE_TEST_PG="postgres://postgres:postgres@127.0.0.1:25432/postgres"
# Real MySQL 9.7 (Debian sid chroot, ~1 minute the first time): caching_sha2_password, binary JSON, v2 rows events,
# TRANSACTION_PAYLOAD. Optional: when it cannot be built or started here its tests are skipped with a visible reason.
if [ "${TIDE_SKIP_MYSQL97:-0}" != 1 ] && scripts/servers.sh mysql97-start; then
    export TIDE_TEST_MYSQL97="mysql://root:rootpass@127.0.0.1:23307"
else
    echo "test.sh: real MySQL 9.7 is not available here; its integration tests will be skipped"
fi

echo "== build"
swift build --build-tests 2>&1 | tail -n 20
# Suites that restart, purge or freeze (SIGSTOP) the shared MariaDB run on their own afterwards, so that the
# sync tests running in parallel never see the server disappear under them.
disruptive="BinlogStreamIntegrationTests|HeartbeatIntegrationTests"
# A suite run that HANGS (has not finished within the stage's limit: 20 and 10 minutes, where they take about 3
# minutes and 15 seconds) is stopped, the tests still running are named, and it is run once more, loudly; a run that
# FAILS is never retried. The hang seen in about one CI run in four until session 7 was a test that streamed from a
# binlog it expected PURGE to have removed (another test's stream kept the file): it streamed forever. Test streams
# now run under a deadline (Tests/MySQLConnectorTests/ChangeStreamTestSupport.swift, withDeadline), so a hang here
# is a new bug: the names printed below say where to look.
run_suite() {
    local limit=$1
    shift
    local status
    for attempt in 1 2; do
        set +e
        # Line-buffered, so that the log names the tests running at a hang.
        timeout --kill-after=15 "$limit" stdbuf -oL -eL swift test --skip-build "$@" 2>&1 | tee /tmp/tide-swift-test.log
        status=${PIPESTATUS[0]}
        set -e
        pkill -f TidePackageTests.xctest >/dev/null 2>&1 || true
        [ "$status" -eq 124 ] || [ "$status" -eq 137 ] || return "$status"
        echo "test.sh: HANG: swift test $* did not finish within $limit s (attempt $attempt); tests still running:"
        sed -nE 's/.*Test (.*) started\./\1/p' /tmp/tide-swift-test.log | sort -u > /tmp/tide-tests-started.txt
        sed -nE 's/.*Test (.*) (passed|failed) after.*/\1/p' /tmp/tide-swift-test.log | sort -u > /tmp/tide-tests-ended.txt
        comm -23 /tmp/tide-tests-started.txt /tmp/tide-tests-ended.txt | grep -v "^case passing" | sed 's/^/    /' || true
    done
    return "$status"
}
echo "== swift test (unit + integration)"
status=0
run_suite 1200 --skip MySQL97 --skip BinlogStreamIntegrationTests --skip HeartbeatIntegrationTests \
    --skip MySQLConnectorTests || status=$?
[ "$status" -eq 0 ] || { echo "swift test failed (exit $status)"; exit "$status"; }
echo "== swift test (suites that restart or freeze MariaDB)"
swift test --skip-build --filter "$disruptive"
# The MySQL connector suite runs on its own too: inside the full parallel run its connections have been seen to be
# closed under it ("I/O on closed channel", every test at once); alone it passes. Cause not found yet (see the
# closing note of issue 4).
echo "== swift test (MySQL connectors)"
status=0
run_suite 600 --filter MySQLConnectorTests --skip MySQL97 || status=$?
[ "$status" -eq 0 ] || { echo "swift test failed (exit $status)"; exit "$status"; }
# The MySQL 9.7 suite runs on its own: under the CPU load of the parallel unit tests on 2 cores its first
# caching_sha2 login (RSA exchange) has been seen to stall past the server's connect timeout (see the closing note).
if [ -n "${TIDE_TEST_MYSQL97:-}" ]; then
    echo "== swift test (MySQL 9.7 suite)"
    swift test --skip-build --filter MySQL97
fi

echo "== end-to-end (official SDKs against tide serve)"
tests/e2e/run.sh "$root/.build/debug/tide"
