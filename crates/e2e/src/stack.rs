//! The gateway and some services as real processes: each over its own fresh database
//! ([`testkit::TestDb`]: SQLite, or PostgreSQL under `TEST_POSTGRES_URL`), on its own free port,
//! with a log file per process in the stack's temp dir (printed when the test fails).

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};

use reqwest::{Method, RequestBuilder};
use serde_json::Value;
use testkit::process::{Binary, Process, workspace_bin};

/// Every domain service the gateway routes to.
const SERVICES: [&str; 5] = ["sav", "rma", "customers", "loyalty", "crm"];

/// Each service's own client at the gateway: (service, scopes, permissions). The same grants
/// as `scripts/dev-up` and `k8s/README.md` give; the gateway and the services not named call no
/// one.
pub const GRANTS: [(&str, &str, &str); 3] = [
    (
        "sav",
        "loyalty demands_create customers",
        "customer.warranty_info.view_list",
    ),
    ("rma", "sav_events", ""),
    ("loyalty", "crm", ""),
];

/// The scopes of the test's own back-office client: the retailer's tools, every service.
const BACK_OFFICE_SCOPES: &str = "sales_write sav_read sav_write demands_create demands_status \
    customers customers_feed loyalty loyalty_vouchers crm partners_manage";

/// How long a process may take to stop after SIGTERM (its in-flight calls answered).
const SHUTDOWN_SECS: u64 = 5;

/// Lines of each log printed when a test fails.
const LOG_TAIL: usize = 200;

/// A client of the gateway, as `gateway clients create` printed it.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: String,
}

/// The stack before it starts: every process has its port and database, so each may be told
/// where the others are ([`Setup::url`]) before any runs.
pub struct Setup {
    dir: tempfile::TempDir,
    gateway: Binary,
    services: BTreeMap<String, Binary>,
}

impl Setup {
    /// The gateway and `services` (names of [`SERVICES`]).
    pub fn new(services: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir for the logs");
        let log = |name: &str| dir.path().join(format!("{name}.log"));
        let mut gateway = Binary::new(&workspace_bin("gateway"), "gateway", SHUTDOWN_SECS)
            .log_to(&log("gateway"));
        let mut binaries = BTreeMap::new();
        for name in services {
            assert!(SERVICES.contains(name), "no service {name}");
            let binary = Binary::new(&workspace_bin(name), name, SHUTDOWN_SECS)
                .log_to(&log(name))
                // The outbox's dispatcher quick, so a peer back up is caught up within a second.
                .env("OUTBOX__POLL_INTERVAL_MS", "100")
                .env("OUTBOX__RETRY_BASE_MS", "200")
                .env("OUTBOX__RETRY_MAX_MS", "1000");
            binaries.insert(name.to_string(), binary);
        }
        // The routing table's upstreams: the services started, and a closed port for the others
        // (never whatever listens on the default ports of this machine).
        let closed = closed_url();
        for name in SERVICES {
            let url = binaries.get(name).map_or(closed.clone(), Binary::base_url);
            gateway.set(
                &format!("SERVICE__UPSTREAMS__{}__URL", name.to_uppercase()),
                &url,
            );
        }
        Self {
            dir,
            gateway,
            services: binaries,
        }
    }

    /// A service's own base URL (not through the gateway), for its peers' settings.
    pub fn url(&self, service: &str) -> String {
        self.binary(service).base_url()
    }

    /// Sets `<SERVICE>__<key>` for `service`.
    pub fn env(mut self, service: &str, key: &str, value: &str) -> Self {
        self.services
            .get_mut(service)
            .unwrap_or_else(|| panic!("{service} is not in the stack"))
            .set(key, value);
        self
    }

    fn binary(&self, service: &str) -> &Binary {
        self.services
            .get(service)
            .unwrap_or_else(|| panic!("{service} is not in the stack"))
    }

