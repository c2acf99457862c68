//! Per-route request counts and latency histograms, rendered in the Prometheus text format (the
//! outbox's figures are rendered by [`crate::outbox::metrics`]).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

type Routes = HashMap<String, HashMap<String, RouteStats>>;

/// The figures of one actix worker: each worker writes only its own, so the workers never
/// contend for a lock or a cache line on every request. Keyed by route pattern then method, so
/// cardinality stays bounded by the route table; looked up by reference, so a request allocates
/// nothing here once its route has been seen.
#[derive(Default)]
pub struct MetricsShard {
    routes: Mutex<Routes>,
}

/// Every worker's figures, merged when rendered.
#[derive(Default)]
pub struct Metrics {
    shards: Mutex<Vec<Arc<MetricsShard>>>,
    pub(crate) outbox: crate::outbox::metrics::OutboxStats,
}

impl MetricsShard {
    pub fn observe(&self, method: &str, route: &str, status: u16, latency: Duration) {
        let seconds = latency.as_secs_f64();
        let mut routes = self
            .routes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !routes
            .get(route)
            .is_some_and(|methods| methods.contains_key(method))
        {
            routes
                .entry(route.to_string())
                .or_default()
                .insert(method.to_string(), RouteStats::default());
        }
        let Some(stats) = routes
            .get_mut(route)
            .and_then(|methods| methods.get_mut(method))
        else {
            return;
        };
        *stats.by_status.entry(status).or_default() += 1;
        stats.count += 1;
        stats.sum_seconds += seconds;
        for (bound, slot) in BUCKETS.iter().zip(stats.buckets.iter_mut()) {
            if seconds <= *bound {
                *slot += 1;
            }
        }
    }
}

impl RouteStats {
    fn add(&mut self, other: &RouteStats) {
        for (status, n) in &other.by_status {
            *self.by_status.entry(*status).or_default() += n;
        }
        for (slot, n) in self.buckets.iter_mut().zip(other.buckets.iter()) {
            *slot += n;
        }
        self.count += other.count;
        self.sum_seconds += other.sum_seconds;
    }
}

impl Metrics {
    /// A new worker's own figures, rendered with the others'.
    pub fn shard(&self) -> Arc<MetricsShard> {
        let shard = Arc::new(MetricsShard::default());
        self.shards
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(Arc::clone(&shard));
        shard
    }

    pub fn render(&self) -> String {
        let shards = self
            .shards
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        // Sorted, so the output is stable.
        let mut routes: BTreeMap<(String, String), RouteStats> = BTreeMap::new();
        for shard in shards {
            let guard = shard
                .routes
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            for (route, methods) in guard.iter() {
                for (method, stats) in methods {
                    routes
                        .entry((method.clone(), route.clone()))
                        .or_default()
                        .add(stats);
                }
            }
        }
        let mut out = String::new();
        out.push_str("# HELP http_requests_total Requests answered, by route and status.\n");
        out.push_str("# TYPE http_requests_total counter\n");
        for ((method, route), stats) in routes.iter() {
            for (status, n) in &stats.by_status {
                let _ = writeln!(
                    out,
                    "http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP http_request_duration_seconds Request latency, by route.\n");
        out.push_str("# TYPE http_request_duration_seconds histogram\n");
        for ((method, route), stats) in routes.iter() {
            let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
            for (bound, n) in BUCKETS.iter().zip(stats.buckets.iter()) {
                let _ = writeln!(
                    out,
                    "http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                stats.count
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_sum{{{labels}}} {}",
                stats.sum_seconds
            );
            let _ = writeln!(
                out,
                "http_request_duration_seconds_count{{{labels}}} {}",
                stats.count
            );
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_cumulative_buckets() {
        let metrics = Metrics::default();
        let (one, two) = (metrics.shard(), metrics.shard());
        one.observe("GET", "/healthz", 200, Duration::from_millis(2));
        two.observe("GET", "/healthz", 200, Duration::from_millis(30));
        one.observe("GET", "/healthz", 503, Duration::from_millis(30));
        let text = metrics.render();
        assert!(
            text.contains(
                "http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"
            )
        );
        assert!(
            text.contains(
                "http_requests_total{method=\"GET\",route=\"/healthz\",status=\"503\"} 1"
            )
        );
        assert!(text.contains("http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"0.0025\"} 1"));
        assert!(text.contains(
            "http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"0.05\"} 3"
        ));
        assert!(
            text.contains(
                "http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\"} 3"
            )
        );
    }
}
