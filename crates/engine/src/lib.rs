//! The training engine: burn, no UI, the same code natively (CLI, tests) and in the browser's
//! training worker. Configuration, data, random numbers and host metrics come from
//! `earthmover_core`, which the page shares without linking burn.
//!
//! - [`network`]: generator and critic MLPs with explicit parameters.
//! - [`conv`]: the convolutional MNIST critic of the WGAN-GP paper.
//! - [`input_grad`]: the critic's input gradient as forward ops, the heart of WGAN-GP.
//! - [`halves`]: natively, a critic iteration's batch split across two threads (opt-in).
//! - [`loss`]: BCE (saturating and non-saturating), WGAN with clipping, WGAN-GP.
//! - [`optim`]: Adam / RMSProp / SGD per network.
//! - [`experiment`]: what differs between experiments (data, networks), and nothing else.
//! - [`trainer`]: the one step-wise GAN trainer the CLI and the web worker drive.
//! - [`toy`]: the toy 2D experiment of the Lab and the Race.
//! - [`line`]: the 1D lab (a mixture of Gaussians on a line).
//! - [`params`]: any network's parameters to host tensors and back (save, load, move).
//! - [`record`]: weights files as burn records (burnpack) with Earthmover's metadata.
//! - [`probes`]: the critic's value and gradient norm on a grid, per-layer weight statistics.
//! - [`figures`]: the settings behind the WGAN-GP paper's Figure 1(b).
//! - [`mnist`]: the conv WGAN-GP on real digits, and the classifier behind its histogram.
//! - [`session`]: what the worker owns, for any experiment, answering the protocol's commands.
//!
//! The engine never picks a backend: callers pass a `burn::tensor::Device` (flex on the CPU,
//! WebGPU in the browser), and everything random comes from `earthmover_core::rng` on the host.

pub mod conv;
pub mod experiment;
pub mod figures;
#[cfg(not(target_arch = "wasm32"))]
pub mod halves;
pub mod input_grad;
pub mod line;
pub mod loss;
pub mod mnist;
pub mod network;
pub mod optim;
pub mod params;
pub mod probes;
pub mod record;
pub mod session;
pub mod toy;
pub mod trainer;

pub use experiment::Experiment;
pub use network::Mlp;
pub use toy::{Toy2d, ToySession, Trainer};
pub use trainer::{GanTrainer, StepStats};

/// Reads a tensor back to the host as f32, whatever the device's float type (blocking: native
/// code and the CPU backend only; the browser's WebGPU path reads asynchronously).
pub fn to_host<const D: usize>(t: burn::tensor::Tensor<D>) -> Vec<f32> {
    t.into_data()
        .try_into_vec_as::<f32>()
        .expect("a float tensor converts to f32")
}
