//! Earthmover: train GANs, WGANs and WGAN-GP in the browser, and see why the Wasserstein loss
//! with a 1-Lipschitz critic works.
//!
//! - [`engine`]: burn-only training code shared by the native CLI and the web worker.

#[cfg(feature = "engine")]
pub mod engine;
