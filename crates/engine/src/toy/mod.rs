//! The toy 2D experiment (the Lab and the Race): MLPs on points in the plane, the WGAN-GP
//! paper's 8 Gaussians, 25 Gaussians and Swiss roll, or points the student drew. What its
//! snapshots hold is in [`snapshot`].

use burn::module::ParamId;
use burn::tensor::{Device, Tensor};

pub mod snapshot;

use crate::experiment::Experiment;
use crate::network::Mlp;
use crate::trainer::{GanTrainer, tensor2};
use earthmover_core::config::{ConfigError, TrainConfig};
use earthmover_core::data::Dataset;
use earthmover_core::rng::Rng;

/// The toy 2D experiment.
#[derive(Clone, Copy, Debug)]
pub struct Toy2d;

/// The toy trainer, as the Lab, the Race and the CLI know it.
pub type Trainer = GanTrainer<Toy2d>;

/// The toy run the worker owns.
pub type ToySession = crate::session::Session<Toy2d>;

impl Experiment for Toy2d {
    type Config = TrainConfig;
    type Data = Dataset;
    type Source = ();
    type Generator = Mlp;
    type Critic = Mlp;

    fn source(_: &TrainConfig, _: &Dataset) -> Result<(), ConfigError> {
        Ok(())
    }

    fn real(data: &Dataset, _: &(), n: usize, rng: &mut Rng) -> Vec<f32> {
        data.sample(n, rng)
    }

    fn sample_dim(_: &TrainConfig) -> usize {
        2
    }

    fn networks(c: &TrainConfig, g_rng: &mut Rng, d_rng: &mut Rng, device: &Device) -> (Mlp, Mlp) {
        let g = Mlp::new(
            c.noise_dim,
            c.width,
            c.depth,
            2,
            c.activation,
            g_rng,
            device,
        );
        let d = Mlp::new(2, c.width, c.depth, 1, c.activation, d_rng, device);
        (g, d)
    }

    fn rebuilds(old: &TrainConfig, new: &TrainConfig) -> bool {
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
