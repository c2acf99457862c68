//! The running stack: requests through the gateway, clients and tokens, and a service stopped,
//! started again on the same port and database, or paused. A failing test prints the end of
//! every process's log.

use std::collections::BTreeMap;
use std::path::PathBuf;

use reqwest::{Method, RequestBuilder};
use serde_json::Value;
use testkit::process::{Binary, Process};

use crate::setup::{Credentials, create_client};

/// Lines of each log printed when a test fails.
const LOG_TAIL: usize = 200;

pub(crate) enum Slot {
    Running(Process),
    /// Stopped, to start again on the same port and database.
    Stopped(Binary),
}

/// The running stack. Dropped, it kills what still runs; dropped by a failing test, it prints
/// the end of every process's log first.
pub struct Stack {
    pub(crate) gateway: Option<Process>,
    pub(crate) services: BTreeMap<String, Slot>,
    /// The test's own back-office client.
    pub office: Credentials,
    /// The own client of each service that calls others, as it was started with.
    pub(crate) own_clients: BTreeMap<String, Credentials>,
    pub(crate) http: reqwest::Client,
    pub(crate) logs: Vec<(String, PathBuf)>,
    pub(crate) _dir: tempfile::TempDir,
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
            None,
        )
    }

    /// A client of a partner (a repair center): its tokens are bound to `partner`.
    pub fn partner_client(&self, name: &str, scopes: &str, partner: &str) -> Credentials {
        create_client(
            |args| self.gateway().command(args),
            name,
            scopes,
            "",
            Some(partner),
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
            .insert(service.to_string(), Slot::Stopped(binary));
    }

    /// Starts a stopped `service` again, on the same port and database; returns once ready.
    pub async fn start(&mut self, service: &str) {
        let binary = match self.services.remove(service) {
            Some(Slot::Stopped(binary)) => binary,
            Some(running @ Slot::Running(_)) => {
                self.services.insert(service.to_string(), running);
                panic!("{service} is already running");
            }
            None => panic!("{service} is not in the stack"),
        };
        let process = binary.spawn().await;
        self.services
            .insert(service.to_string(), Slot::Running(process));
    }

    /// Sets `<SERVICE>__<key>` for a stopped `service`'s next start.
    pub fn set_env(&mut self, service: &str, key: &str, value: &str) {
        match self.services.get_mut(service) {
            Some(Slot::Stopped(binary)) => binary.set(key, value),
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
