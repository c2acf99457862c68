//! A service's real binary as its own process, for what only a process shows: that SIGTERM
//! ends it (exit status 0) within its shutdown timeout, in-flight requests answered; and the
//! end-to-end tests' services, stopped and started again on the same port and database.

use std::collections::BTreeSet;
use std::fs::OpenOptions;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::TestDb;

/// How long past its shutdown timeout a process may take to exit.
const EXIT_MARGIN: Duration = Duration::from_secs(3);

/// A binary about to run: its database (fresh, as for [`crate::spawn`]), a free port and its
/// environment (`<SERVICE>__…`); [`Binary::replica`] shares the database with a second process.
pub struct Binary {
    path: PathBuf,
    prefix: String,
    env: Vec<(String, String)>,
    db: Arc<TestDb>,
    port: u16,
    shutdown_timeout: Duration,
    /// Where the process writes stdout and stderr, appended over restarts; a temp file if unset.
    log: Option<PathBuf>,
}

/// A free port never handed out before by this test process: the kernel may give a released
/// port to the next `bind(0)`, and two processes on one port answer for each other.
pub fn free_port() -> u16 {
    static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("its address").port();
        if handed_out.insert(port) {
            return port;
        }
    }
}

/// The workspace's own binary `name` (`target/<profile>/<name>`), beside the running test
/// executable (`target/<profile>/deps/<test>-<hash>`): for tests of a crate that does not own
/// the binary, so has no `CARGO_BIN_EXE_<name>`.
pub fn workspace_bin(name: &str) -> String {
    let exe = std::env::current_exe().expect("the test executable's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test runs from target/<profile>/deps/");
    let path = profile_dir.join(name);
    assert!(
        path.is_file(),
        "{} is missing: build the services first with `cargo build --workspace --bins` \
         (`cargo nextest run --workspace` does it too)",
        path.display()
    );
    path.display().to_string()
}

impl Binary {
    /// `path` is the binary (`env!("CARGO_BIN_EXE_<service>")`); two workers, so a stop has
    /// more than one to wait for, and test keys (`auth.jwks`) unless `env` says otherwise.
    pub fn new(path: &str, service: &str, shutdown_timeout_secs: u64) -> Self {
        let binary = Self {
            path: PathBuf::from(path),
            prefix: service.to_uppercase(),
            env: Vec::new(),
            db: Arc::new(TestDb::fresh(service)),
            port: free_port(),
            shutdown_timeout: Duration::from_secs(shutdown_timeout_secs),
            log: None,
        };
        let (db_url, port) = (binary.db.url.clone(), binary.port);
        binary
            .env("DATABASE__URL", &db_url)
            .env("HTTP__PORT", &port.to_string())
            .env("HTTP__WORKERS", "2")
            .env(
                "HTTP__SHUTDOWN_TIMEOUT_SECS",
                &shutdown_timeout_secs.to_string(),
            )
            .env("AUTH__JWKS", &crate::jwks_json())
            // The server's own stop steps (workers, accept thread), for a failure's log.
            .env("LOG__FILTER", "info,actix_server=debug")
    }

    /// A second process of the same binary over the same database (a replica): the same
    /// environment but its own free port, and no log file (a temp one unless [`Binary::log_to`]).
    pub fn replica(&self) -> Self {
        let mut replica = Self {
            path: self.path.clone(),
            prefix: self.prefix.clone(),
            env: self.env.clone(),
            db: Arc::clone(&self.db),
            port: free_port(),
            shutdown_timeout: self.shutdown_timeout,
            log: None,
        };
        replica.set("HTTP__PORT", &replica.port.to_string());
        replica
    }

