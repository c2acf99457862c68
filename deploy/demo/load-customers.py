"""Loads deploy/demo/customers.json into the customers service through the gateway.

Usage: load-customers.py GATEWAY_URL DATA_FILE, with the feed client's credentials in
DEMO_CLIENT_ID and DEMO_CLIENT_SECRET (a client-credentials client of scopes
`customers customers_feed` and permission `customer.view_list`). Every write is idempotent but the customers' creation, which a
second run refuses (EXIST_PHONE) and reads back instead; so a rerun leaves the same data.
"""

import base64
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

gateway, data_file = sys.argv[1], sys.argv[2]
data = json.load(open(data_file, encoding="utf-8"))
basic = base64.b64encode(
    f"{os.environ['DEMO_CLIENT_ID']}:{os.environ['DEMO_CLIENT_SECRET']}".encode()
).decode()


def call(method, path, body=None, headers=None):
    request = urllib.request.Request(
        gateway + path,
        method=method,
        data=None if body is None else body,
        headers=headers or {},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


status, token = call(
    "POST",
    "/oauth/token",
    b"grant_type=client_credentials",
    {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
)
if status != 200:
    sys.exit(f"no token for the demo feed client: {status} {token}")
auth = {"Authorization": f"Bearer {token['access_token']}", "Content-Type": "application/json"}


def send(method, path, body):
    payload = None if body is None else json.dumps(body).encode()
    status, answer = call(method, path, payload, auth)
    if status not in (200, 201):
        sys.exit(f"{method} {path}: {status} {answer}")
    return answer


for kind in ("locations", "suppliers", "loyal_categories"):
    path = "loyal-categories" if kind == "loyal_categories" else kind
    for shop_id, name in data[kind].items():
        send("PUT", f"/svc/customers/pos/{path}/{shop_id}", {"name": name})
for shop_id, product in data["products"].items():
    send("PUT", f"/svc/customers/pos/products/{shop_id}", product)

ids = []
for customer in data["customers"]:
    status, answer = call("POST", "/customers", json.dumps(customer).encode(), auth)
    if status == 201:
        ids.append(answer["customer"]["id"])
        continue
    query = urllib.parse.urlencode({"phone": customer["phone"]})
    found = send("GET", f"/customers?{query}", None) if status == 422 else None
    if not found or not found["_embedded"]["customers"]:
        sys.exit(f"POST /customers: {status} {answer}")
    ids.append(found["_embedded"]["customers"][0]["id"])

for shop_id, ticket in data["tickets"].items():
    lines = [{"product_id": p, "product_name": n} for p, n in ticket["lines"]]
    body = {"customer_id": ids[ticket["customer"] - 1], "sold_at": ticket["sold_at"], "lines": lines}
    send("PUT", f"/svc/customers/pos/tickets/{shop_id}", body)

print(
    f"{len(data['locations'])} locations, {len(data['suppliers'])} suppliers, "
    f"{len(data['products'])} products, {len(data['loyal_categories'])} loyalty categories, "
    f"{len(ids)} customers, {len(data['tickets'])} tickets"
)
