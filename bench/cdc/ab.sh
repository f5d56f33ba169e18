#!/usr/bin/env bash
# A/B of Tide's change catch-up: runs bench/cdc/run.sh for Tide alone once per argument, in the order given, and
# prints each catch-up rate with the per-batch timings of `tide serve --log-level debug` (averages over the batches
# of the catch-up: staging, of which encoding, merge, wait for the predecessor's commit).
# A CHECKPOINT is forced (as the superuser) when the backlog starts, so that every catch-up meets the same, slowest
# server state (the first change to each page after a checkpoint writes a full-page image into the WAL).
#
# usage: bench/cdc/ab.sh NAME=BINARY[,ENV=VALUE...] ...
#   e.g. bench/cdc/ab.sh old=/tmp/tide-old new=/tmp/tide-new old=/tmp/tide-old new=/tmp/tide-new
#        bench/cdc/ab.sh merge=/tmp/tide nomerge=/tmp/tide,TIDE_PG_MERGE=off
# Leaves bench/cdc/RESULTS.md as it was.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${TIDE_SHARED:-$root/../shared}/bench"
. "$shared/env.sh"
work=$(mktemp -d)
cp "$here/RESULTS.md" "$work/RESULTS.md.saved"
trap 'cp "$work/RESULTS.md.saved" "$here/RESULTS.md"; rm -rf "$work"' EXIT
for spec in "$@"; do
    name=${spec%%=*}; rest=${spec#*=}
    binary=${rest%%,*}; settings=(); [ "$rest" != "$binary" ] && IFS=, read -r -a settings <<< "${rest#*,}"
    wrapper="$work/tide-$name"
    printf '#!/bin/bash\nif [ "$1" = serve ]; then shift; exec %q serve --log-level debug "$@"; fi\nexec %q "$@"\n' \
        "$binary" "$binary" > "$wrapper"
    chmod +x "$wrapper"
    log="$work/$name.log"
    : > "$log"
    ( while ! grep -q "backlog of" "$log"; do sleep 0.5; done; pg_admin -d bench -q -c CHECKPOINT ) &
    watcher=$!
    env "${settings[@]}" TIDE_BIN="$wrapper" TIDE_CDC_TOOLS=tide TIDE_BENCH_VERIFY=0 TIDE_CDC_LAG_SECONDS=20 \
        "$here/run.sh" > "$log" 2>&1 || echo "$name: run.sh failed (see $log)"
    kill "$watcher" 2>/dev/null || true
    rate=$(grep -o '"apply_rate_changes_per_s":[0-9.]*' "$log" | head -n 1 | cut -d: -f2)
    timings=$(grep "change batch committed" "$PERFBASE_WORK/tide-cdc/tide-serve.log" | awk '
        { for (i = 1; i <= NF; i++) if ($i ~ /=/) { split($i, kv, "="); v[kv[1]] = kv[2] }
          if (v["rowChanges"] > 10000) { n++; for (k in v) s[k] += v[k] } }
        END { if (n) printf "%d batches, per batch: stage %d ms (encode %d), merge %d ms, wait %d ms",
              n, s["stageMs"]/n, s["encodeMs"]/n, s["mergeMs"]/n, s["waitMs"]/n }')
    echo "$name: ${rate:-?} chg/s; $timings"
done