    /// Sets `<SERVICE>__<key>`.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.set(key, value);
        self
    }

    /// Sets `<SERVICE>__<key>`, replacing an earlier value.
    pub fn set(&mut self, key: &str, value: &str) {
        self.unset(key);
        self.env
            .push((format!("{}__{key}", self.prefix), value.to_string()));
    }

    /// Leaves `<SERVICE>__<key>` out (e.g. `AUTH__JWKS`, for a service that fetches the
    /// gateway's keys from `AUTH__JWKS_URL`).
    pub fn unset(&mut self, key: &str) {
        let name = format!("{}__{key}", self.prefix);
        self.env.retain(|(k, _)| *k != name);
    }

    /// Appends the process's stdout and stderr to `path` (kept over restarts).
    pub fn log_to(mut self, path: &Path) -> Self {
        self.log = Some(path.to_path_buf());
        self
    }

    pub fn is_postgres(&self) -> bool {
        self.db.is_postgres()
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Runs a subcommand (e.g. the gateway's `clients create`) over the same database.
    pub fn command(&self, args: &[&str]) -> Output {
        let output = Command::new(&self.path)
            .args(args)
            .envs(self.env.iter().cloned())
            .output()
            .expect("the binary runs");
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// Starts serving and waits until `/readyz` answers 200.
    pub async fn spawn(self) -> Process {
        let (log, temp_log) = match &self.log {
            Some(path) => (path.clone(), None),
            None => {
                let temp = tempfile::NamedTempFile::new().expect("a log file");
                (temp.path().to_path_buf(), Some(temp))
            }
        };
        // One open file for both streams, appended to: two would each write from offset 0, over
        // each other.
        let stdout = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .expect("the log file");
        let stderr = stdout.try_clone().expect("the log file");
        let child = Command::new(&self.path)
            .envs(self.env.iter().cloned())
            .stdout(stdout)
            .stderr(stderr)
            .stdin(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let process = Process {
            child,
            base_url: self.base_url(),
            shutdown_timeout: self.shutdown_timeout,
            log,
            _temp_log: temp_log,
            binary: Some(self),
        };
        process.until_ready().await;
        process
    }
}

/// A running binary; killed if the test ends before it exits.
pub struct Process {
    child: Child,
    pub base_url: String,
    shutdown_timeout: Duration,
    log: PathBuf,
    _temp_log: Option<tempfile::NamedTempFile>,
    /// What it was started from (its database included); taken back by [`Process::stop`].
    binary: Option<Binary>,
}

impl Process {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn binary(&self) -> &Binary {
        self.binary.as_ref().expect("the process's binary")
    }

    pub fn database_url(&self) -> &str {
        &self.binary().db.url
    }

    /// What the process wrote to stdout and stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Runs a subcommand of the same binary over the same database while it serves.
    pub fn command(&self, args: &[&str]) -> Output {
        self.binary().command(args)
    }

    /// SIGTERM, then waits for exit status 0 (panics with the log otherwise); gives back what
    /// it was started from, to start it again on the same port and database.
    pub async fn stop(mut self) -> Binary {
        self.terminate();
        let (status, took) = self.exit().await;
        assert!(
            status.success(),
            "exit status {status} {took:?} after SIGTERM:\n{}",
            self.log()
        );
        self.binary.take().expect("the process's binary")
    }

    /// SIGSTOP: the process keeps its port (the kernel still accepts connections) but answers
    /// nothing, as a peer that hangs would; [`Process::resume`] undoes it.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// SIGCONT.
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill {signal} failed");
    }

    async fn until_ready(&self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ready = client.get(self.url("/readyz")).send().await;
            if ready.is_ok_and(|r| r.status() == 200) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "not ready within 60 s:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        self.signal("-TERM");
    }

    /// Waits for the exit, at most the shutdown timeout and a margin; panics (with the log)
    /// past it. Returns the status and how long the exit took.
    pub async fn exit(&mut self) -> (ExitStatus, Duration) {
        let started = Instant::now();
        let limit = self.shutdown_timeout + EXIT_MARGIN;
        loop {
            if let Some(status) = self.child.try_wait().expect("the process's status") {
                return (status, started.elapsed());
            }
            assert!(
                started.elapsed() < limit,
                "still running {limit:?} after SIGTERM:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `in_flight` together, then SIGTERM while they are under way, and asserts that each
/// got its answer and that the process exited with status 0 before its shutdown timeout: the
/// keep-alive connections left idle by earlier calls must not hold the stop until it. Returns
/// the answers' statuses, in order.
pub async fn assert_stops_gracefully(
    process: &mut Process,
    in_flight: Vec<reqwest::RequestBuilder>,
) -> Vec<u16> {
    let calls: Vec<_> = in_flight
        .into_iter()
        .map(|request| tokio::spawn(async move { answer(request).await }))
        .collect();
    // Long enough for every request to have reached the service, shorter than the slow ones.
    tokio::time::sleep(Duration::from_millis(300)).await;
    process.terminate();
    let terminated = Instant::now();
    let mut statuses = Vec::new();
    for call in calls {
        match call.await.expect("the request task") {
            Ok(status) => statuses.push(status),
            Err(err) => panic!(
                "an in-flight request got no answer: {err:?}\n{}",
                process.log()
            ),
        }
    }
    let (status, _) = process.exit().await;
    let took = terminated.elapsed();
    assert!(
        status.success(),
        "exit status {status} after {took:?}:\n{}",
        process.log()
    );
    assert!(
        took < process.shutdown_timeout,
        "exited {took:?} after SIGTERM, not before its shutdown timeout:\n{}",
        process.log()
    );
    statuses
}

async fn answer(request: reqwest::RequestBuilder) -> Result<u16, reqwest::Error> {
    let response = request.send().await?;
    let status = response.status().as_u16();
    response.bytes().await?;
    Ok(status)
}

/// A body that takes `over` to arrive, in ten pieces: a request that is still in flight when
/// the stop comes. JSON (`{"pad": "…"}`), so a handler that reads it reads it whole.
pub fn slow_body(over: Duration) -> reqwest::Body {
    let pieces = ["{\"pad\": \"".to_string()]
        .into_iter()
        .chain((0..8).map(|_| "x".repeat(64)))
        .chain(["\"}".to_string()]);
    let gap = over / 10;
    let stream = futures_util::stream::unfold(pieces, move |mut pieces| async move {
        let piece = pieces.next()?;
        tokio::time::sleep(gap).await;
        Some((Ok::<_, std::io::Error>(piece), pieces))
    });
    reqwest::Body::wrap_stream(stream)
}

/// The stop of a domain service under load: keep-alive connections open from earlier calls, a
/// remembered POST (`Idempotency-Key`, so its body is read whole and stored) whose body is
/// still arriving, and quick calls beside it, when SIGTERM comes.
pub async fn assert_service_stops(path: &str, service: &str) {
    let mut process = Binary::new(path, service, 5).spawn().await;
    let client = reqwest::Client::new();
    let token = crate::token(&[], &[]);
    for path in ["/healthz", "/readyz", "/metrics"] {
        let status = answer(client.get(process.url(path))).await;
        assert_eq!(status.ok(), Some(200), "{path}");
    }
    let remembered = |key: &str, body: reqwest::Body| {
        client
            .post(process.url("/shutdown-probe"))
            .bearer_auth(&token)
            .header("idempotency-key", key)
            .header("content-type", "application/json")
            .body(body)
    };
    let quick = answer(remembered("warm-up", "{}".into())).await;
    assert!(quick.is_ok(), "{quick:?}");
    let mut in_flight = vec![remembered("slow", slow_body(Duration::from_millis(1500)))];
    in_flight.extend((0..4).map(|_| client.get(process.url("/readyz"))));
    let statuses = assert_stops_gracefully(&mut process, in_flight).await;
    assert_eq!(
        statuses[0], 404,
        "the slow call was answered by its handler"
    );
    assert!(statuses[1..].iter().all(|s| *s == 200), "{statuses:?}");
}
