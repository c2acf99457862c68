# shellcheck shell=bash
# `scripts/bench loyalty` measures the loyalty service (seed 003) on PostgreSQL and on SQLite:
#   - the balance read, GET /api/v1/cards/{card}/balance, on a card with 100,000 entries on its
#     points ledger and on one with 10 (issue 14: the read must cost the same on both; every
#     entry is still open, the most a read could have to look at);
#   - the ticket, POST /api/v1/cards/{card}/sales: two purchase lines (12 € and 8 €) and an
#     amount voucher of 5 €, a fresh receipt and voucher each request, over 2,048 cards (the
#     card locked, the voucher redeemed, the lines and their points written, the counters moved,
#     the forced steps checked, in one transaction);
# each with the sav bench's figures (wrk at the maximum rate, then about half of it; CPU per
# request; peak resident memory; errors), and on PostgreSQL pgbench running the very SQL the
# service runs, the ceiling it is compared to. The gateway runs only to issue the token.
#
# The data is written by the service itself, `loyalty seed` (services/loyalty/src/seed.rs,
# through its stores; its shape is described there, and services/loyalty/tests/seed.rs runs it
# in CI).

BENCH_TOOLS=(sqlite3 psql pgbench createdb dropdb)
BENCH_BUILD=(-p gateway -p loyalty)

LOYALTY_ENTRIES=100000
# Not a divisor of wrk's threads' ranges of vouchers (100,000, and 50,000 at half the rate), so
# that its two threads, keeping pace, do not meet on one card's lock.
LOYALTY_CARDS=2048
LOYALTY_VOUCHERS=200000 # S… for the service, P… for pgbench
# The cards of services/loyalty/src/seed.rs.
LOYALTY_HEAVY_CARD=90000000001
LOYALTY_LIGHT_CARD=90000000002
LOYALTY_PG_URL=postgres://postgres@127.0.0.1:5432/bench_loyalty
# A ticket's date: its points are spendable at once and far from expiry.
LOYALTY_TICKET_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# The service's settings for the database URL $1, as arguments of env (a plain command, so that
# `env … &` gives the service's own pid: env execs it). As many connections as wrk's and
# pgbench's clients, as in customers.sh: a write waits on its commit, and with fewer
# connections the clients queue for one, which pgbench's never do.
loyalty_env() {
    loyalty_vars=(LOYALTY__DATABASE__URL="$1" LOYALTY__HTTP__PORT="$LOYALTY_PORT"
        LOYALTY__LOG__FILTER=warn LOYALTY__DATABASE__POOL_SIZE="$SERVICE_CONNECTIONS"
        LOYALTY__AUTH__JWKS_URL="http://127.0.0.1:$GATEWAY_PORT/.well-known/jwks.json")
}

# Migrates and seeds the database URL $1 ($2 names the log) with the service's own `seed`.
seed_loyalty() {
    loyalty_env "$1"
    env "${loyalty_vars[@]}" target/release/loyalty seed --entries "$LOYALTY_ENTRIES" \
        --cards "$LOYALTY_CARDS" --vouchers "$LOYALTY_VOUCHERS" >>"$work/loyalty-$2.log"
    echo "   $(tail -n 1 "$work/loyalty-$2.log")"
}

# The balance of card $1 as the service answers it: its points (checked against the seed's $2
# entries of 10 points) and size.
loyalty_balance_shape() {
    curl -fsS -H "$auth" "http://127.0.0.1:$LOYALTY_PORT/api/v1/cards/$1/balance" | python3 -c '
import json, sys
d = json.load(sys.stdin)
points = d[0]["primaryLoyaltyBalance"]["value"]
if points != 10 * int(sys.argv[1]):
    sys.exit("the card should hold %d points: %s" % (10 * int(sys.argv[1]), points))
print("%d points, next expiry %s, %d bytes" % (points, d[0]["nextExpiry"], len(json.dumps(d))))' "$2"
}

# Starts the service on the database URL $1 (seeded); sets svc_pid. The first request fetches
# the gateway's keys and shows that the service reads the seeded rows.
start_loyalty() {
    loyalty_env "$1"
    port_free "$LOYALTY_PORT"
    env "${loyalty_vars[@]}" target/release/loyalty >>"$work/loyalty-$2.log" 2>&1 &
    svc_pid=$!
    pids+=("$svc_pid")
    wait_ready "http://127.0.0.1:$LOYALTY_PORT/readyz"
    heavy_shape=$(loyalty_balance_shape "$LOYALTY_HEAVY_CARD" "$LOYALTY_ENTRIES")
    light_shape=$(loyalty_balance_shape "$LOYALTY_LIGHT_CARD" 10)
}

