#!/bin/sh
# PostVouchers through tertiald (embedded), on the user's path: tertial-erp-sim posts
# vouchers of 10 lines each at a sustained rate, in requests of --batch vouchers, and
# prints the rate it achieved and the time from post to visible in GetBalances (the answer
# comes once the ledger's projection has applied the batch), beside the target:
# p99 < 200 ms at 5 000 vouchers/s.
#
#   bench/ledger/post_vouchers.sh BUILD_DIR [RATE] [BATCH] [VOUCHERS]
set -eu
build=$(cd "$1" && pwd); rate=${2:-5000}; batch=${3:-10}; vouchers=${4:-50000}
work=$(mktemp -d); port=$(( 20000 + $$ % 20000 ))
cleanup() { [ -n "${daemon:-}" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
# A chart, and the vouchers: 10 lines each (9 costs on units, one bank line), balanced.
{ printf '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20210101 20211231\n#KONTO 1930 "Bank"\n'
  for a in 5010 5020 5030 5040 5050 5060 5070 5080 5090; do printf '#KONTO %s "Kostnad"\n' $a; done
  for u in U1 U2 U3; do printf '#OBJEKT 1 "%s" "Enhet"\n' $u; done; } > "$work/chart.se"
awk -v n="$vouchers" 'BEGIN { print "#FLAGGA 0"; print "#SIETYP 4"; print "#RAR 0 20210101 20211231";
  for (i = 1; i <= n; i++) { m = 1 + i % 12; printf "#VER A %d 2021%02d15 \"Faktura\"\n{\n", i, m;
    for (l = 0; l < 9; l++) printf "#TRANS 50%d0 {1 \"U%d\"} %d.00\n", l + 1, 1 + l % 3, 1 + i % 50;
    printf "#TRANS 1930 {} -%d.00\n}\n", 9 * (1 + i % 50) } }' > "$work/vouchers.se"
"$build/apps/tertiald" --data-dir "$work/data" --listen "127.0.0.1:$port" 2> "$work/tertiald.err" &
daemon=$!
export TERTIAL_SERVER="127.0.0.1:$port"
"$build/apps/tertial" status --wait 30 > /dev/null
"$build/apps/tertial" import --org 0580 "$work/chart.se" > /dev/null
echo "== PostVouchers, tertiald embedded, $vouchers vouchers of 10 lines, asked $rate/s, batch $batch"
"$build/apps/tertial-erp-sim/tertial-erp-sim" --org 0580 --rate "$rate/s" --batch "$batch" --series-prefix "" \
  "$work/vouchers.se"
echo "target: a streamed voucher visible in GetBalances p99 < 200 ms at a sustained 5000 vouchers/s"
