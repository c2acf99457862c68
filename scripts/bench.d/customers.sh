# shellcheck shell=bash
# `scripts/bench customers` measures the customers service (seed 002) on PostgreSQL and on
# SQLite, over a seeded database of 100,000 customers in 10 categories:
#   - the read: the back office's customer list with a filter, GET /customers?category=2&visible=Y
#     (10,000 matching customers; their total, kept by the database in customer_counts, and the
#     first page of 25, the document's default);
#   - the write: PUT /customers/{id} with action editScore (accumulate), a fresh ticket each
#     request, over 1,000 customers (the customer's row locked, the ticket checked, the score
#     and its history written in one transaction);
# each with the sav bench's figures (wrk at the maximum rate, then about half of it; CPU per
# request; peak resident memory; errors), and on PostgreSQL pgbench running the very SQL the
# service runs, the ceiling it is compared to. The gateway runs only to issue the token.
#
# The data is written by the service itself, `customers seed` (services/customers/src/seed.rs,
# through its stores; its shape is described there, and services/customers/tests/seed.rs runs it
# in CI).

BENCH_TOOLS=(sqlite3 psql pgbench createdb dropdb)
BENCH_BUILD=(-p gateway -p customers)

CUSTOMERS=100000
CATEGORIES=10
TICKETS=200000     # S… for the service, P… for pgbench
SCORED_CUSTOMERS=1000
CUSTOMERS_PG_URL=postgres://postgres@127.0.0.1:5432/bench_customers
CUSTOMERS_READ_PATH="/customers?category=2&visible=Y"

# The service's settings for the database URL $1, as arguments of env (a plain command, so that
# `env … &` gives the service's own pid: env execs it). 16 connections, as many as wrk's and
# pgbench's clients: editScore waits on its commit, and with 8 half the clients queued for a
# connection (905 req/s and 7.5 ms p50 at half rate; 1,386 and 3.6 ms with 16, the list's
# figures unchanged).
customers_env() {
    customers_vars=(CUSTOMERS__DATABASE__URL="$1" CUSTOMERS__HTTP__PORT="$CUSTOMERS_PORT"
        CUSTOMERS__LOG__FILTER=warn CUSTOMERS__DATABASE__POOL_SIZE=16
        CUSTOMERS__AUTH__JWKS_URL="http://127.0.0.1:$GATEWAY_PORT/.well-known/jwks.json"
        CUSTOMERS__SERVICE__IMAGES_DIR="$work/images")
}

# Migrates and seeds the database URL $1 ($2 names the log) with the service's own `seed`.
seed_customers() {
    customers_env "$1"
    env "${customers_vars[@]}" target/release/customers seed --customers $CUSTOMERS \
        --categories $CATEGORIES --tickets $TICKETS >>"$work/customers-$2.log"
    echo "   $(tail -n 1 "$work/customers-$2.log")"
}

