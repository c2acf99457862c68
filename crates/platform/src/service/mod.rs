//! What every service does the same way: open its database, build its token verifier, register
//! the shared app data, extractors and health routes, and run as a binary (`serve`, `migrate`).

use std::net::TcpListener;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Condition, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use jsonwebtoken::jwk::JwkSet;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::watch;

use crate::auth::{KeySource, TokenVerifier};
use crate::config::{AuthSettings, Settings};
use crate::db::{self, DbError, Pool};
use crate::metrics::Metrics;
use crate::outbox::Dispatcher;

mod spec;

pub use spec::ServiceSpec;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("configuration: {0}")]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("auth: {0}")]
    Auth(String),
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
    #[error("HTTP client: {0}")]
    HttpClient(#[from] reqwest::Error),
    #[error("internal client: {0}")]
    InternalClient(#[from] crate::http_client::ClientError),
}

/// Shared runtime state of a service app; cheap to clone into each worker.
#[derive(Clone)]
pub struct Context {
    pub spec: &'static ServiceSpec,
    pub pool: Pool,
    pub verifier: web::Data<TokenVerifier>,
    pub metrics: web::Data<Metrics>,
    pub body_limit: usize,
}

impl Context {
    /// Opens (and migrates) the database and prepares token verification.
    fn open<S>(spec: &'static ServiceSpec, settings: &Settings<S>) -> Result<Self, StartError> {
        let pool = db::open(&settings.database, &spec.migrations)?;
        Ok(Self {
            spec,
            pool,
            verifier: web::Data::new(verifier(&settings.auth)?),
            metrics: web::Data::new(Metrics::default()),
            body_limit: settings.http.body_limit_bytes,
        })
    }

    /// App data, extractor settings and the health routes every service serves. Called once
    /// per worker: each gets its own metrics shard.
    pub fn configure(&self, cfg: &mut web::ServiceConfig) {
        cfg.app_data(self.spec.dialect)
            .app_data(web::Data::new(self.pool.clone()))
            .app_data(self.verifier.clone())
            .app_data(self.metrics.clone())
            .app_data(web::Data::from(self.metrics.shard()))
            .app_data(web::Data::new(self.clone()));
        crate::web::configure_extractors(cfg, self.body_limit);
        cfg.route("/healthz", web::get().to(healthz))
            .route("/readyz", web::get().to(readyz))
            .route("/metrics", web::get().to(metrics));
    }
}

fn verifier(auth: &AuthSettings) -> Result<TokenVerifier, StartError> {
    let source = match (&auth.jwks, &auth.jwks_url) {
        (Some(inline), _) => KeySource::Static(
            serde_json::from_str::<JwkSet>(inline)
                .map_err(|e| StartError::Auth(format!("auth.jwks is not a JWKS document: {e}")))?,
        ),
        (None, Some(url)) => KeySource::Remote {
            url: url.clone(),
            refresh: Duration::from_secs(auth.jwks_refresh_secs),
        },
        (None, None) => return Err(StartError::Auth("set auth.jwks or auth.jwks_url".into())),
    };
    Ok(TokenVerifier::new(&auth.issuer, &auth.audience, source).with_leeway(auth.leeway_secs))
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

async fn readyz(ctx: web::Data<Context>) -> HttpResponse {
    let pool = ctx.pool.clone();
    let spec = ctx.spec;
    let outcome = tokio::task::spawn_blocking(move || db::check_ready(&pool, &spec.migrations))
        .await
        .unwrap_or_else(|e| Err(format!("readiness check failed: {e}")));
    match outcome {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({"status": "ready"})),
        Err(reason) => {
            tracing::warn!(%reason, "not ready");
            HttpResponse::ServiceUnavailable()
                .json(serde_json::json!({"status": "unavailable", "reason": reason}))
        }
    }
}

async fn metrics(metrics: web::Data<Metrics>, ctx: web::Data<Context>) -> HttpResponse {
    let mut body = metrics.render();
    match db::run(&ctx.pool, crate::outbox::backlog).await {
        Ok(backlog) => {
            body.push_str(&metrics.render_outbox(&backlog, chrono::Utc::now().naive_utc()));
        }
        Err(err) => tracing::warn!(error = %err, "outbox backlog unavailable for /metrics"),
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(body)
}

/// The app of a service: the shared app data, extractors and health routes, the service's own
/// routes, the 404 for unknown paths, errors in the service's dialect, and the access log.
pub fn app<R>(
    ctx: Context,
    routes: R,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
>
where
    R: Fn(&mut web::ServiceConfig),
{
    App::new()
        .configure(|cfg| ctx.configure(cfg))
        .configure(routes)
        .default_service(web::to(crate::web::unknown_route))
        .wrap(from_fn(crate::dialect::render_errors))
        .wrap(Condition::new(
            ctx.spec.remembers_retries,
            from_fn(crate::idempotency::remember_answers),
        ))
        .wrap(from_fn(crate::telemetry::observe))
}

/// What a service's `build` step (see [`start`]) is given: the opened [`Context`] (database
/// migrated, token verifier ready), the service's settings, and [`Startup::spawn`] for the
/// background work that lives as long as the server.
pub struct Startup<'a, S> {
    pub ctx: &'a Context,
    pub settings: &'a Settings<S>,
    life: &'a Arc<watch::Sender<()>>,
}

impl<S> Startup<'_, S> {
    /// Runs `task` until it ends or the server has stopped (its workers gone), or the start
    /// failed: a background loop must not outlive the server it serves, nor hold the process.
    pub fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        let mut stopped = self.life.subscribe();
        tokio::spawn(async move {
            tokio::select! {
                () = task => {}
                // Only ever an error: the sender is never used, only dropped.
                _ = stopped.changed() => {}
            }
        });
    }
}

