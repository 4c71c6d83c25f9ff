//! Earthmover: train GANs, WGANs and WGAN-GP in the browser, and see why the Wasserstein loss
//! with a 1-Lipschitz critic works.
//!
//! - [`engine`]: burn-only training code shared by the native CLI and the web worker.
//! - [`explain`]: the exact math behind the explainer panels (no UI, no burn).

pub mod engine;
pub mod explain;
#[cfg(feature = "training")]
pub mod mnist_session;
pub mod presets;
pub mod protocol;
#[cfg(feature = "training")]
pub mod session;
pub mod share;
// The page's UI; the worker build (feature `training`) leaves it out.
#[cfg(all(target_arch = "wasm32", not(feature = "training")))]
pub mod ui;
