//! The stack before it runs: the gateway and some services, each with its own fresh database
//! ([`testkit::TestDb`]: SQLite, or PostgreSQL under `TEST_POSTGRES_URL`), its own free port and
//! a log file in the stack's temp dir; the clients made in the gateway's database; then each
//! started as a process.

use std::collections::BTreeMap;
use std::process::Output;

use serde_json::Value;
use testkit::process::{Binary, workspace_bin};

use crate::stack::{Slot, Stack};

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
    /// (name, service): a second process of the service over its database, named so in the
    /// stack.
    replicas: Vec<(String, String)>,
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
            replicas: Vec::new(),
        }
    }

    /// A second process of `service` named `name` in the stack, over the same database with the
    /// same settings and client, on its own port; started once the first is ready (the
    /// migrations run by one). The gateway routes to the first: reach this one by
    /// [`Stack::service_url`].
    pub fn replica(mut self, service: &str, name: &str) -> Self {
        self.binary(service);
        assert!(!self.services.contains_key(name), "{name} is taken");
        self.replicas.push((name.to_string(), service.to_string()));
        self
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
            replicas,
        } = self;
        let office = create_client(
            |args| gateway.command(args),
            "back office",
            BACK_OFFICE_SCOPES,
            "",
            None,
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
                    None,
                );
                binary.set("CLIENT__CLIENT_ID", &own.client_id);
                binary.set("CLIENT__CLIENT_SECRET", &own.client_secret);
                own_clients.insert(name.clone(), own);
            }
            binaries.push((name, binary));
        }
        let replicas: Vec<(String, Binary)> = replicas
            .into_iter()
            .map(|(name, of)| {
                let (_, original) = binaries
                    .iter()
                    .find(|(n, _)| *n == of)
                    .expect("its service");
                let log = dir.path().join(format!("{name}.log"));
                (name, original.replica().log_to(&log))
            })
            .collect();
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
        for (name, replica) in replicas {
            stack
                .logs
                .push((name.clone(), stack._dir.path().join(format!("{name}.log"))));
            stack
                .services
                .insert(name, Slot::Running(replica.spawn().await));
        }
        stack
    }
}

/// A URL where nothing listens.
fn closed_url() -> String {
    format!("http://127.0.0.1:{}", testkit::process::free_port())
}

/// `gateway clients create … --kind client-credentials`, run by `run` (the gateway's binary, or
/// its running process): the credentials it printed.
pub(crate) fn create_client(
    run: impl FnOnce(&[&str]) -> Output,
    name: &str,
    scopes: &str,
    permissions: &str,
    partner: Option<&str>,
) -> Credentials {
    let mut args = vec![
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
    ];
    if let Some(partner) = partner {
        args.extend(["--partner", partner]);
    }
    let output = run(&args);
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
