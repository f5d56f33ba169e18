#!/usr/bin/env bash
# API benchmark (prints figures, never fails a build). Usage: bench/api/run.sh [PATH_TO_TIDE] [bench.py options]
# Default binary: .build/release/tide if built, else .build/debug/tide.
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tide="${1:-}"
if [ -z "$tide" ]; then
  if [ -x "$root/.build/release/tide" ]; then tide="$root/.build/release/tide"; else tide="$root/.build/debug/tide"; fi
fi
echo "tide binary: $tide"
python3 "$here/bench.py" "$tide" "${@:2}" || echo "benchmark did not complete (not a build failure)"
exit 0