impl<S> Startup<'_, S> {
    /// The service's outbox dispatcher (`<SERVICE>__OUTBOX__…`, its figures in `/metrics`): add
    /// its topics, then [`Startup::dispatch`] it.
    pub fn dispatcher(&self) -> Dispatcher {
        Dispatcher::new(self.ctx.pool.clone(), self.settings.outbox.clone())
            .with_metrics(self.ctx.metrics.clone())
    }

    /// Runs `dispatcher` for the life of the server, unless `outbox.enabled` is false.
    pub fn dispatch(&self, dispatcher: Dispatcher) {
        if dispatcher.settings().enabled {
            self.spawn(dispatcher.run());
        }
    }
}

/// Starts a service, the same way for every one: opens (and migrates) its database, prepares
/// token verification, lets `build` make the service's own state and background tasks from
/// them, and serves the routes `build` returns on `listener`. The server does not listen to
/// signals itself: [`main`] stops it (see [`stop_on_signal`]).
pub async fn start<S, B, R>(
    spec: &'static ServiceSpec,
    settings: &Settings<S>,
    listener: TcpListener,
    build: B,
) -> Result<Server, StartError>
where
    B: AsyncFnOnce(Startup<'_, S>) -> Result<R, StartError>,
    R: Fn(&mut web::ServiceConfig) + Clone + Send + 'static,
{
    let ctx = Context::open(spec, settings)?;
    // Held by the server's app factory, of which every worker has a clone: dropped, and the
    // background tasks told to stop, once the server and all its workers are done.
    let life = Arc::new(watch::channel(()).0);
    let routes = build(Startup {
        ctx: &ctx,
        settings,
        life: &life,
    })
    .await?;
    let http = &settings.http;
    let mut server = HttpServer::new(move || {
        let _life = &life;
        app(ctx.clone(), routes.clone())
    })
    // Small request/response exchanges: send each write at once rather than wait on Nagle.
    .on_connect(|conn, _| {
        if let Some(stream) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
            let _ = stream.set_nodelay(true);
        }
    })
    .shutdown_timeout(http.shutdown_timeout_secs)
    .disable_signals()
    .worker_max_blocking_threads(http.blocking_threads_per_worker.max(1));
    if let Some(workers) = http.workers {
        server = server.workers(workers.max(1));
    }
    Ok(server.listen(listener)?.run())
}

