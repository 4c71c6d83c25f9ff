//! The step-wise training state machine.
//!
//! One [`Trainer::step`] is one generator iteration preceded by n_critic critic iterations, the
//! unit the papers count in. The UI can also step the critic or the generator alone. Steps never
//! read data back to the host: their statistics come back as one packed device tensor
//! ([`StepStats`]) that native code reads at once and the browser reads asynchronously, whenever
//! it wants to draw.
//!
//! Every random draw comes from the engine's own seeded streams (see [`super::rng`]), one per
//! purpose, so a run is a pure function of (config, dataset), and evaluation draws (plots,
//! metrics) never shift the training stream.

use burn::module::Module;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor, TensorData};

use super::config::{ConfigError, LossKind, TrainConfig};
use super::data::Dataset;
use super::loss::{critic_loss, generator_loss};
use super::network::Mlp;
use super::optim::{NetOptimizer, gradients_of};
use super::params::{HostTensor, flat_parameters, host_parameters, load_parameters};
use super::record::{self, Pair, record_device};
use super::rng::Rng;
use super::stats::Stats;
use crate::share::weights::{self, WeightsMeta};

/// Labels of the independent random streams forked from the seed (the MNIST trainer uses the
/// same ones).
pub(crate) mod stream {
    pub const INIT_G: u64 = 1;
    pub const INIT_D: u64 = 2;
    pub const DATA: u64 = 3;
    pub const NOISE: u64 = 4;
    pub const ALPHA: u64 = 5;
}

/// Statistics of one step, still on the device. Layout of the packed tensor:
/// `[w_estimate, penalty, critic_loss, g_loss, g_push, layer_norm_0, …]`.
#[derive(Clone)]
pub struct StepStats {
    packed: Tensor<1>,
}

impl StepStats {
    /// Stats packed in the layout above, still on the device.
    pub(crate) fn packed(packed: Tensor<1>) -> Self {
        Self { packed }
    }

    fn from_data(values: Vec<f32>) -> Stats {
        Stats {
            w_estimate: values[0],
            penalty: values[1],
            critic_loss: values[2],
            g_loss: values[3],
            g_push: values[4],
            layer_grad_norms: values[5..].to_vec(),
        }
    }

    /// Blocking read (native code, or a CPU backend in the browser).
    pub fn read(self) -> Stats {
        Self::from_data(super::to_host(self.packed))
    }

    /// Asynchronous read, for WebGPU in the browser.
    pub async fn read_async(self) -> Stats {
        let data = self
            .packed
            .into_data_async()
            .await
            .expect("the stats tensor can be read back");
        Self::from_data(data.try_into_vec_as::<f32>().expect("stats convert to f32"))
    }
}

/// Results of one critic iteration, on the device.
#[derive(Clone)]
struct CriticOutcome {
    w_estimate: Tensor<1>,
    penalty: Tensor<1>,
    loss: Tensor<1>,
    layer_norms: Option<Tensor<1>>,
}

/// The whole training state: both networks, their optimisers and the random streams.
#[derive(Clone)]
pub struct Trainer {
    config: TrainConfig,
    dataset: Dataset,
    device: Device,
    generator: Mlp,
    critic: Mlp,
    opt_g: NetOptimizer,
    opt_d: NetOptimizer,
    data_rng: Rng,
    noise_rng: Rng,
    alpha_rng: Rng,
    g_steps: u64,
    last_critic: Option<CriticOutcome>,
}

fn tensor2(values: Vec<f32>, cols: usize, device: &Device) -> Tensor<2> {
    let rows = values.len() / cols;
    Tensor::from_data(TensorData::new(values, [rows, cols]), device)
}

/// The GP interpolation weights: one α ~ U[0, 1) per row of the batch, shape [n, 1].
pub(crate) fn alpha_column(rng: &mut Rng, n: usize, device: &Device) -> Tensor<2> {
    let alpha: Vec<f32> = (0..n).map(|_| rng.uniform() as f32).collect();
    tensor2(alpha, 1, device)
}

/// The generator's parameter gradients for noise `z`, with its loss and mean push length.
///
/// The backward pass is split at the fake samples x = G(z). First through the critic alone (its
/// parameters take no gradient) to g = ∂L/∂x, which is also what the Lab's arrows show; then
/// through the generator via the surrogate Σ x·g, whose parameter gradient equals L's. The push
/// statistic thus costs no extra critic pass.
fn generator_gradients(
    generator: &Mlp,
    critic: &Mlp,
    z: Tensor<2>,
    kind: LossKind,
) -> (GradientsParams, Tensor<1>, Tensor<1>) {
    let batch = z.dims()[0];
    let fake = generator.forward(z);
    let x = fake.clone().detach().require_grad();
    let critic = critic.clone().no_grad();
    let loss = generator_loss(kind, critic.forward(x.clone()));
    let grad_x = x
        .grad(&loss.backward())
        .expect("the fake samples require grad");
    // Per sample, without the mean's 1/batch.
    let push = grad_x
        .clone()
        .square()
        .sum_dim(1)
        .sqrt()
        .mean()
        .reshape([1])
        .mul_scalar(batch as f64)
        .autodiff();
    let surrogate = (fake * grad_x.autodiff()).sum();
    let grads = gradients_of(generator, surrogate.backward());
    (grads, loss.detach(), push)
}

