//! The training engine: burn and plain Rust, no UI, the same code natively and in the browser.
//!
//! The tensor modules need the `training` feature (burn). The configuration, data, random
//! numbers and host-side metrics do not, so the main-thread UI can validate settings, draw
//! datasets and compute exact EMDs without linking burn.
//!
//! - [`network`]: generator and critic MLPs with explicit parameters.
//! - [`conv`]: the convolutional MNIST critic of the WGAN-GP paper.
//! - [`input_grad`]: the critic's input gradient as forward ops, the heart of WGAN-GP.
//! - [`loss`]: BCE (saturating and non-saturating), WGAN with clipping, WGAN-GP.
//! - [`optim`]: Adam / RMSProp / SGD per network.
//! - [`trainer`]: the step-wise state machine the CLI and the web worker drive.
//! - [`params`]: any network's parameters to host tensors and back (save, load, move).
//! - [`record`]: weights files as burn records (burnpack) with Earthmover's metadata.
//! - [`data`]: the reference toy datasets and user-drawn points.
//! - [`mnist`]: the conv WGAN-GP on real digits, and the classifier behind its histogram.
//! - [`metrics`]: modes covered, sample quality, exact EMD, critic probes.
//!
//! The engine never picks a backend: callers pass a `burn::tensor::Device` (flex on the CPU,
//! WebGPU in the browser), and everything random comes from [`rng`] on the host.

// Plain Rust, shared with the UI thread (which is built without burn).
pub mod config;
pub mod data;
pub mod metrics;
pub mod mnist;
pub mod rng;
pub mod stats;

// burn only: the tensor code.
#[cfg(feature = "training")]
pub mod conv;
#[cfg(feature = "training")]
pub mod input_grad;
#[cfg(feature = "training")]
pub mod loss;
#[cfg(feature = "training")]
pub mod network;
#[cfg(feature = "training")]
pub mod optim;
#[cfg(feature = "training")]
pub mod params;
#[cfg(feature = "training")]
pub mod record;
#[cfg(feature = "training")]
pub mod trainer;

pub use config::{Activation, ConfigError, LossKind, OptimizerKind, TrainConfig};
pub use data::{Dataset, ToyData, UserPoints};
#[cfg(feature = "training")]
pub use network::Mlp;
pub use stats::Stats;
#[cfg(feature = "training")]
pub use trainer::{StepStats, Trainer};

#[cfg(feature = "training")]
/// Reads a tensor back to the host as f32, whatever the device's float type (blocking: native
/// code and the CPU backend only; the browser's WebGPU path reads asynchronously).
pub fn to_host<const D: usize>(t: burn::tensor::Tensor<D>) -> Vec<f32> {
    t.into_data()
        .try_into_vec_as::<f32>()
        .expect("a float tensor converts to f32")
}
