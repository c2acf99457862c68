//! The progress of the imports this process runs: how many rows each has gone through, for its
//! page to show while it runs. Only the process that runs an import knows its progress; the
//! page served by another shows it running until it is done (its end is in the database).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

#[derive(Debug, Default)]
pub struct Jobs {
    running: Mutex<HashMap<String, Arc<AtomicUsize>>>,
}

impl Jobs {
    /// The counter of a run starting now.
    pub fn start(&self, id: &str) -> Arc<AtomicUsize> {
        let counter = Arc::new(AtomicUsize::new(0));
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.to_string(), Arc::clone(&counter));
        counter
    }

    /// How many rows the run of `id` has gone through, if this process runs it.
    pub fn progress(&self, id: &str) -> Option<usize> {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            .map(|c| c.load(Ordering::Relaxed))
    }

    pub fn finish(&self, id: &str) {
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
    }
}
