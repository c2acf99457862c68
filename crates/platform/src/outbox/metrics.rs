//! The outbox's figures in `/metrics`: the backlog (read from the database when scraped, so
//! every replica shows the same) and, per replica, delivery attempts and the delay from an
//! event's writing to its delivery.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

use chrono::NaiveDateTime;

use super::Outcome;
use crate::metrics::Metrics;

/// Upper bounds of the delivery delay buckets, in seconds: from a prompt delivery to a day of
/// retries.
const BUCKETS: [f64; 14] = [
    0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0, 300.0, 1800.0, 3600.0, 86400.0,
];

#[derive(Default)]
struct TopicStats {
    outcomes: BTreeMap<&'static str, u64>,
    buckets: [u64; BUCKETS.len()],
    delivered: u64,
    sum_seconds: f64,
}

#[derive(Default)]
pub struct OutboxStats {
    topics: Mutex<BTreeMap<String, TopicStats>>,
}

impl Metrics {
    /// One delivery attempt of an event of `topic`, `waited` after the event was written.
    pub fn observe_delivery(&self, topic: &str, outcome: &Outcome, waited: Duration) {
        let mut topics = self
            .outbox
            .topics
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let stats = topics.entry(topic.to_string()).or_default();
        let label = match outcome {
            Outcome::Delivered => "delivered",
            Outcome::Failed(_) => "failed",
            Outcome::Discard(_) => "discarded",
        };
        *stats.outcomes.entry(label).or_default() += 1;
        if *outcome == Outcome::Delivered {
            let seconds = waited.as_secs_f64();
            stats.delivered += 1;
            stats.sum_seconds += seconds;
            for (bound, slot) in BUCKETS.iter().zip(stats.buckets.iter_mut()) {
                if seconds <= *bound {
                    *slot += 1;
                }
            }
        }
    }

    /// The outbox part of `/metrics`; `backlog` is [`super::backlog`]'s answer.
    pub fn render_outbox(
        &self,
        backlog: &[(String, i64, Option<NaiveDateTime>)],
        now: NaiveDateTime,
    ) -> String {
        let mut out = String::new();
        out.push_str("# HELP outbox_backlog Events not yet delivered (nor given up), by topic.\n");
        out.push_str("# TYPE outbox_backlog gauge\n");
        for (topic, count, _) in backlog {
            let _ = writeln!(out, "outbox_backlog{{topic=\"{topic}\"}} {count}");
        }
        out.push_str(
            "# HELP outbox_oldest_pending_seconds Age of the oldest pending event, by topic.\n",
        );
        out.push_str("# TYPE outbox_oldest_pending_seconds gauge\n");
        for (topic, _, oldest) in backlog {
            let age = oldest.map_or(0.0, |at| (now - at).as_seconds_f64().max(0.0));
            let _ = writeln!(
                out,
                "outbox_oldest_pending_seconds{{topic=\"{topic}\"}} {age}"
            );
        }
        let topics = self
            .outbox
            .topics
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        out.push_str("# HELP outbox_delivery_attempts_total Delivery attempts by this replica, by topic and outcome.\n");
        out.push_str("# TYPE outbox_delivery_attempts_total counter\n");
        for (topic, stats) in topics.iter() {
            for (outcome, n) in &stats.outcomes {
                let _ = writeln!(
                    out,
                    "outbox_delivery_attempts_total{{topic=\"{topic}\",outcome=\"{outcome}\"}} {n}"
                );
            }
        }
        out.push_str("# HELP outbox_delivery_latency_seconds From an event's writing to its delivery, by topic.\n");
        out.push_str("# TYPE outbox_delivery_latency_seconds histogram\n");
        for (topic, stats) in topics.iter() {
            for (bound, n) in BUCKETS.iter().zip(stats.buckets.iter()) {
                let _ = writeln!(
                    out,
                    "outbox_delivery_latency_seconds_bucket{{topic=\"{topic}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "outbox_delivery_latency_seconds_bucket{{topic=\"{topic}\",le=\"+Inf\"}} {}",
                stats.delivered
            );
            let _ = writeln!(
                out,
                "outbox_delivery_latency_seconds_sum{{topic=\"{topic}\"}} {}",
                stats.sum_seconds
            );
            let _ = writeln!(
                out,
                "outbox_delivery_latency_seconds_count{{topic=\"{topic}\"}} {}",
                stats.delivered
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_backlog_and_delivery_delays() {
        let metrics = Metrics::default();
        metrics.observe_delivery("t", &Outcome::Delivered, Duration::from_millis(30));
        metrics.observe_delivery("t", &Outcome::Failed("500".into()), Duration::from_secs(2));
        let now = chrono::DateTime::from_timestamp(1_000, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default();
        let oldest = now - chrono::Duration::seconds(12);
        let text = metrics.render_outbox(&[("t".into(), 3, Some(oldest))], now);
        assert!(text.contains("outbox_backlog{topic=\"t\"} 3"), "{text}");
        assert!(
            text.contains("outbox_oldest_pending_seconds{topic=\"t\"} 12"),
            "{text}"
        );
        assert!(text.contains("outbox_delivery_attempts_total{topic=\"t\",outcome=\"failed\"} 1"));
        assert!(text.contains("outbox_delivery_latency_seconds_bucket{topic=\"t\",le=\"0.05\"} 1"));
        assert!(text.contains("outbox_delivery_latency_seconds_count{topic=\"t\"} 1"));
    }
}
