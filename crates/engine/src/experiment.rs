//! What differs between experiments, and nothing else.
//!
//! The GAN step (losses, n_critic and warm-up, the fixed generator, clipping, the penalty,
//! learning-rate schedule, statistics), checkpoints, weights files and backend moves are written
//! once, in [`crate::trainer::GanTrainer`]. An experiment only says what its data and networks
//! are: the toy 2D Lab ([`crate::toy::Toy2d`]) and MNIST ([`crate::mnist::Mnist`]) are the
//! two implementations.

use burn::module::{Module, ModuleDisplay, ParamId};
use burn::tensor::{Device, Tensor};

use crate::loss::Critic;
use earthmover_core::config::ConfigError;
use earthmover_core::experiment::ExperimentConfig;
use earthmover_core::rng::Rng;

/// One experiment: its configuration, real data and networks.
pub trait Experiment: Clone + Send + 'static {
    /// What a link and a weights file carry.
    type Config: ExperimentConfig;
    /// The real data as the session holds it (a toy dataset, the digits).
    type Data: Clone + Send;
    /// What real batches are drawn from under one configuration (e.g. the chosen digits).
    type Source: Clone + Send;
    type Generator: Module + ModuleDisplay;
    type Critic: Module + ModuleDisplay + Critic;

    /// The real data prepared for `config`, or why it cannot be trained on.
    fn source(config: &Self::Config, data: &Self::Data) -> Result<Self::Source, ConfigError>;
    /// `n` real samples as flat rows of [`Experiment::sample_dim`] values.
    fn real(data: &Self::Data, source: &Self::Source, n: usize, rng: &mut Rng) -> Vec<f32>;
    /// Values per sample: 2 for the toy plane, 784 for a digit.
    fn sample_dim(config: &Self::Config) -> usize;
    /// Both networks, freshly initialised from their own random streams.
    fn networks(
        config: &Self::Config,
        g_rng: &mut Rng,
        d_rng: &mut Rng,
        device: &Device,
    ) -> (Self::Generator, Self::Critic);
    /// Whether going from `old` to `new` changes the networks' shapes or initial weights (a
    /// rebuild from the seed, back to step 0).
    fn rebuilds(old: &Self::Config, new: &Self::Config) -> bool;
    /// G(z) for noise rows `z`.
    fn generate(generator: &Self::Generator, z: Tensor<2>) -> Tensor<2>;
    /// The critic with every parameter clamped to [−c, c] (WGAN's weight clipping).
    fn clip(critic: Self::Critic, c: f64) -> Self::Critic;
    /// The critic's matrix weights whose gradient norms a step reports, layer by layer (the
    /// vanishing/exploding-gradient chart). Empty where the experiment reports none.
    fn reported_weights(critic: &Self::Critic) -> Vec<ParamId>;
}