    /// Creates the clients (the services' own, and the test's back office) in the gateway's
    /// database, starts the gateway, then the services, trusting the gateway's keys and holding
    /// their credentials; returns once every `/readyz` answers.
    pub async fn start(self) -> Stack {
        let Self {
            dir,
            gateway,
            services,
        } = self;
        let office = create_client(
            |args| gateway.command(args),
            "back office",
            BACK_OFFICE_SCOPES,
            "",
        );
        let mut binaries = Vec::new();
        let mut own_clients = BTreeMap::new();
        for (name, mut binary) in services {
            binary.unset("AUTH__JWKS");
            binary.set(
                "AUTH__JWKS_URL",
                &format!("{}/.well-known/jwks.json", gateway.base_url()),
            );
            binary.set("CLIENT__GATEWAY_URL", &gateway.base_url());
            // A client of its own for a service that calls others, as dev-up and k8s give.
            let grant = GRANTS.iter().find(|(service, _, _)| *service == name);
            if let Some((_, scopes, permissions)) = grant {
                let own = create_client(
                    |args| gateway.command(args),
                    &format!("service {name}"),
                    scopes,
                    permissions,
                );
                binary.set("CLIENT__CLIENT_ID", &own.client_id);
                binary.set("CLIENT__CLIENT_SECRET", &own.client_secret);
                own_clients.insert(name.clone(), own);
            }
            binaries.push((name, binary));
        }
        let mut stack = Stack {
            logs: vec![("gateway".to_string(), dir.path().join("gateway.log"))],
            gateway: None,
            services: BTreeMap::new(),
            office,
            own_clients,
            http: reqwest::Client::new(),
            _dir: dir,
        };
        stack.gateway = Some(gateway.spawn().await);
        let names: Vec<String> = binaries.iter().map(|(name, _)| name.clone()).collect();
        let started =
            futures_util::future::join_all(binaries.into_iter().map(|(_, b)| b.spawn())).await;
        for (name, process) in names.into_iter().zip(started) {
            let log = stack._dir.path().join(format!("{name}.log"));
            stack.logs.push((name.clone(), log));
            stack.services.insert(name, Slot::Running(process));
        }
        stack
    }
}

/// A URL where nothing listens.
fn closed_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("its address");
    format!("http://{address}")
}

/// `gateway clients create … --kind client-credentials`, run by `run` (the gateway's binary, or
/// its running process): the credentials it printed.
fn create_client(
    run: impl FnOnce(&[&str]) -> Output,
    name: &str,
    scopes: &str,
    permissions: &str,
) -> Credentials {
    let output = run(&[
        "clients",
        "create",
        "--name",
        name,
        "--kind",
        "client-credentials",
        "--scopes",
        scopes,
        "--permissions",
        permissions,
    ]);
    let created: Value = serde_json::from_slice(&output.stdout).expect("the command's JSON");
    let field = |key: &str| {
        created["credentials"][key]
            .as_str()
            .unwrap_or_else(|| panic!("no {key} in {created}"))
            .to_string()
    };
    Credentials {
        client_id: field("client_id"),
        client_secret: field("client_secret"),
    }
}

enum Slot {
    Running(Process),
    /// Since when.
    Stopped(Binary, Instant),
}

/// How long the gateway reuses an idle connection to an upstream without looking at it again
/// (`services/gateway/src/proxy/upstream/pool.rs`, `MAX_IDLE`, 2 s), and a margin. Within it, a
/// POST (never retried) sent on a connection that the stopped process had closed is answered
/// 502 `UPSTREAM_UNAVAILABLE`: [`Stack::start`] waits this long after the stop before it
/// returns, so that a test sees the flows, not that.
const GATEWAY_IDLE_REUSE: Duration = Duration::from_millis(2300);

/// The running stack. Dropped, it kills what still runs; dropped by a failing test, it prints
/// the end of every process's log first.
pub struct Stack {
    gateway: Option<Process>,
    services: BTreeMap<String, Slot>,
    /// The test's own back-office client.
    pub office: Credentials,
    /// The own client of each service that calls others, as it was started with.
    own_clients: BTreeMap<String, Credentials>,
    http: reqwest::Client,
    logs: Vec<(String, PathBuf)>,
    _dir: tempfile::TempDir,
}

impl Stack {
    fn gateway(&self) -> &Process {
        self.gateway.as_ref().expect("the gateway")
    }

    /// `path` at the gateway.
    pub fn url(&self, path: &str) -> String {
        self.gateway().url(path)
    }