# One fresh receipt and voucher per request: thread i takes S(i*range+1)…S((i+1)*range) (the
# run at half the rate the second half of them), so no voucher is used twice and the run cannot
# go past the seeded ones; voucher n is on card 8 and n % LOYALTY_CARDS + 1 on 10 digits.
sale_lua() {
    {
        lua_write_prologue POST $((LOYALTY_VOUCHERS / 2))
        cat <<LUA
local cards = $LOYALTY_CARDS

function request()
    if offset + sent >= range then
        wrk.thread:stop()
    else
        sent = sent + 1
    end
    local n = first + offset + sent
    local body = string.format('{"receipt":"S%07d","date":"$LOYALTY_TICKET_DATE","purchases":['
        .. '{"operation":{"id":1},"amount":12,"quantity":1,"item":{"code":"A1","label":"Article A1"}},'
        .. '{"operation":{"id":1},"amount":8,"quantity":1,"item":{"code":"B2","label":"Article B2"}}],'
        .. '"voucherUsed":["S%07d"]}', n, n)
    return wrk.format(nil, string.format("/api/v1/cards/8%010d/sales", n % cards + 1), nil, body)
end

LUA
        lua_status_tally 201
    } >"$work/sale.lua"
}

# pgbench's ceiling for the read of card $2 (figures $1): the statements the service sends, in
# its order, prepared; the card as a literal (the service binds it), "now" as the UTC time the
# service binds.
pgbench_balance() {
    local name=$1 card=$2 now="(now() AT TIME ZONE 'UTC')"
    cat >"$work/balance-$card.sql" <<SQL
SELECT point_entries.id FROM point_entries WHERE point_entries.card = '$card'
  AND point_entries.remaining > 0 AND point_entries.expires_at <= $now
  ORDER BY point_entries.expires_at ASC LIMIT 1;
SELECT cards.number, cards.consumer_id, cards.points, cards.wallet_cents, cards.purchases,
       cards.purchase_cents, cards.discount_cents, cards.purchases_cumulative,
       cards.purchase_cents_cumulative, cards.discount_cents_cumulative, cards.first_purchase_at,
       cards.last_purchase_at
FROM cards WHERE cards.number = '$card' LIMIT 1;
SELECT point_entries.remaining FROM point_entries WHERE point_entries.card = '$card'
  AND point_entries.remaining > 0 AND point_entries.available_at > $now;
SELECT DISTINCT rewards.step_index FROM rewards WHERE rewards.card = '$card';
SELECT point_entries.expires_at FROM point_entries WHERE point_entries.card = '$card'
  AND point_entries.remaining > 0 AND point_entries.expires_at > $now
  ORDER BY point_entries.expires_at ASC LIMIT 1 \gset next_
SELECT point_entries.remaining FROM point_entries WHERE point_entries.card = '$card'
  AND point_entries.remaining > 0 AND point_entries.expires_at = :next_expires_at;
SQL
    run_pgbench "$name" "$work/balance-$card.sql" bench_loyalty
}

# pgbench's ceiling for the ticket: the service's transaction statement for statement (a ticket
# whose card has nothing expired and reaches no forced step, as in the bench). Its voucher is
# one of the seeded P… ones, on its card; the receipt is a random one of its own (two draws of
# one voucher only redo the same update).
pgbench_sale() {
    local now="(now() AT TIME ZONE 'UTC')" card_columns
    card_columns="cards.number, cards.consumer_id, cards.points, cards.wallet_cents, cards.purchases,
       cards.purchase_cents, cards.discount_cents, cards.purchases_cumulative,
       cards.purchase_cents_cumulative, cards.discount_cents_cumulative, cards.first_purchase_at,
       cards.last_purchase_at"
    cat >"$work/sale.sql" <<SQL
\set n random(1, $LOYALTY_VOUCHERS)
\set unique random(1, 4000000000000000000)
BEGIN;
SELECT $card_columns FROM cards WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0') LIMIT 1 FOR UPDATE;
SELECT tickets.id FROM tickets WHERE tickets.shop_id = 2928 AND tickets.receipt = 'Q' || :unique LIMIT 1;
SELECT $card_columns FROM cards WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0') LIMIT 1 FOR UPDATE;
SELECT point_entries.id, point_entries.remaining FROM point_entries
  WHERE point_entries.card = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0')
  AND point_entries.remaining > 0 AND point_entries.expires_at <= $now
  ORDER BY point_entries.expires_at ASC, point_entries.id ASC;
SELECT $card_columns FROM cards WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0') LIMIT 1;
INSERT INTO tickets (card, shop_id, receipt, sold_at, gross_cents, deducted_cents, points, created_at)
  VALUES ('8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0'), 2928, 'Q' || :unique, $now, 0, 0, 0, $now)
  RETURNING tickets.id \gset t_