/// Moves a network out for an optimiser step (which consumes it) without cloning its tensors:
/// a unique owner lets the backend update parameters in place.
fn take(net: &mut Mlp) -> Mlp {
    let empty = Mlp {
        layers: vec![],
        activation: net.activation,
    };
    std::mem::replace(net, empty)
}

impl Trainer {
    /// A new run. `device` is a plain backend device; autodiff is enabled on it here.
    pub fn new(
        config: TrainConfig,
        dataset: Dataset,
        device: &Device,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        let device = device.clone().autodiff();
        let root = Rng::new(config.seed);
        let (generator, critic) = Self::build_networks(&config, &root, &device);
        let betas = (config.beta1, config.beta2);
        Ok(Self {
            opt_g: NetOptimizer::new(config.optimizer_g, betas),
            opt_d: NetOptimizer::new(config.optimizer_d, betas),
            data_rng: root.fork(stream::DATA),
            noise_rng: root.fork(stream::NOISE),
            alpha_rng: root.fork(stream::ALPHA),
            config,
            dataset,
            device,
            generator,
            critic,
            g_steps: 0,
            last_critic: None,
        })
    }

    fn build_networks(config: &TrainConfig, root: &Rng, device: &Device) -> (Mlp, Mlp) {
        let g = Mlp::new(
            config.noise_dim,
            config.width,
            config.depth,
            2,
            config.activation,
            &mut root.fork(stream::INIT_G),
            device,
        );
        let d = Mlp::new(
            2,
            config.width,
            config.depth,
            1,
            config.activation,
            &mut root.fork(stream::INIT_D),
            device,
        );
        (g, d)
    }

    /// Apply a new configuration between steps. Learning rates, λ, c, n_critic, batch, loss and
    /// the warm-up/fixed-generator switches take effect at the next step; the optimisers keep
    /// their state unless their kind changes; width, depth, activation, noise dimension or seed
    /// rebuild both networks from the seed (and reset the step count).
    pub fn reconfigure(&mut self, config: TrainConfig) -> Result<(), ConfigError> {
        config.validate()?;
        let rebuild = config.width != self.config.width
            || config.depth != self.config.depth
            || config.activation != self.config.activation
            || config.noise_dim != self.config.noise_dim
            || config.seed != self.config.seed;
        let betas = (config.beta1, config.beta2);
        if rebuild {
            *self = Self::new(config, self.dataset.clone(), &self.device)?;
            return Ok(());
        }
        self.opt_g.reconfigure(config.optimizer_g, betas);
        self.opt_d.reconfigure(config.optimizer_d, betas);
        self.config = config;
        Ok(())
    }

    /// The same run on another device (e.g. CPU after the GPU was lost): weights, step count
    /// and random streams carry over; the optimisers' moment estimates restart.
    pub fn to_device(&self, device: &Device) -> Self {
        let device = device.clone().autodiff();
        let betas = (self.config.beta1, self.config.beta2);
        Self {
            generator: self.generator.moved_to(&device),
            critic: self.critic.moved_to(&device),
            opt_g: NetOptimizer::new(self.config.optimizer_g, betas),
            opt_d: NetOptimizer::new(self.config.optimizer_d, betas),
            last_critic: None,
            device,
            ..self.clone()
        }
    }

    /// Both networks as one module (generator, then critic): what a weights file records.
    fn pair(&self) -> Pair<Mlp, Mlp> {
        Pair {
            generator: self.generator.clone(),
            critic: self.critic.clone(),
        }
    }

    /// Every parameter with its shape, still on the device, in weights-file order, for reading
    /// back (synchronously natively, asynchronously on WebGPU) into [`Trainer::weights_file`].
    pub fn weight_tensors(&self) -> Vec<(Vec<usize>, Tensor<1>)> {
        flat_parameters(&self.pair())
    }

