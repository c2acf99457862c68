//! Flows 1 and 2's stack and steps, shared by `warranty_repair.rs` and `sav_replicas.rs`: the
//! gateway, customers, rma and sav as processes; the SAV service asking customers for the
//! warranty and the RMA for the demand, the RMA telling the SAV service its statuses. Every call
//! of the test goes through the gateway, as partners' do.

use std::time::{Duration, Instant};

use e2e::{Setup, Stack};
use reqwest::Method;
use serde_json::{Value, json};

/// How long a flow may take to settle once its peers are up.
const SETTLES: Duration = Duration::from_secs(20);

/// The running flows: the back office's token (sales, SAVs, warranty registrations) and the
/// repair center `center-samsung`'s (its client bound to that partner).
pub struct Repairs {
    pub stack: Stack,
    pub office: String,
    pub center: String,
}

/// The gateway, customers, rma and sav, wired as `docs/flows.md` says (Samsung's center
/// `center-samsung`, the default `center-main`), `replica` naming a second sav process over the
/// same database; then the sale A1 fed to the SAV service and `serials` registered under
/// warranty (sold today, 24 months), `SN-OLD` expired (2020, 6 months).
pub async fn repairs(replica: Option<&str>, serials: &[String]) -> Repairs {
    let setup = Setup::new(&["customers", "rma", "sav"]);
    let (customers, rma, sav) = (setup.url("customers"), setup.url("rma"), setup.url("sav"));
    let mut setup = setup
        .env("sav", "SERVICE__WARRANTY_REPAIR__CUSTOMERS_URL", &customers)
        .env("sav", "SERVICE__WARRANTY_REPAIR__RMA_URL", &rma)
        .env(
            "sav",
            "SERVICE__WARRANTY_REPAIR__DEFAULT_CENTER",
            "center-main",
        )
        .env(
            "sav",
            "SERVICE__WARRANTY_REPAIR__CENTERS__SAMSUNG",
            "center-samsung",
        )
        .env("rma", "SERVICE__SAV_EVENTS__URL", &sav);
    if let Some(name) = replica {
        setup = setup.replica("sav", name);
    }
    let stack = setup.start().await;
    let office = stack.client(
        "office",
        "sales_write sav_read sav_write customers customers_feed demands_create",
        "customer.warranty_info.create customer.warranty_info.view_list",
    );
    let office = stack.token(&office).await;
    let center = stack.partner_client("center", "demands_accept demands_status", "center-samsung");
    let center = stack.token(&center).await;
    let repairs = Repairs {
        stack,
        office,
        center,
    };
    let sale = json!([{"increment_id": "A1", "customer_email": "jean@example.com",
        "customer_name": "Jean Dupont", "customer_phone": "+33600000000", "grand_total": "499.00",
        "coupon_code": null, "status": "complete", "created_at": "2026-03-01T10:00:00Z",
        "lines": [{"sku": "TV55", "name": "Téléviseur", "quantity": 1, "unit_price": "499.00"}]}]);
    let (status, body) = repairs.send(Method::POST, "/api/sales", Some(sale)).await;
    assert_eq!(status, 200, "{body}");
    repairs.register(serials).await;
    repairs
}

impl Repairs {
    /// A call of the back office through the gateway.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.stack.request(method, path).bearer_auth(&self.office);
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.stack.send(request).await
    }

    /// A call of the repair center through the gateway.
    pub async fn center(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.stack.request(method, path).bearer_auth(&self.center);
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.stack.send(request).await
    }

    /// A customer, a till ticket per warranty and its registration in the customers service.
    /// `/pos/tickets` has no route of its own at the gateway: it is reached under `/svc/customers`.
    async fn register(&self, serials: &[String]) {
        let customer = json!({"name": "Jean Dupont", "phone": "0912345678"});
        let (status, body) = self.send(Method::POST, "/customers", Some(customer)).await;
        assert_eq!(status, 201, "{body}");
        let customer = body["customer"]["id"].as_i64().unwrap();
        let today = format!("{} 10:00:00", today());
        let mut registrations = vec![("HD-OLD".to_string(), "2020-01-10 10:00:00", "SN-OLD", 6)];
        for (n, serial) in serials.iter().enumerate() {
            registrations.push((format!("HD-{n}"), today.as_str(), serial.as_str(), 24));
        }
        for (ticket, sold_at, serial, months) in registrations {
            let lines = json!([{"product_id": "TV55", "product_name": "Téléviseur 55 pouces"}]);
            let path = format!("/svc/customers/pos/tickets/{ticket}");
            let body = json!({"customer_id": customer, "sold_at": sold_at, "lines": lines});
            let (status, answer) = self.send(Method::PUT, &path, Some(body)).await;
            assert_eq!(status, 200, "{answer}");
            let body = json!({"ticketid": ticket, "cust_id": customer, "cust_phone": "0912345678",
                "product_id": "TV55", "serial_num": serial, "time_warranty": months});
            let (status, answer) = self.send(Method::POST, "/warranty-info", Some(body)).await;
            assert_eq!(status, 201, "{answer}");
        }
    }

    /// Opens a `garantie` SAV on order A1 for Samsung's product `serial`, at `path` (the
    /// gateway's, or a replica's own URL); its id.
    pub async fn open_sav_at(&self, url: &str, serial: &str) -> i64 {
        let body = json!({"sale_ref": "A1", "typePb": "garantie", "serial_number": serial,
            "brand": "SAMSUNG", "observations": "L'écran reste noir"});
        // The request id the peers' calls carry: `case-<serial>`.
        let request = reqwest::Client::new()
            .post(url)
            .bearer_auth(&self.office)
            .header("x-request-id", format!("case-{serial}"))
            .json(&body);
        let (status, body) = self.stack.send(request).await;
        assert_eq!(status, 200, "{body}");
        body["sav_id"].as_i64().unwrap()
    }

    /// Opens a `garantie` SAV through the gateway; its id.
    pub async fn open_sav(&self, serial: &str) -> i64 {
        let url = self.stack.url("/sav/create-sale-sav");
        self.open_sav_at(&url, serial).await
    }

    /// `GET /api/sav/{id}`'s `sav`.
    pub async fn sav(&self, id: i64) -> Value {
        let (status, body) = self
            .send(Method::GET, &format!("/api/sav/{id}"), None)
            .await;
        assert_eq!(status, 200, "{body}");
        body["sav"].clone()
    }

    /// The SAV once `done` says so, else the test fails with what it last saw.
    pub async fn sav_when(&self, id: i64, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + SETTLES;
        loop {
            let sav = self.sav(id).await;
            if done(&sav) {
                return sav;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: never; last seen {sav:#}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The numbers of the demands the center sees.
    pub async fn center_demands(&self) -> Vec<String> {
        let (status, listed) = self
            .center(Method::GET, "/api/demands/retrieverequests", None)
            .await;
        assert_eq!(status, 200, "{listed}");
        let mut numbers: Vec<String> = listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["demand_number"].as_str().unwrap().to_string())
            .collect();
        numbers.sort();
        numbers
    }
}

/// The statuses of the SAV's demand, in order.
pub fn timeline(sav: &Value) -> Vec<String> {
    sav["repair"]["timeline"]
        .as_array()
        .map(|steps| {
            steps
                .iter()
                .map(|step| step["status"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the demand's first status came back.
pub fn has_timeline(sav: &Value) -> bool {
    !timeline(sav).is_empty()
}

/// Today (UTC) as `YYYY-MM-DD`: the civil date of the Unix day (Howard Hinnant's algorithm;
/// the e2e crate has no date library).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let z = i64::try_from(secs / 86_400).unwrap() + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