SELECT vouchers.number, vouchers.card, vouchers.kind, vouchers.value, vouchers.remaining_cents,
       vouchers.choices, vouchers.state, vouchers.expires_at
  FROM vouchers WHERE vouchers.number = 'P' || lpad(:n::text, 7, '0') LIMIT 1 FOR UPDATE;
UPDATE vouchers SET remaining_cents = 0, state = 'used', used_ticket_id = :t_id
  WHERE vouchers.number = 'P' || lpad(:n::text, 7, '0');
INSERT INTO purchases (ticket_id, line, operation, amount_cents, net_cents, quantity_hundredths,
    percentage_discount, item_code, item_label, item_type_code, item_type_label, points)
  VALUES (:t_id, 1, 1, 1200, 700, 100, '0', 'A1', 'Article A1', '', '', 7) RETURNING purchases.id \gset p1_
INSERT INTO point_entries (card, ticket_id, purchase_id, operation, kind, delta, remaining, created_at, available_at, expires_at)
  VALUES ('8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0'), :t_id, :p1_id, 1, 'purchase', 7, 7, $now, $now, $now + interval '365 days');
UPDATE cards SET points = cards.points + 7 WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0');
INSERT INTO purchases (ticket_id, line, operation, amount_cents, net_cents, quantity_hundredths,
    percentage_discount, item_code, item_label, item_type_code, item_type_label, points)
  VALUES (:t_id, 2, 1, 800, 800, 100, '0', 'B2', 'Article B2', '', '', 8) RETURNING purchases.id \gset p2_
INSERT INTO point_entries (card, ticket_id, purchase_id, operation, kind, delta, remaining, created_at, available_at, expires_at)
  VALUES ('8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0'), :t_id, :p2_id, 1, 'purchase', 8, 8, $now, $now, $now + interval '365 days');
UPDATE cards SET points = cards.points + 8 WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0');
UPDATE cards SET purchases = cards.purchases + 1, purchase_cents = cards.purchase_cents + 1500,
    discount_cents = cards.discount_cents + 500, purchases_cumulative = cards.purchases_cumulative + 1,
    purchase_cents_cumulative = cards.purchase_cents_cumulative + 1500,
    discount_cents_cumulative = cards.discount_cents_cumulative + 500, wallet_cents = cards.wallet_cents + 0
  WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0');
SELECT $card_columns FROM cards WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0') LIMIT 1;
UPDATE cards SET first_purchase_at = $now, last_purchase_at = $now
  WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0');
UPDATE tickets SET gross_cents = 2000, deducted_cents = 500, points = 15 WHERE tickets.id = :t_id;
SELECT $card_columns FROM cards WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0') LIMIT 1;
SELECT point_entries.remaining FROM point_entries
  WHERE point_entries.card = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0')
  AND point_entries.remaining > 0 AND point_entries.available_at > $now;
SELECT DISTINCT rewards.step_index FROM rewards WHERE rewards.card = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0');
SELECT $card_columns FROM cards WHERE cards.number = '8' || lpad((:n % $LOYALTY_CARDS + 1)::text, 10, '0') LIMIT 1;
COMMIT;
SQL
    run_pgbench pg:sale "$work/sale.sql" bench_loyalty
}

pg_sales() { psql "${PG_ADMIN[@]}" -d bench_loyalty -tAc "SELECT count(*) FROM tickets WHERE receipt LIKE 'S%'"; }
sqlite_sales() { sqlite3 "$work/loyalty.db" ".timeout 5000" "SELECT count(*) FROM tickets WHERE receipt LIKE 'S%'"; }

