#!/usr/bin/env bash
# shopsense ingest end to end: exit codes, stdin + gzip, JSON report, incremental ingests
# keeping ids stable, and a dry run storing nothing. Usage: cli_ingest_test.sh SHOPSENSE
set -euo pipefail
SS=$1
T=$(mktemp -d /tmp/ss-cli-ingest-XXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for i in $(seq 0 199); do echo "$((100 + i % 13)),$((5000 + i % 31)),$((i % 4)),pv,$((1511658000 + i))"; done > "$T/a.csv"
echo "301780,543546,4181361,pv,15" >> "$T/a.csv"

# Accepted (1 of 201 rejected, under 1%): exit 0, counts in the JSON report.
"$SS" -q -d "$T/store" ingest "$T/a.csv" --preset taobao --json > "$T/r.json" || fail "exit code $? on an acceptable file"
/usr/bin/python3 - "$T/r.json" <<'PY' || fail "report"
import json, sys
r = json.load(open(sys.argv[1]))
e = r["events"]
assert e["rows_read"] == 201 and e["rows_accepted"] == 200, e
assert e["rejected"]["timestamp_out_of_range"]["examples"][0]["line"] == 201, e
assert r["accepted"] and r["store_events"] == 200, r
PY

# The same rows again, gzip-compressed through standard input: ids stay stable.
gzip -c "$T/a.csv" | "$SS" -q -d "$T/store" ingest - --preset taobao > /dev/null || fail "stdin gzip"
"$SS" -d "$T/store" stats --json > "$T/s.json"
/usr/bin/python3 -c "
import json; s = json.load(open('$T/s.json'))
assert s['events'] == 400 and s['users'] == 13 and s['items'] == 31, s" || fail "incremental stats"

# Too many rejections: exit 1, and what was accepted is still stored.
printf 'u1,i1,view,1700000000\nu2,i2,bogus,1700000001\n' > "$T/b.csv"
set +e
"$SS" -q -d "$T/store2" ingest "$T/b.csv" --columns user=0,item=1,behavior=2,timestamp=3 > "$T/b.txt"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "expected exit 1 for a batch with 50% rejected rows, got $rc"
grep -q "b.csv:2: unknown behaviour" "$T/b.txt" || fail "line number in the text report"
"$SS" -d "$T/store2" stats --json | grep -q '"events": 1' || fail "accepted rows stored"

# Bad usage: exit 2 with a message naming the problem.
set +e
"$SS" -q -d "$T/store3" ingest "$T/b.csv" --columns usr=0 2> "$T/err.txt"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "unknown field 'usr'" "$T/err.txt" || fail "bad --columns: rc $rc"

# Dry run: reports, stores nothing.
"$SS" -q -d "$T/store4" ingest "$T/a.csv" --preset taobao --dry-run > /dev/null
[ ! -e "$T/store4" ] || fail "dry run created a store"
echo "cli ingest checks passed"
