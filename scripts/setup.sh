#!/usr/bin/env bash
# Installs the system packages Tide's demo and tests need on Debian 12 (idempotent; skips what is present).
# Swift 6.3 itself is assumed to be installed (see README.md).
set -euo pipefail

packages=(mariadb-server-core mariadb-client postgresql-15 postgresql-client-15 python3-venv ca-certificates)
# Extra packages a module asks for (one name per line, e.g. a -dev library a system-library target links).
if [ -f "$(dirname "$0")/apt-packages.txt" ]; then
    while read -r name; do [ -n "$name" ] && packages+=("$name"); done < <(grep -v '^#' "$(dirname "$0")/apt-packages.txt")
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
# Keep postgresql-15 from creating and starting a 'main' cluster on 5432: we run our own.
$sudo_cmd mkdir -p /etc/postgresql-common/createcluster.d
echo 'create_main_cluster = false' | $sudo_cmd tee /etc/postgresql-common/createcluster.d/99-no-main.conf >/dev/null
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
        exit 0
    fi
    echo "setup: apt-get failed (attempt $attempt; the dpkg lock may be busy), retrying in 10 s" >&2
    sleep 10
done
echo "setup: could not install ${missing[*]}" >&2
exit 1
