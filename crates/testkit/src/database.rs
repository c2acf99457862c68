//! A fresh database per test: a SQLite temp file, or a fresh PostgreSQL database when
//! `TEST_POSTGRES_URL` is set (dropped afterwards; leftovers of crashed runs swept first).

use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use diesel::prelude::*;
use diesel::sql_types::Text;

/// Test databases are named `tk_<pid>_<n>_<service>` so a sweep can tell whose they are.
const PREFIX: &str = "tk_";

pub struct TestDb {
    pub url: String,
    kind: Kind,
}

enum Kind {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

#[derive(QueryableByName)]
struct DatabaseName {
    #[diesel(sql_type = Text)]
    datname: String,
}

impl TestDb {
    pub fn fresh(service: &str) -> Self {
        match std::env::var("TEST_POSTGRES_URL") {
            Ok(admin_url) if !admin_url.is_empty() => Self::postgres(&admin_url, service),
            _ => {
                let dir = tempfile::tempdir().expect("a temp dir");
                let url = dir
                    .path()
                    .join(format!("{service}.db"))
                    .display()
                    .to_string();
                Self {
                    url,
                    kind: Kind::Sqlite(dir),
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.kind, Kind::Postgres { .. })
    }

    /// Takes the database away from under the running service.
    pub fn lose(&self) {
        match &self.kind {
            Kind::Sqlite(dir) => {
                for entry in std::fs::read_dir(dir.path()).expect("the temp dir") {
                    std::fs::remove_file(entry.expect("an entry").path()).expect("remove a file");
                }
            }
            Kind::Postgres { admin_url, name } => drop_database(admin_url, name),
        }
    }

    fn postgres(given_url: &str, service: &str) -> Self {
        static SWEEP: Once = Once::new();
        let (location, options) = without_tls(given_url);
        let admin_url = format!("{location}?{options}");
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        SWEEP.call_once(|| sweep(&admin_url));
        let name = format!(
            "{PREFIX}{}_{}_{service}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = PgConnection::establish(&admin_url).expect("connect to TEST_POSTGRES_URL");
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .expect("create a test database");
        let (base, _) = location
            .rsplit_once('/')
            .expect("TEST_POSTGRES_URL ends with /<database>");
        Self {
            url: format!("{base}/{name}?{options}"),
            kind: Kind::Postgres { admin_url, name },
        }
    }
}

/// Splits the URL into its location and its options, adding `sslmode=disable` unless it names a
/// mode. libpq negotiates TLS by default, and OpenSSL's exit handler then races the pool's
/// threads still connecting as a test process ends: a passing test was killed by SIGSEGV
/// (diesel-rs/diesel#3441). The test server is local; a URL that asks for TLS keeps it.
fn without_tls(url: &str) -> (&str, String) {
    let (location, options) = url.split_once('?').unwrap_or((url, ""));
    let options = if options
        .split('&')
        .any(|option| option.starts_with("sslmode="))
    {
        options.to_string()
    } else if options.is_empty() {
        "sslmode=disable".to_string()
    } else {
        format!("{options}&sslmode=disable")
    };
    (location, options)
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Kind::Postgres { admin_url, name } = &self.kind {
            drop_database(admin_url, name);
        }
    }
}

fn drop_database(admin_url: &str, name: &str) {
    if let Ok(mut admin) = PgConnection::establish(admin_url) {
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .execute(&mut admin);
    }
}

/// Drops test databases whose process is gone (a crashed or killed run).
fn sweep(admin_url: &str) {
    let Ok(mut admin) = PgConnection::establish(admin_url) else {
        return;
    };
    let names: Vec<DatabaseName> =
        diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'tk\\_%'")
            .load(&mut admin)
            .unwrap_or_default();
    for DatabaseName { datname } in names {
        let pid = datname
            .strip_prefix(PREFIX)
            .and_then(|rest| rest.split('_').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists());
        if !alive {
            drop_database(admin_url, &datname);
        }
    }
}
