//! The 1D lab as an [`Experiment`]: a mixture of Gaussians on a line, MLPs 1 → … → 1. It
//! exists to show the critic's slope and the generator's push on the trained function itself
//! (lecture slides 3 and 4), and it is the abstraction's proof: this folder, the configuration
//! in `earthmover_core::line`, a protocol variant and a page tab are all it took.

pub mod snapshot;

use crate::experiment::{MlpExperiment, MlpShape};
use crate::trainer::GanTrainer;
use earthmover_core::line::{LineConfig, Mixture};
use earthmover_core::rng::Rng;

/// The 1D experiment.
#[derive(Clone, Copy, Debug)]
pub struct Line;

/// The 1D trainer.
pub type LineTrainer = GanTrainer<Line>;

/// The 1D run the worker owns.
pub type LineSession = crate::session::Session<Line>;

impl MlpExperiment for Line {
    type Config = LineConfig;
    type Data = Mixture;
    const DIM: usize = 1;

    fn shape(c: &LineConfig) -> MlpShape {
        MlpShape {
            noise_dim: c.noise_dim,
            width: c.width,
            depth: c.depth,
            activation: c.activation,
            seed: c.seed,
        }
    }

    fn real(data: &Mixture, n: usize, rng: &mut Rng) -> Vec<f32> {
        data.sample(n, rng)
    }
}
