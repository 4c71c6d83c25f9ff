//! Shared helpers for the property tests of the host math (here, in the explainers and in the
//! engine's probes): a time limit per case, so a hang fails instead of stalling CI, and
//! strategies weighted towards hostile floats. Built only for tests (feature `testkit`).

use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;

/// How long one case may take before it counts as a hang (the slowest, a 24-atom matching, takes
/// well under a millisecond).
const CASE_LIMIT: Duration = Duration::from_secs(5);

/// Runs `f` on another thread and fails the test if it has not returned within [`CASE_LIMIT`].
/// A panic inside `f` fails the test too (the channel closes without a value).
pub fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(CASE_LIMIT) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: no answer within {CASE_LIMIT:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

/// Any f64 at all, weighted towards the awkward ones and towards ordinary values (so that valid
/// input is common enough to check answers, not only refusals).
pub fn num() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => -10.0f64..10.0,
        2 => any::<f64>(),
        1 => prop::sample::select(vec![
            0.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, -f64::MAX,
            f64::MIN_POSITIVE, 5e-324, -5e-324, 1e300, -1e300, 1e-300, 1.0, -1.0,
        ]),
    ]
}

/// Up to `max` f32 values: mostly ordinary, sometimes any float at all.
pub fn f32s(max: usize) -> impl Strategy<Value = Vec<f32>> {
    prop_oneof![
        3 => prop::collection::vec(-5.0f32..5.0, 0..max),
        1 => prop::collection::vec(num().prop_map(|v| v as f32), 0..max),
    ]
}