    /// A request to the gateway.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path))
    }

    /// Sends it; the status and the body (JSON, or `Value::String` of the text if not JSON).
    pub async fn send(&self, request: RequestBuilder) -> (u16, Value) {
        let response = request.send().await.expect("the gateway answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a readable body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    /// Another client of the gateway (`clients create` over its database, while it serves).
    pub fn client(&self, name: &str, scopes: &str, permissions: &str) -> Credentials {
        create_client(
            |args| self.gateway().command(args),
            name,
            scopes,
            permissions,
        )
    }

    /// `path` at `service` itself, not through the gateway.
    pub fn service_url(&self, service: &str, path: &str) -> String {
        self.running(service).url(path)
    }

    /// The client `service` calls others with.
    pub fn credentials(&self, service: &str) -> &Credentials {
        self.own_clients
            .get(service)
            .unwrap_or_else(|| panic!("{service} has no client of its own (see GRANTS)"))
    }

    /// A token for `client` from the gateway's `POST /oauth/token`.
    pub async fn token(&self, client: &Credentials) -> String {
        let request = self
            .request(Method::POST, "/oauth/token")
            .basic_auth(&client.client_id, Some(&client.client_secret))
            .form(&[("grant_type", "client_credentials")]);
        let (status, body) = self.send(request).await;
        assert_eq!(status, 200, "{body}");
        body["access_token"]
            .as_str()
            .expect("an access token")
            .to_string()
    }

    fn running(&self, service: &str) -> &Process {
        match self.services.get(service) {
            Some(Slot::Running(process)) => process,
            Some(Slot::Stopped(..)) => panic!("{service} is stopped"),
            None => panic!("{service} is not in the stack"),
        }
    }

    /// SIGTERM to `service`; waits for its exit (status 0). Its port and database stay its own.
    pub async fn stop(&mut self, service: &str) {
        let slot = self.services.remove(service);
        let binary = match slot {
            Some(Slot::Running(process)) => process.stop().await,
            Some(stopped @ Slot::Stopped(..)) => {
                self.services.insert(service.to_string(), stopped);
                panic!("{service} is already stopped");
            }
            None => panic!("{service} is not in the stack"),
        };
        self.services
            .insert(service.to_string(), Slot::Stopped(binary, Instant::now()));
    }

    /// Starts a stopped `service` again, on the same port and database; returns once ready, and
    /// once the gateway no longer reuses connections to the stopped process
    /// ([`GATEWAY_IDLE_REUSE`]).
    pub async fn start(&mut self, service: &str) {
        let stopped_at = self.start_now(service).await;
        tokio::time::sleep_until((stopped_at + GATEWAY_IDLE_REUSE).into()).await;
    }

    /// [`Stack::start`] without the wait for the gateway's stale connections to go: returns
    /// when `service` is ready, and when it had stopped.
    pub async fn start_now(&mut self, service: &str) -> Instant {
        let (binary, stopped_at) = match self.services.remove(service) {
            Some(Slot::Stopped(binary, since)) => (binary, since),
            Some(running @ Slot::Running(_)) => {
                self.services.insert(service.to_string(), running);
                panic!("{service} is already running");
            }
            None => panic!("{service} is not in the stack"),
        };
        let process = binary.spawn().await;
        self.services
            .insert(service.to_string(), Slot::Running(process));
        stopped_at
    }

    /// Sets `<SERVICE>__<key>` for a stopped `service`'s next start.
    pub fn set_env(&mut self, service: &str, key: &str, value: &str) {
        match self.services.get_mut(service) {
            Some(Slot::Stopped(binary, _)) => binary.set(key, value),
            _ => panic!("{service} must be stopped to change its settings"),
        }
    }

    /// SIGSTOP to `service`: its port still accepts connections, nothing answers (a hung peer).
    pub fn pause(&self, service: &str) {
        self.running(service).pause();
    }

    /// SIGCONT to a paused `service`.
    pub fn resume(&self, service: &str) {
        self.running(service).resume();
    }

    /// Everything `service` (or `gateway`) wrote so far, over its restarts.
    pub fn log(&self, service: &str) -> String {
        self.logs
            .iter()
            .find(|(name, _)| name == service)
            .map(|(_, path)| std::fs::read_to_string(path).unwrap_or_default())
            .unwrap_or_default()
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        // The services first: a paused one is killed as surely (SIGKILL), and none writes on.
        self.services.clear();
        self.gateway = None;
        if !std::thread::panicking() {
            return;
        }
        for (name, _) in &self.logs {
            let log = self.log(name);
            let lines: Vec<&str> = log.lines().collect();
            let tail = &lines[lines.len().saturating_sub(LOG_TAIL)..];
            eprintln!(
                "===== {name}: the last {} of {} log lines\n{}",
                tail.len(),
                lines.len(),
                tail.join("\n")
            );
        }
    }
}
