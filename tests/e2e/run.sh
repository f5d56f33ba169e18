#!/usr/bin/env bash
# End-to-end suite: drives `tide serve` with the official Python SDKs from PyPI (DataWorks 2020-05-18 and
# Huawei DRS v3), unmodified except endpoint and credentials.
# Usage: tests/e2e/run.sh /path/to/built/tide      (builds nothing itself)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tide="${1:?usage: tests/e2e/run.sh PATH_TO_TIDE_BINARY}"
[ -x "$tide" ] || { echo "e2e: $tide is not an executable"; exit 2; }
venv="${TIDE_E2E_VENV:-/tmp/tide-e2e-venv}"

# Versions named in ../shared/docs/sdk-wire-formats.md (the ones whose wire format was captured).
packages=(
  "alibabacloud-dataworks-public20200518==10.1.1"
  "alibabacloud-tea-openapi==0.4.6"
  "huaweicloudsdkcore==3.1.219"
  "huaweicloudsdkdrs==3.1.219"
  "pytest"
)
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import alibabacloud_dataworks_public20200518, huaweicloudsdkdrs, pytest" 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}"
fi

# Loopback only: never through a proxy.
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
export TIDE_E2E_BINARY="$(cd "$(dirname "$tide")" && pwd)/$(basename "$tide")"

cd "$here"
set +e
# The whole folder, unless test files are named (`run.sh TIDE test_realtime.py -k purged`): then only those.
targets=("$here")
for arg in "${@:2}"; do
  case "$arg" in
    -*) ;;
    *) if [ -e "$arg" ]; then targets=(); fi ;;
  esac
done
"$venv/bin/python" -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning "${targets[@]}" "${@:2}"
status=$?
set -e
exit "$status"
