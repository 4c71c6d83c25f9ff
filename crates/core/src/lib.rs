//! Earthmover's core: everything both the page and the training worker need, with no burn and
//! no web. Why a crate of its own: the page's wasm must never link burn, and Cargo (not a
//! feature flag) is what keeps it out. Everything here is plain data and exact host-side math.
//!
//! - [`config`]: what defines a toy run, and its validation.
//! - [`data`]: the reference toy datasets and user-drawn points.
//! - [`rng`]: the seeded random streams every draw comes from (so a link reproduces a run).
//! - [`experiment`]: what every experiment's configuration shares (the GAN step's settings).
//! - [`stats`]: running statistics of the losses.
//! - [`metrics`]: modes covered, exact EMD, the MNIST class histogram.
//! - [`mnist`]: what defines an MNIST run.
//! - [`line`]: what defines a 1D run: a mixture of Gaussians on a line.
//! - [`share`]: URL state, CSV import and export, weights-file metadata, the MNIST asset.
//! - [`presets`]: the paper's settings, one click away.

pub mod config;
pub mod data;
pub mod experiment;
pub mod figures;
pub mod line;
pub mod metrics;
pub mod mnist;
pub mod presets;
pub mod rng;
pub mod share;
pub mod stats;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;

pub use config::{Activation, ConfigError, LossKind, OptimizerKind, TrainConfig};
pub use data::{Dataset, ToyData, UserPoints};
pub use stats::Stats;