    /// The weights file (a burn record, see [`crate::share::weights`]) for values read back
    /// from [`Trainer::weight_tensors`].
    pub fn weights_file(&self, values: &[HostTensor]) -> Result<Vec<u8>, String> {
        let meta = WeightsMeta {
            config: self.config.clone(),
            step: self.g_steps,
        };
        // The run's own networks lend the record its structure; their tensors are not read.
        record::encode(self.pair(), values, weights::KIND, &meta)
    }

    /// The weights file, read back at once (native code and the CPU backend).
    pub fn weights_file_blocking(&self) -> Result<Vec<u8>, String> {
        self.weights_file(&host_parameters(&self.pair()))
    }

    /// A run continuing from a weights file: the file's configuration, its networks and step,
    /// `dataset` as the data, on `device`; the optimisers' moment estimates restart. A file
    /// that fails any check (settings, names, shapes, finiteness) builds nothing.
    pub fn from_weights_file(
        bytes: &[u8],
        dataset: Dataset,
        device: &Device,
    ) -> Result<Self, String> {
        let meta = weights::meta(bytes)?;
        let (g, d) = Self::build_networks(&meta.config, &Rng::new(0), &record_device());
        let values = record::decode(
            Pair {
                generator: g,
                critic: d,
            },
            bytes,
        )?;
        let mut t = Self::new(meta.config, dataset, device).map_err(|e| e.message)?;
        let pair = load_parameters(t.pair(), &values, &t.device)?;
        t.generator = pair.generator;
        t.critic = pair.critic;
        t.g_steps = meta.step;
        Ok(t)
    }

    /// Replace the real data (e.g. the student drew new points); training continues.
    pub fn set_dataset(&mut self, dataset: Dataset) {
        self.dataset = dataset;
    }

    /// The configuration in force.
    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    /// The real data.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// Generator steps taken so far.
    pub fn generator_steps(&self) -> u64 {
        self.g_steps
    }

    /// The generator (on the autodiff device).
    pub fn generator(&self) -> &Mlp {
        &self.generator
    }

    /// The critic (on the autodiff device).
    pub fn critic(&self) -> &Mlp {
        &self.critic
    }

    /// The device training runs on (autodiff enabled).
    pub fn device(&self) -> &Device {
        &self.device
    }

    fn real_batch(&mut self) -> Tensor<2> {
        let data = self.dataset.sample(self.config.batch, &mut self.data_rng);
        tensor2(data, 2, &self.device)
    }

    fn noise(&mut self, n: usize) -> Tensor<2> {
        let z = self.noise_rng.normals(n * self.config.noise_dim);
        tensor2(z, self.config.noise_dim, &self.device)
    }

    /// A fake batch with no gradient path to the generator. In fixed-generator mode it is the
    /// real batch plus N(0, 1) noise, as in the reference script.
    fn fake_batch(&mut self, real: &Tensor<2>) -> Tensor<2> {
        if self.config.fixed_generator {
            let noise = self.noise_rng.normals(self.config.batch * 2);
            real.clone() + tensor2(noise, 2, &self.device)
        } else {
            let z = self.noise(self.config.batch);
            self.generator.forward(z).detach()
        }
    }

    fn critic_iteration(&mut self, want_layer_norms: bool) -> CriticOutcome {
        let real = self.real_batch();
        let fake = self.fake_batch(&real);
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
        let layer_norms = want_layer_norms.then(|| {
            Tensor::cat(
                self.critic
                    .layers
                    .iter()
                    .map(|l| {
                        grads
                            .get::<2>(l.weight.id)
                            .map(|g| g.square().sum().sqrt())
                            .unwrap_or_else(|| Tensor::zeros([1], &self.device))
                    })
                    .collect(),
                0,
            )
        });
        let critic = take(&mut self.critic);
        let mut critic = self.opt_d.step(
            self.config.lr_d * self.config.lr_factor(self.g_steps),
            critic,
            grads,
        );
        if self.config.loss == LossKind::WganClip {
            critic = critic.clip(self.config.clip);
        }
        self.critic = critic;
        CriticOutcome {
            w_estimate: loss.w_estimate.detach(),
            penalty: loss.penalty.detach(),
            loss: loss.loss.detach(),
            layer_norms,
        }
    }

    /// One generator iteration; returns (loss, mean push length). In fixed-generator mode the
    /// generator does not move and both are zero.
    fn generator_iteration(&mut self) -> (Tensor<1>, Tensor<1>) {
        if self.config.fixed_generator {
            let zero = Tensor::zeros([1], &self.device);
            return (zero.clone(), zero);
        }
        let z = self.noise(self.config.batch);
        let (grads, loss, push) =
            generator_gradients(&self.generator, &self.critic, z, self.config.loss);
        self.generator = self.opt_g.step(
            self.config.lr_g * self.config.lr_factor(self.g_steps),
            take(&mut self.generator),
            grads,
        );
        (loss, push)
    }