/// The `main` of every service binary: `serve` (the default), `migrate`, or `openapi`.
pub async fn main<S, L, F, Fut>(spec: &'static ServiceSpec, load: L, start: F) -> ExitCode
where
    L: FnOnce() -> Result<Settings<S>, config::ConfigError>,
    F: FnOnce(Settings<S>, TcpListener) -> Fut,
    Fut: Future<Output = Result<Server, StartError>>,
{
    let settings = match load() {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("{}: configuration error: {err}", spec.name);
            return ExitCode::FAILURE;
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The seed prints its summary on stdout, where the logs would go.
    if let (Some("seed"), Some(seed)) = (args.first().map(String::as_str), spec.seed) {
        return seed(&settings.database, &args[1..]);
    }
    crate::telemetry::init(&settings.log);
    let outcome = match args.first().map_or("serve", String::as_str) {
        "serve" => serve(spec, settings, start).await,
        "migrate" => migrate(spec, &settings),
        "openapi" => {
            let document = crate::openapi::document(spec);
            println!(
                "{}",
                serde_json::to_string_pretty(&document).unwrap_or_default()
            );
            Ok(())
        }
        _ => {
            let seed = if spec.seed.is_some() { "|seed" } else { "" };
            eprintln!("usage: {} [serve|migrate|openapi{seed}]", spec.name);
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "{} stopped", spec.name);
            eprintln!("{}: {err}", spec.name);
            ExitCode::FAILURE
        }
    }
}

async fn serve<S, F, Fut>(
    spec: &ServiceSpec,
    settings: Settings<S>,
    start: F,
) -> Result<(), StartError>
where
    F: FnOnce(Settings<S>, TcpListener) -> Fut,
    Fut: Future<Output = Result<Server, StartError>>,
{
    let address = format!("{}:{}", settings.http.host, settings.http.port);
    let listener = TcpListener::bind(&address)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{address}: {e}")))?;
    let signals = StopSignals::install()?;
    let deadline = Duration::from_secs(settings.http.shutdown_timeout_secs) + EXIT_GRACE;
    tracing::info!(service = spec.name, %address, "listening");
    let server = start(settings, listener).await?;
    let stopper = tokio::spawn(stop_on_signal(signals, server.handle(), deadline));
    server.await?;
    stopper.abort();
    tracing::info!(service = spec.name, "stopped");
    Ok(())
}

/// How long past its shutdown timeout a stopping process may take to exit: the workers' last
/// check (once a second) and the runtime's end.
const EXIT_GRACE: Duration = Duration::from_secs(2);

/// SIGTERM stops gracefully (no new connections, idle keep-alive connections closed, in-flight
/// requests answered within the shutdown timeout); SIGINT and SIGQUIT stop at once, as actix's
/// own handling did. Either way the process is ended `deadline` after the signal: the end of
/// the main runtime waits for every blocking task it started (a background task's query blocked
/// on a lock, say), and nothing else would bound it.
async fn stop_on_signal(mut signals: StopSignals, server: ServerHandle, deadline: Duration) {
    let (name, graceful) = signals.next().await;
    tracing::info!(signal = name, graceful, "stopping");
    exit_after(deadline);
    server.stop(graceful).await;
}

/// Ends the process from a thread of its own, which no stuck runtime or task can hold.
fn exit_after(deadline: Duration) {
    let armed = std::thread::Builder::new()
        .name("stop-deadline".into())
        .spawn(move || {
            std::thread::sleep(deadline);
            tracing::error!(?deadline, "still running after the stop deadline: exiting");
            std::process::exit(1);
        });
    if let Err(err) = armed {
        tracing::warn!(error = %err, "no stop deadline: the stop may wait on stuck work");
    }
}

struct StopSignals {
    term: Signal,
    int: Signal,
    quit: Signal,
}

impl StopSignals {
    /// Before the server starts, so that a signal is never missed nor fatal.
    fn install() -> std::io::Result<Self> {
        Ok(Self {
            term: signal(SignalKind::terminate())?,
            int: signal(SignalKind::interrupt())?,
            quit: signal(SignalKind::quit())?,
        })
    }

    /// The first stop signal: its name, and whether the stop is graceful.
    async fn next(&mut self) -> (&'static str, bool) {
        tokio::select! {
            _ = self.term.recv() => ("SIGTERM", true),
            _ = self.int.recv() => ("SIGINT", false),
            _ = self.quit.recv() => ("SIGQUIT", false),
        }
    }
}

fn migrate<S>(spec: &ServiceSpec, settings: &Settings<S>) -> Result<(), StartError> {
    db::open(&settings.database, &spec.migrations)?;
    tracing::info!(service = spec.name, "migrations up to date");
    Ok(())
}
