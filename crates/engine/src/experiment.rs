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
use crate::network::Mlp;
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

/// The shape of a pair of plain MLPs: what an [`MlpExperiment`] builds from its configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MlpShape {
    pub noise_dim: usize,
    pub width: usize,
    pub depth: usize,
    pub activation: earthmover_core::config::Activation,
    pub seed: u64,
}

/// An experiment on points in a low-dimensional space (the toy plane, the line) whose two
/// networks are plain MLPs of one shape: all it says is its data and that shape, and it is an
/// [`Experiment`] by the impl below.
pub trait MlpExperiment: Clone + Send + 'static {
    type Config: ExperimentConfig;
    type Data: Clone + Send;
    /// The points' dimension.
    const DIM: usize;
    fn shape(config: &Self::Config) -> MlpShape;
    fn real(data: &Self::Data, n: usize, rng: &mut Rng) -> Vec<f32>;
}

impl<T: MlpExperiment> Experiment for T {
    type Config = T::Config;
    type Data = T::Data;
    type Source = ();
    type Generator = Mlp;
    type Critic = Mlp;

    fn source(_: &T::Config, _: &T::Data) -> Result<(), ConfigError> {
        Ok(())
    }

    fn real(data: &T::Data, _: &(), n: usize, rng: &mut Rng) -> Vec<f32> {
        T::real(data, n, rng)
    }

    fn sample_dim(_: &T::Config) -> usize {
        T::DIM
    }

    fn networks(c: &T::Config, g_rng: &mut Rng, d_rng: &mut Rng, device: &Device) -> (Mlp, Mlp) {
        let s = T::shape(c);
        let g = Mlp::new(
            s.noise_dim,
            s.width,
            s.depth,
            T::DIM,
            s.activation,
            g_rng,
            device,
        );
        let d = Mlp::new(T::DIM, s.width, s.depth, 1, s.activation, d_rng, device);
        (g, d)
    }

    fn rebuilds(old: &T::Config, new: &T::Config) -> bool {
        T::shape(old) != T::shape(new)
    }

    fn generate(generator: &Mlp, z: Tensor<2>) -> Tensor<2> {
        generator.forward(z)
    }

    fn clip(critic: Mlp, c: f64) -> Mlp {
        critic.clip(c)
    }

    fn reported_weights(critic: &Mlp) -> Vec<ParamId> {
        critic.layers.iter().map(|l| l.weight.id).collect()
    }
}
