//! The toy 2D experiment (the Lab and the Race): MLPs on points in the plane, the WGAN-GP
//! paper's 8 Gaussians, 25 Gaussians and Swiss roll, or points the student drew. What its
//! snapshots hold is in [`snapshot`].

use burn::tensor::Tensor;

pub mod snapshot;

use crate::experiment::{MlpExperiment, MlpShape};
use crate::trainer::{GanTrainer, tensor2};
use earthmover_core::config::TrainConfig;
use earthmover_core::data::Dataset;
use earthmover_core::rng::Rng;

/// The toy 2D experiment.
#[derive(Clone, Copy, Debug)]
pub struct Toy2d;

/// The toy trainer, as the Lab, the Race and the CLI know it.
pub type Trainer = GanTrainer<Toy2d>;

/// The toy run the worker owns.
pub type ToySession = crate::session::Session<Toy2d>;

impl MlpExperiment for Toy2d {
    type Config = TrainConfig;
    type Data = Dataset;
    const DIM: usize = 2;

    fn shape(c: &TrainConfig) -> MlpShape {
        MlpShape {
            noise_dim: c.noise_dim,
            width: c.width,
            depth: c.depth,
            activation: c.activation,
            seed: c.seed,
        }
    }

    fn real(data: &Dataset, n: usize, rng: &mut Rng) -> Vec<f32> {
        data.sample(n, rng)
    }
}

impl GanTrainer<Toy2d> {
    /// The real data.
    pub fn dataset(&self) -> &Dataset {
        self.data()
    }

    /// Replaces the real data (e.g. the student drew new points); training continues.
    pub fn set_dataset(&mut self, dataset: Dataset) {
        self.set_data(dataset)
            .expect("every toy dataset fits every configuration");
    }

    /// `n` samples of what the critic is trained against, drawn with `seed` (independent of the
    /// training streams), on the plain device, shape [n, 2]: the generator's samples, or in
    /// fixed-generator mode real samples plus N(0, 1) noise (the generator is not used there,
    /// so its untrained samples would show the student something the critic never sees).
    pub fn sample_fake(&self, n: usize, seed: u64) -> Tensor<2> {
        if self.config().fixed_generator {
            let mut rng = Rng::new(seed);
            let real = self.dataset().sample(n, &mut rng);
            let noise = rng.normals(2 * n);
            let shifted = real.iter().zip(&noise).map(|(x, e)| x + e).collect();
            return tensor2(shifted, 2, self.plain_device());
        }
        self.generate(self.display_noise(n, seed))
    }

    /// `n` real samples drawn with `seed`, flat [x, y, …].
    pub fn sample_real(&self, n: usize, seed: u64) -> Vec<f32> {
        self.dataset().sample(n, &mut Rng::new(seed))
    }
}
