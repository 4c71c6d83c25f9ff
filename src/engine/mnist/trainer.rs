//! The step-wise MNIST trainer: the toy [`crate::engine::Trainer`]'s loop on digits.
//!
//! It shares the toy trainer's losses ([`crate::engine::loss::critic_loss`] through the
//! [`crate::engine::loss::Critic`] trait, so the penalty uses the conv critic's explicit input
//! gradient), optimisers, seeded streams and packed device statistics; what differs is the data
//! (rows of 784 grey levels drawn from the chosen digit classes) and the networks.

use std::sync::Arc;

use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};

use super::config::{MnistConfig, MnistWeightsMeta, WEIGHTS_KIND, weights_meta};
use super::nets::{ImageCritic, ImageGenerator};
use crate::engine::config::{ConfigError, LossKind, OptimizerKind};
use crate::engine::loss::{Critic, critic_loss, generator_loss};
use crate::engine::optim::{NetOptimizer, gradients_of};
use crate::engine::params::{
    HostTensor, flat_parameters, host_parameters, load_parameters, moved_to,
};
use crate::engine::record::{self, Pair, record_device};
use crate::engine::rng::Rng;
use crate::engine::trainer::{StepStats, alpha_column, stream};
use crate::share::mnist::{Digits, PIXELS};

/// The MNIST training state.
#[derive(Clone)]
pub struct MnistTrainer {
    config: MnistConfig,
    digits: Arc<Digits>,
    /// Indices of the digits of the chosen classes.
    pool: Vec<usize>,
    /// The plain device (display samples) and the autodiff one (training).
    plain: Device,
    device: Device,
    generator: ImageGenerator,
    critic: ImageCritic,
    opt_g: NetOptimizer,
    opt_d: NetOptimizer,
    data_rng: Rng,
    noise_rng: Rng,
    alpha_rng: Rng,
    g_steps: u64,
    last_critic: Option<[Tensor<1>; 3]>,
}

fn tensor2(values: Vec<f32>, cols: usize, device: &Device) -> Tensor<2> {
    let rows = values.len() / cols;
    Tensor::from_data(TensorData::new(values, [rows, cols]), device)
}

impl MnistTrainer {
    /// A new run on `device` (a plain backend device; autodiff is enabled here).
    pub fn new(
        config: MnistConfig,
        digits: Arc<Digits>,
        device: &Device,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        let pool = digits.indices_of(config.digits);
        if pool.is_empty() {
            return Err(ConfigError {
                field: "digits",
                message: "the data has none of the chosen digits".into(),
            });
        }
        let plain = device.clone();
        let device = device.clone().autodiff();
        let root = Rng::new(config.seed);
        let generator = ImageGenerator::new(&config, &mut root.fork(stream::INIT_G), &device);
        let critic = ImageCritic::new(&config, &mut root.fork(stream::INIT_D), &device);
        let (opt_g, opt_d) = Self::optimisers(&config);
        Ok(Self {
            pool,
            digits,
            plain,
            device,
            generator,
            critic,
            opt_g,
            opt_d,
            data_rng: root.fork(stream::DATA),
            noise_rng: root.fork(stream::NOISE),
            alpha_rng: root.fork(stream::ALPHA),
            g_steps: 0,
            last_critic: None,
            config,
        })
    }

    fn optimisers(config: &MnistConfig) -> (NetOptimizer, NetOptimizer) {
        let kind = if config.uses_rmsprop() {
            OptimizerKind::RmsProp
        } else {
            OptimizerKind::Adam
        };
        let betas = (config.beta1, config.beta2);
        (
            NetOptimizer::new(kind, betas),
            NetOptimizer::new(kind, betas),
        )
    }