    fn pack(&self, critic: &CriticOutcome, g_loss: Tensor<1>, g_push: Tensor<1>) -> StepStats {
        let norms = critic
            .layer_norms
            .clone()
            .unwrap_or_else(|| Tensor::zeros([self.critic.layers.len()], &self.device));
        StepStats {
            packed: Tensor::cat(
                vec![
                    critic.w_estimate.clone(),
                    critic.penalty.clone(),
                    critic.loss.clone(),
                    g_loss,
                    g_push,
                    norms,
                ],
                0,
            )
            .inner(),
        }
    }

    /// One generator iteration preceded by its critic iterations.
    pub fn step(&mut self) -> StepStats {
        let n = self.config.critic_steps_at(self.g_steps);
        let mut last = None;
        for i in 0..n {
            last = Some(self.critic_iteration(i + 1 == n));
        }
        let critic = last.expect("n_critic ≥ 1 is validated");
        let (g_loss, g_push) = self.generator_iteration();
        self.g_steps += 1;
        let stats = self.pack(&critic, g_loss, g_push);
        self.last_critic = Some(critic);
        stats
    }

    /// One critic iteration alone ("step D only").
    pub fn step_critic(&mut self) -> StepStats {
        let critic = self.critic_iteration(true);
        let zero = Tensor::zeros([1], &self.device);
        let stats = self.pack(&critic, zero.clone(), zero);
        self.last_critic = Some(critic);
        stats
    }

    /// One generator iteration alone ("step G only"); the critic figures are the last ones.
    pub fn step_generator(&mut self) -> StepStats {
        let (g_loss, g_push) = self.generator_iteration();
        self.g_steps += 1;
        let critic = self.last_critic.take().unwrap_or_else(|| {
            let zero = Tensor::zeros([1], &self.device);
            CriticOutcome {
                w_estimate: zero.clone(),
                penalty: zero.clone(),
                loss: zero,
                layer_norms: None,
            }
        });
        let stats = self.pack(&critic, g_loss, g_push);
        self.last_critic = Some(critic);
        stats
    }

    /// `n` samples of what the critic is trained against, drawn with `seed` (independent of the
    /// training streams), on the plain device, shape [n, 2]: the generator's samples, or in
    /// fixed-generator mode real samples plus N(0, 1) noise (the generator is not used there, so
    /// its untrained samples would show the student something the critic never sees).
    pub fn sample_fake(&self, n: usize, seed: u64) -> Tensor<2> {
        let generator = self.generator.valid();
        let device = generator.layers[0].weight.device();
        if self.config.fixed_generator {
            let mut rng = Rng::new(seed);
            let real = self.dataset.sample(n, &mut rng);
            let noise = rng.normals(2 * n);
            let shifted = real.iter().zip(&noise).map(|(x, e)| x + e).collect();
            return tensor2(shifted, 2, &device);
        }
        let z = Rng::new(seed).normals(n * self.config.noise_dim);
        generator.forward(tensor2(z, self.config.noise_dim, &device))
    }

    /// `n` real samples drawn with `seed`, flat [x, y, …].
    pub fn sample_real(&self, n: usize, seed: u64) -> Vec<f32> {
        self.dataset.sample(n, &mut Rng::new(seed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Activation;
    use crate::engine::to_host;

    #[test]
    fn split_backward_gives_the_same_generator_gradient_as_a_direct_one() {
        let device = Device::flex().autodiff();
        let mut rng = Rng::new(3);
        let g = Mlp::new(2, 16, 2, 2, Activation::Tanh, &mut rng, &device);
        let d = Mlp::new(2, 16, 2, 1, Activation::LeakyRelu, &mut rng, &device);
        for kind in LossKind::ALL {
            let z = tensor2(rng.normals(64), 2, &device);
            let (split, loss, push) = generator_gradients(&g, &d, z.clone(), kind);
            let direct_loss = generator_loss(kind, d.clone().no_grad().forward(g.forward(z)));
            let direct = gradients_of(&g, direct_loss.backward());
            assert_eq!(to_host(loss), to_host(direct_loss));
            assert!(to_host(push)[0] > 0.0);
            for l in &g.layers {
                let a = to_host(split.get::<2>(l.weight.id).unwrap());
                let b = to_host(direct.get::<2>(l.weight.id).unwrap());
                let worst = a
                    .iter()
                    .zip(&b)
                    .map(|(x, y)| (x - y).abs())
                    .fold(0.0, f32::max);
                let scale = b.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                assert!(
                    worst <= 1e-5 * scale.max(1e-3),
                    "{kind:?}: {worst} vs scale {scale}"
                );
            }
        }
    }
}
