//! MNIST as an [`Experiment`]: rows of 784 grey levels drawn from the chosen digit classes,
//! and the paper's conv networks (or MLPs). The step, weights files and device moves are the
//! one [`GanTrainer`]'s.

use std::sync::Arc;

use burn::module::ParamId;
use burn::tensor::{Device, Tensor};

use super::nets::{ImageCritic, ImageGenerator};
use crate::experiment::Experiment;
use crate::trainer::GanTrainer;
use earthmover_core::config::{ConfigError, ConfigProblem, err};
use earthmover_core::mnist::MnistConfig;
use earthmover_core::rng::Rng;
use earthmover_core::share::mnist::{Digits, PIXELS};

/// The MNIST experiment.
#[derive(Clone, Copy, Debug)]
pub struct Mnist;

/// The MNIST trainer.
pub type MnistTrainer = GanTrainer<Mnist>;

impl Experiment for Mnist {
    type Config = MnistConfig;
    type Data = Arc<Digits>;
    /// Indices of the digits of the chosen classes.
    type Source = Vec<usize>;
    type Generator = ImageGenerator;
    type Critic = ImageCritic;

    fn source(config: &MnistConfig, digits: &Arc<Digits>) -> Result<Vec<usize>, ConfigError> {
        let pool = digits.indices_of(config.digits);
        if pool.is_empty() {
            return Err(err("digits", ConfigProblem::NoneOfTheDigits));
        }
        Ok(pool)
    }

    fn real(digits: &Arc<Digits>, pool: &Vec<usize>, n: usize, rng: &mut Rng) -> Vec<f32> {
        let mut v = Vec::with_capacity(n * PIXELS);
        for _ in 0..n {
            let i = pool[rng.below(pool.len())];
            v.extend(digits.image(i).iter().map(|&p| p as f32 / 255.0));
        }
        v
    }

    fn sample_dim(_: &MnistConfig) -> usize {
        PIXELS
    }

    fn networks(
        config: &MnistConfig,
        g_rng: &mut Rng,
        d_rng: &mut Rng,
        device: &Device,
    ) -> (ImageGenerator, ImageCritic) {
        (
            ImageGenerator::new(config, g_rng, device),
            ImageCritic::new(config, d_rng, device),
        )
    }

    fn rebuilds(old: &MnistConfig, new: &MnistConfig) -> bool {
        (old.arch, old.width, old.noise_dim, old.seed)
            != (new.arch, new.width, new.noise_dim, new.seed)
    }

    fn generate(generator: &ImageGenerator, z: Tensor<2>) -> Tensor<2> {
        generator.forward(z)
    }

    fn clip(critic: ImageCritic, c: f64) -> ImageCritic {
        critic.clip(c)
    }

    /// None: the conv critic's kernels are 4D, and the MNIST tab draws digits, not the layer
    /// chart.
    fn reported_weights(_: &ImageCritic) -> Vec<ParamId> {
        Vec::new()
    }
}

impl GanTrainer<Mnist> {
    /// The digits the run draws from.
    pub fn digits(&self) -> &Arc<Digits> {
        self.data()
    }
}
