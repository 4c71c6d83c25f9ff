//! The training engine: burn only, no UI, the same code natively and in the browser.
//!
//! - [`network`]: generator and critic MLPs with explicit parameters.
//! - [`input_grad`]: the critic's input gradient as forward ops, the heart of WGAN-GP.
//! - [`loss`]: BCE (saturating and non-saturating), WGAN with clipping, WGAN-GP.
//! - [`optim`]: Adam / RMSProp / SGD per network.
//! - [`trainer`]: the step-wise state machine the CLI and the web worker drive.
//! - [`data`]: the reference toy datasets and user-drawn points.
//! - [`metrics`]: modes covered, sample quality, exact EMD, critic probes.
//!
//! The engine never picks a backend: callers pass a `burn::tensor::Device` (flex on the CPU,
//! WebGPU in the browser), and everything random comes from [`rng`] on the host.

pub mod config;
pub mod data;
pub mod input_grad;
pub mod loss;
pub mod metrics;
pub mod network;
pub mod optim;
pub mod rng;
pub mod trainer;

pub use config::{ConfigError, LossKind, OptimizerKind, TrainConfig};
pub use data::{Dataset, ToyData, UserPoints};
pub use network::{Activation, Mlp};
pub use trainer::{Stats, StepStats, Trainer};

/// Reads a tensor back to the host as f32, whatever the device's float type (blocking: native
/// code and the CPU backend only; the browser's WebGPU path reads asynchronously).
pub fn to_host<const D: usize>(t: burn::tensor::Tensor<D>) -> Vec<f32> {
    t.into_data()
        .try_into_vec_as::<f32>()
        .expect("a float tensor converts to f32")
}
