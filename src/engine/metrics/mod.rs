//! Honest metrics: every number is computed exactly from samples, never estimated by a proxy.
//!
//! - [`modes`]: modes covered, share of high-quality samples, KL of the mode histogram.
//! - [`emd`]: the exact Earth Mover's Distance between two equal-size point sets by optimal
//!   assignment, and its closed form in 1D.
//! - [`classes`]: the MNIST class histogram of generated digits, classes present, KL to uniform.
//! - [`probes`]: the critic's value and gradient norm on a grid, per-layer weight statistics.

pub mod classes;
pub mod emd;
pub mod modes;
#[cfg(feature = "training")]
pub mod probes;

#[cfg(test)]
mod properties;