    /// Applies a new configuration between steps. The architecture, width, noise dimension and
    /// seed rebuild the networks (step 0); the digit filter changes the data; the rest takes
    /// effect at the next step, keeping the optimisers' state where their kind is unchanged.
    pub fn reconfigure(&mut self, config: MnistConfig) -> Result<(), ConfigError> {
        config.validate()?;
        let old = &self.config;
        if (config.arch, config.width, config.noise_dim, config.seed)
            != (old.arch, old.width, old.noise_dim, old.seed)
        {
            *self = Self::new(config, self.digits.clone(), &self.plain)?;
            return Ok(());
        }
        let pool = self.digits.indices_of(config.digits);
        if pool.is_empty() {
            return Err(ConfigError {
                field: "digits",
                message: "the data has none of the chosen digits".into(),
            });
        }
        self.pool = pool;
        let kind = if config.uses_rmsprop() {
            OptimizerKind::RmsProp
        } else {
            OptimizerKind::Adam
        };
        let betas = (config.beta1, config.beta2);
        self.opt_g.reconfigure(kind, betas);
        self.opt_d.reconfigure(kind, betas);
        self.config = config;
        Ok(())
    }

    pub fn config(&self) -> &MnistConfig {
        &self.config
    }

    /// The plain device the run is on (without autodiff).
    pub fn plain_device(&self) -> &Device {
        &self.plain
    }

    pub fn generator_steps(&self) -> u64 {
        self.g_steps
    }

    /// The digits the run draws from.
    pub fn digits(&self) -> &Arc<Digits> {
        &self.digits
    }

    /// The same run on another device: weights, step and streams carry over; the optimisers'
    /// moment estimates restart.
    pub fn to_device(&self, device: &Device) -> Self {
        let autodiff = device.clone().autodiff();
        let (opt_g, opt_d) = Self::optimisers(&self.config);
        Self {
            generator: moved_to(self.generator.clone(), &autodiff),
            critic: moved_to(self.critic.clone(), &autodiff),
            plain: device.clone(),
            device: autodiff,
            opt_g,
            opt_d,
            last_critic: None,
            ..self.clone()
        }
    }

    fn real_batch(&mut self) -> Tensor<2> {
        let n = self.config.batch;
        let mut v = Vec::with_capacity(n * PIXELS);
        for _ in 0..n {
            let i = self.pool[self.data_rng.below(self.pool.len())];
            v.extend(self.digits.image(i).iter().map(|&p| p as f32 / 255.0));
        }
        tensor2(v, PIXELS, &self.device)
    }

    fn noise(&mut self, n: usize) -> Tensor<2> {
        let z = self.noise_rng.normals(n * self.config.noise_dim);
        tensor2(z, self.config.noise_dim, &self.device)
    }

    fn lr(&self) -> f64 {
        self.config.lr
    }

    fn critic_iteration(&mut self) -> [Tensor<1>; 3] {
        let real = self.real_batch();
        let z = self.noise(self.config.batch);
        let fake = self.generator.forward(z).detach();
        let alpha = alpha_column(&mut self.alpha_rng, self.config.batch, &self.device);
        let loss = critic_loss(
            self.config.loss,
            &self.critic,
            real,
            fake,
            alpha,
            self.config.lambda,
        );
        let grads = gradients_of(&self.critic, loss.loss.backward());
        let empty = ImageCritic {
            conv: None,
            mlp: None,
        };
        let critic = std::mem::replace(&mut self.critic, empty);
        let mut critic = self.opt_d.step(self.lr(), critic, grads);
        if self.config.loss == LossKind::WganClip {
            critic = critic.clip(self.config.clip);
        }
        self.critic = critic;
        [
            loss.w_estimate.detach(),
            loss.penalty.detach(),
            loss.loss.detach(),
        ]
    }

    fn generator_iteration(&mut self) -> Tensor<1> {
        let z = self.noise(self.config.batch);
        let fake = self.generator.forward(z);
        let loss = generator_loss(self.config.loss, self.critic.clone().no_grad().score(fake));
        let grads = gradients_of(&self.generator, loss.backward());
        let empty = ImageGenerator {
            conv: None,
            mlp: None,
        };
        let generator = std::mem::replace(&mut self.generator, empty);
        self.generator = self.opt_g.step(self.lr(), generator, grads);
        loss.detach()
    }

    fn pack(&self, critic: &[Tensor<1>; 3], g_loss: Tensor<1>) -> StepStats {
        let zero = Tensor::<1>::zeros([1], &self.device);
        StepStats::packed(
            Tensor::cat(
                vec![
                    critic[0].clone(),
                    critic[1].clone(),
                    critic[2].clone(),
                    g_loss,
                    zero,
                ],
                0,
            )
            .inner(),
        )
    }

