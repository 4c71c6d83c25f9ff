//! Honest metrics: every number is computed exactly from samples, never estimated by a proxy.
//!
//! - [`modes`]: modes covered, share of high-quality samples, KL of the mode histogram.
//! - [`emd`]: the exact Earth Mover's Distance between two equal-size point sets by optimal
//!   assignment, and its closed form in 1D.
//! - [`classes`]: the MNIST class histogram of generated digits, classes present, KL to uniform.
//!
//! The critic's probes (value and gradient-norm surfaces, weight statistics) need tensors, so
//! they live in the engine (`earthmover_engine::probes`).

pub mod classes;
pub mod emd;
pub mod modes;

#[cfg(test)]
mod properties;