# Starts the service on the database URL $1 (seeded); sets svc_pid. The first request fetches
# the gateway's keys and shows that the service reads the seeded rows.
start_customers() {
    customers_env "$1"
    port_free "$CUSTOMERS_PORT"
    env "${customers_vars[@]}" target/release/customers >>"$work/customers-$2.log" 2>&1 &
    svc_pid=$!
    pids+=("$svc_pid")
    wait_ready "http://127.0.0.1:$CUSTOMERS_PORT/readyz"
    read_shape=$(curl -fsS -H "$auth" "http://127.0.0.1:$CUSTOMERS_PORT$CUSTOMERS_READ_PATH" | python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = d["_embedded"]["customers"]
if d["total_items"] != int(sys.argv[1]) or len(rows) != 25:
    sys.exit("category 2 should hold %s customers: %s, %d rows" % (sys.argv[1], d["total_items"], len(rows)))
print("%d customers of %d, %d bytes" % (len(rows), d["total_items"], len(json.dumps(d))))' $((CUSTOMERS / CATEGORIES)))
}

# One fresh ticket per request: thread i takes S(i*range+1)…S((i+1)*range) (the run at half the
# rate the second half of them), so no ticket is scored twice and the run cannot go past the
# seeded ones; the customer goes round the first SCORED_CUSTOMERS.
score_lua() {
    {
        lua_write_prologue PUT $((TICKETS / 2))
        cat <<LUA
local customers = $SCORED_CUSTOMERS
local seeded = false

-- A customer drawn at random for each request, as pgbench draws its own: in turn (n % 1000),
-- wrk's two threads asked for the same customer at the same moment and waited on each
-- other's row lock, which pgbench never does.
function request()
    if not seeded then
        math.randomseed(first + offset + 1)
        seeded = true
    end
    if offset + sent >= range then
        wrk.thread:stop()
    else
        sent = sent + 1
    end
    local n = first + offset + sent
    local body = string.format('{"action":"editScore","transaction_type":"accumulate",'
        .. '"ticketid":"S%06d","score":10,"score_content":"bench"}', n)
    return wrk.format(nil, string.format("/customers/%d", math.random(customers)), nil, body)
end

LUA
        lua_status_tally 200
    } >"$work/score.lua"
}

# pgbench's ceiling for the read: the two statements the service sends (the total from the
# counts the database keeps, the page with its categories' names), the filter's values as
# literals (the service binds them).
pgbench_read() {
    cat >"$work/read.sql" <<SQL
SELECT customer_counts.n FROM customer_counts
WHERE customer_counts.visible = true AND customer_counts.category_id = 2;
SELECT customers.id, customers.searchkey, customers.taxid, customers.name, customers.card,
       customers.category_id, customers.loyal_cat_id, customers.loyal_score, customers.maxdebt_cents,
       customers.curdebt_cents, customers.curdate, customers.address, customers.city, customers.region,
       customers.visible, customers.phone, customers.notes, customer_categories.name, loyal_categories.name
FROM customers INNER JOIN customer_categories ON customers.category_id = customer_categories.id
  LEFT OUTER JOIN loyal_categories ON customers.loyal_cat_id = loyal_categories.id
WHERE customers.visible = true AND customers.category_id = 2
ORDER BY customers.id ASC LIMIT 25 OFFSET 0;
SQL
    run_pgbench pg:list "$work/read.sql" bench_customers
}

# pgbench's ceiling for the write: the service's transaction statement for statement. Its ticket
# is checked among the seeded P… ones; the history row takes a random ticket id of its own, so
# that two draws of the same ticket do not meet the unique (ticket, type) index.
pgbench_write() {
    cat >"$work/score.sql" <<SQL
\set customer random(1, $SCORED_CUSTOMERS)
\set n random(1, $TICKETS)
\set unique random(1, 4000000000000000000)
BEGIN;
SELECT customers.loyal_score,
       EXISTS (SELECT tickets.id FROM tickets WHERE tickets.id = 'P' || lpad(:n::text, 6, '0')) AS known,
       EXISTS (SELECT score_history.id FROM score_history
               WHERE score_history.ticket_id = 'P' || lpad(:n::text, 6, '0')
               AND score_history.transaction_type = 'accumulate') AS scored
FROM customers WHERE customers.id = :customer LIMIT 1 FOR UPDATE \gset c_
UPDATE customers SET loyal_score = :c_loyal_score + 10 WHERE customers.id = :customer;
INSERT INTO score_history (customer_id, ticket_id, transaction_type, score, content, admin_name, created_at)
VALUES (:customer, 'Q' || :unique, 'accumulate', 10, 'pgbench', 'bench', LOCALTIMESTAMP);
COMMIT;
SQL
    run_pgbench pg:score "$work/score.sql" bench_customers
}

pg_scores() { psql "${PG_ADMIN[@]}" -d bench_customers -tAc "SELECT count(*) FROM score_history WHERE content = 'bench'"; }
sqlite_scores() { sqlite3 "$work/customers.db" ".timeout 5000" "SELECT count(*) FROM score_history WHERE content = 'bench'"; }

# One backend ($1: pg or sqlite) on the database URL $2: seed (and migrate), start, measure, and
# on PostgreSQL the pgbench ceilings.
bench_customers_on() {
    local backend=$1 url=$2 label
    label=$([ "$backend" = pg ] && echo PostgreSQL || echo SQLite)
    echo "== $label: seeding $CUSTOMERS customers"
    seed_customers "$url" "$backend"
    start_customers "$url" "$backend"
    echo "== $label: read ${DURATION}s at max rate, then ${DURATION}s at half of it"
    measure_read "$backend:list" "http://127.0.0.1:$CUSTOMERS_PORT$CUSTOMERS_READ_PATH"
    echo "== $label: editScore ${DURATION}s at max rate, then at about half of it"
    measure_write "$backend:score" "${backend}_scores" "http://127.0.0.1:$CUSTOMERS_PORT/customers/1" \
        "$work/score.lua" "score changes"
    rss[$backend]=$(peak_rss)
    if [ "$backend" = pg ]; then
        echo "== PostgreSQL: pgbench, the same SQL"
        pgbench_read
        pgbench_write
    fi
    stop_service
}

report_customers() {
    local names=(pg:list pg:score sqlite:list sqlite:score) name backend
    echo
    echo "list  = GET $CUSTOMERS_READ_PATH ($read_shape)"
    echo "score = PUT /customers/{id} editScore accumulate, a fresh ticket each, over $SCORED_CUSTOMERS customers"
    report_table "${names[@]}"
    echo
    report_details "${names[@]}"
    echo
    awk -v s="${rps[pg:list]}" -v b="${baseline[pg:list]}" \
        'BEGIN {printf "pg list:  service %.0f req/s / pgbench %d tps = %.0f%% (goal >= 50%%)\n", s, b, 100 * s / b}'
    awk -v s="${rps[pg:score]}" -v b="${baseline[pg:score]}" \
        'BEGIN {printf "pg score: service %.0f req/s / pgbench %d tps = %.0f%% (goal >= 70%%)\n", s, b, 100 * s / b}'
    for name in pg:list sqlite:list; do
        echo "$name p99 at half the maximum rate: ${fixed99[$name]} ms (goal <= 5)"
    done
    for name in pg:score sqlite:score; do
        echo "$name p99 at about half the maximum rate: ${fixed99[$name]} ms (goal <= 10)"
        echo "$name errors (non-200, socket errors): ${errors[$name]} (goal: none)"
    done
    for backend in pg sqlite; do
        echo "$backend peak RSS: ${rss[$backend]} MiB (goal < 48)"
    done
}

bench_main() {
    issue_token bench "" "" "customer.view_list customer.edit_score"
    score_lua
    bench_db=bench_customers
    dropdb --if-exists --force "${PG_ADMIN[@]}" bench_customers
    createdb "${PG_ADMIN[@]}" bench_customers
    bench_customers_on pg "$CUSTOMERS_PG_URL"
    dropdb --force "${PG_ADMIN[@]}" bench_customers
    bench_db=""
    bench_customers_on sqlite "$work/customers.db"
    report_customers
}