    fn zeros3(&self) -> [Tensor<1>; 3] {
        let z = Tensor::<1>::zeros([1], &self.device);
        [z.clone(), z.clone(), z]
    }

    /// n_critic critic iterations, then one generator iteration.
    pub fn step(&mut self) -> StepStats {
        let mut last = None;
        for _ in 0..self.config.n_critic {
            last = Some(self.critic_iteration());
        }
        let critic = last.expect("n_critic ≥ 1 is validated");
        let g_loss = self.generator_iteration();
        self.g_steps += 1;
        let stats = self.pack(&critic, g_loss);
        self.last_critic = Some(critic);
        stats
    }

    /// One critic iteration alone.
    pub fn step_critic(&mut self) -> StepStats {
        let critic = self.critic_iteration();
        let zero = Tensor::<1>::zeros([1], &self.device);
        let stats = self.pack(&critic, zero);
        self.last_critic = Some(critic);
        stats
    }

    /// One generator iteration alone; the critic figures are the last ones.
    pub fn step_generator(&mut self) -> StepStats {
        let g_loss = self.generator_iteration();
        self.g_steps += 1;
        let critic = self.last_critic.take().unwrap_or_else(|| self.zeros3());
        let stats = self.pack(&critic, g_loss);
        self.last_critic = Some(critic);
        stats
    }

    /// Images from noise rows `z` (host values, `noise_dim` per row) on the plain device,
    /// [n, 784] in (0, 1).
    pub fn generate(&self, z: Vec<f32>) -> Tensor<2> {
        let generator = self.generator.valid();
        generator.forward(tensor2(z, self.config.noise_dim, &self.plain))
    }

    /// Fixed display noise: `n` rows drawn from `seed`, independent of training.
    pub fn display_noise(&self, n: usize, seed: u64) -> Vec<f32> {
        Rng::new(seed).normals(n * self.config.noise_dim)
    }

    /// Both networks as one module (generator, then critic): what a weights file records.
    fn pair(&self) -> Pair<ImageGenerator, ImageCritic> {
        Pair {
            generator: self.generator.clone(),
            critic: self.critic.clone(),
        }
    }

    /// Networks of `config`'s architecture on the record device, to lend a record its shape.
    fn record_shell(config: &MnistConfig) -> Pair<ImageGenerator, ImageCritic> {
        let (device, mut rng) = (record_device(), Rng::new(0));
        Pair {
            generator: ImageGenerator::new(config, &mut rng, &device),
            critic: ImageCritic::new(config, &mut rng, &device),
        }
    }

    /// Every parameter (generator, then critic), still on the device, with its shape.
    pub fn weight_tensors(&self) -> Vec<(Vec<usize>, Tensor<1>)> {
        flat_parameters(&self.pair())
    }

    /// The weights file (a burn record) for values read back from
    /// [`MnistTrainer::weight_tensors`].
    pub fn weights_file(&self, values: &[HostTensor]) -> Result<Vec<u8>, String> {
        let meta = MnistWeightsMeta {
            config: self.config.clone(),
            step: self.g_steps,
        };
        // The run's own networks lend the record its structure; their tensors are not read.
        record::encode(self.pair(), values, WEIGHTS_KIND, &meta)
    }

    /// The weights file, read back at once (native code and the CPU backend).
    pub fn weights_file_blocking(&self) -> Result<Vec<u8>, String> {
        self.weights_file(&host_parameters(&self.pair()))
    }

    /// A run continuing from a weights file: the file's configuration, networks and step, on
    /// `digits` and `device`; the optimisers restart. A file that fails any check builds nothing.
    pub fn from_weights_file(
        bytes: &[u8],
        digits: Arc<Digits>,
        device: &Device,
    ) -> Result<Self, String> {
        let meta = weights_meta(bytes)?;
        let values = record::decode(Self::record_shell(&meta.config), bytes)?;
        let mut t = Self::new(meta.config, digits, device).map_err(|e| e.to_string())?;
        let pair = load_parameters(t.pair(), &values, &t.device)?;
        t.generator = pair.generator;
        t.critic = pair.critic;
        t.g_steps = meta.step;
        Ok(t)
    }
}