# One backend ($1: pg or sqlite) on the database URL $2: seed (and migrate), start, measure, and
# on PostgreSQL the pgbench ceilings.
bench_loyalty_on() {
    local backend=$1 url=$2 label card
    label=$([ "$backend" = pg ] && echo PostgreSQL || echo SQLite)
    echo "== $label: seeding $LOYALTY_ENTRIES ledger entries, $LOYALTY_CARDS cards, 2 x $LOYALTY_VOUCHERS vouchers"
    seed_loyalty "$url" "$backend"
    start_loyalty "$url" "$backend"
    for card in "$LOYALTY_HEAVY_CARD" "$LOYALTY_LIGHT_CARD"; do
        echo "== $label: balance of card $card ${DURATION}s at max rate, then ${DURATION}s at half of it"
        measure_read "$backend:$(loyalty_read_name "$card")" "http://127.0.0.1:$LOYALTY_PORT/api/v1/cards/$card/balance"
    done
    echo "== $label: tickets ${DURATION}s at max rate, then at about half of it"
    measure_write "$backend:sale" "${backend}_sales" "http://127.0.0.1:$LOYALTY_PORT/api/v1/cards/80000000001/sales" \
        "$work/sale.lua" "tickets"
    rss[$backend]=$(peak_rss)
    if [ "$backend" = pg ]; then
        echo "== PostgreSQL: pgbench, the same SQL"
        pgbench_balance pg:read100k "$LOYALTY_HEAVY_CARD"
        pgbench_balance pg:read10 "$LOYALTY_LIGHT_CARD"
        pgbench_sale
    fi
    stop_service
}

# The figures' name of the read of card $1.
loyalty_read_name() {
    [ "$1" = "$LOYALTY_HEAVY_CARD" ] && echo read100k || echo read10
}

report_loyalty() {
    local names=(pg:read100k pg:read10 pg:sale sqlite:read100k sqlite:read10 sqlite:sale) name backend
    echo
    echo "read100k = GET /api/v1/cards/$LOYALTY_HEAVY_CARD/balance, $LOYALTY_ENTRIES ledger entries ($heavy_shape)"
    echo "read10   = GET /api/v1/cards/$LOYALTY_LIGHT_CARD/balance, 10 ledger entries ($light_shape)"
    echo "sale     = POST /api/v1/cards/{card}/sales, 2 lines and a 5 € voucher, a fresh receipt and voucher each, over $LOYALTY_CARDS cards"
    report_table "${names[@]}"
    echo
    report_details "${names[@]}"
    echo
    for name in pg:read100k pg:read10; do
        awk -v n="$name" -v s="${rps[$name]}" -v b="${baseline[$name]}" \
            'BEGIN {printf "%s: service %.0f req/s / pgbench %d tps = %.0f%% (goal >= 50%%)\n", n, s, b, 100 * s / b}'
    done
    awk -v s="${rps[pg:sale]}" -v b="${baseline[pg:sale]}" \
        'BEGIN {printf "pg:sale: service %.0f req/s / pgbench %d tps = %.0f%% (goal >= 70%%)\n", s, b, 100 * s / b}'
    for backend in pg sqlite; do
        awk -v n="$backend" -v h="${rps[$backend:read100k]}" -v l="${rps[$backend:read10]}" \
            'BEGIN {printf "%s: the read on 100,000 entries keeps %.0f%% of its rate on 10 (goal: the same cost)\n", n, 100 * h / l}'
    done
    for name in pg:read100k pg:read10 sqlite:read100k sqlite:read10; do
        echo "$name p99 at half the maximum rate: ${fixed99[$name]} ms (goal <= 5)"
    done
    for name in pg:sale sqlite:sale; do
        echo "$name p99 at about half the maximum rate: ${fixed99[$name]} ms (goal <= 10)"
        echo "$name errors (non-201, socket errors): ${errors[$name]} (goal: none)"
    done
    for backend in pg sqlite; do
        echo "$backend peak RSS: ${rss[$backend]} MiB (goal < 48)"
    done
}

bench_main() {
    issue_token bench ""
    sale_lua
    bench_db=bench_loyalty
    dropdb --if-exists --force "${PG_ADMIN[@]}" bench_loyalty
    createdb "${PG_ADMIN[@]}" bench_loyalty
    bench_loyalty_on pg "$LOYALTY_PG_URL"
    dropdb --force "${PG_ADMIN[@]}" bench_loyalty
    bench_db=""
    bench_loyalty_on sqlite "$work/loyalty.db"
    report_loyalty
}
