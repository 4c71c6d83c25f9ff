//! The 1D lab as an [`Experiment`]: a mixture of Gaussians on a line, MLPs 1 → … → 1. It
//! exists to show the critic's slope and the generator's push on the trained function itself
//! (lecture slides 3 and 4), and it is the abstraction's proof: this folder, the configuration
//! in `earthmover_core::line`, a protocol variant and a page tab are all it took.

pub mod snapshot;

use burn::module::ParamId;
use burn::tensor::{Device, Tensor};

use crate::experiment::Experiment;
use crate::network::Mlp;
use crate::trainer::GanTrainer;
use earthmover_core::config::ConfigError;
use earthmover_core::line::{LineConfig, Mixture};
use earthmover_core::rng::Rng;

/// The 1D experiment.
#[derive(Clone, Copy, Debug)]
pub struct Line;

/// The 1D trainer.
pub type LineTrainer = GanTrainer<Line>;

/// The 1D run the worker owns.
pub type LineSession = crate::session::Session<Line>;

impl Experiment for Line {
    type Config = LineConfig;
    type Data = Mixture;
    type Source = ();
    type Generator = Mlp;
    type Critic = Mlp;

    fn source(_: &LineConfig, _: &Mixture) -> Result<(), ConfigError> {
        Ok(())
    }

    fn real(data: &Mixture, _: &(), n: usize, rng: &mut Rng) -> Vec<f32> {
        data.sample(n, rng)
    }

    fn sample_dim(_: &LineConfig) -> usize {
        1
    }

    fn networks(c: &LineConfig, g_rng: &mut Rng, d_rng: &mut Rng, device: &Device) -> (Mlp, Mlp) {
        let g = Mlp::new(
            c.noise_dim,
            c.width,
            c.depth,
            1,
            c.activation,
            g_rng,
            device,
        );
        let d = Mlp::new(1, c.width, c.depth, 1, c.activation, d_rng, device);
        (g, d)
    }

    fn rebuilds(old: &LineConfig, new: &LineConfig) -> bool {
        (
            old.width,
            old.depth,
            old.activation,
            old.noise_dim,
            old.seed,
        ) != (
            new.width,
            new.depth,
            new.activation,
            new.noise_dim,
            new.seed,
        )
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
