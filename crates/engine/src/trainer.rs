//! The one step-wise GAN trainer, for every experiment.
//!
//! One [`GanTrainer::step`] is one generator iteration preceded by n_critic critic iterations
//! (more during WGAN's warm-up), the unit the papers count in. The UI can also step the critic
//! or the generator alone. Steps never read data back to the host: their statistics come back as
//! one packed device tensor ([`StepStats`]) that native code reads at once and the browser reads
//! asynchronously, whenever it wants to draw.
//!
//! What differs between the toy Lab and MNIST (data, networks, what is clipped and reported) is
//! the [`Experiment`]; everything here exists once, so a fix to the step, to weights files or
//! to backend moves reaches every experiment.
//!
//! Every random draw comes from the run's own seeded streams (see [`earthmover_core::rng`]),
//! one per purpose, so a run is a pure function of (config, data), and evaluation draws (plots,
//! metrics) never shift the training stream.

use burn::module::Module;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor, TensorData};

use crate::experiment::Experiment;
use crate::loss::{Critic, critic_loss, generator_loss};
use crate::optim::{NetOptimizer, gradients_of};
use crate::params::{HostTensor, flat_parameters, host_parameters, load_parameters, moved_to};
use crate::record::{self, Pair, record_device};
use earthmover_core::config::{ConfigError, LossKind};
use earthmover_core::experiment::{ExperimentConfig, GanSettings};
use earthmover_core::rng::Rng;
use earthmover_core::share::record_meta::WeightsProblem;
use earthmover_core::share::weights::{self, Meta};
use earthmover_core::stats::Stats;

/// Labels of the independent random streams forked from the seed.
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
        Self::from_data(crate::to_host(self.packed))
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

/// The whole training state of one run: both networks, their optimisers and the random
/// streams.
#[derive(Clone)]
pub struct GanTrainer<E: Experiment> {
    config: E::Config,
    data: E::Data,
    source: E::Source,
    /// The plain device (display, probes) and the autodiff one (training).
    plain: Device,
    device: Device,
    /// Both networks; `None` only for the instant an optimiser step owns one (a unique owner
    /// lets the backend update parameters in place).
    generator: Option<E::Generator>,
    critic: Option<E::Critic>,
    /// The exponential moving average of the generator's weights, on the plain device, while
    /// the configuration keeps one (`ema` > 0). Training never reads it; what is drawn may.
    averaged: Option<E::Generator>,
    opt_g: NetOptimizer,
    opt_d: NetOptimizer,
    data_rng: Rng,
    noise_rng: Rng,
    alpha_rng: Rng,
    g_steps: u64,
    last_critic: Option<CriticOutcome>,
    /// Natively, whether a critic iteration splits its batch across two threads (see
    /// [`crate::halves`]); off unless the caller asks (the CLI's `bench` and `train` do).
    halves: bool,
}

pub(crate) fn tensor2(values: Vec<f32>, cols: usize, device: &Device) -> Tensor<2> {
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
fn generator_gradients<E: Experiment>(
    generator: &E::Generator,
    critic: &E::Critic,
    z: Tensor<2>,
    kind: LossKind,
) -> (GradientsParams, Tensor<1>, Tensor<1>) {
    let batch = z.dims()[0];
    let fake = E::generate(generator, z);
    let x = fake.clone().detach().require_grad();
    let critic = critic.clone().no_grad();
    let loss = generator_loss(kind, critic.score(x.clone()));
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

fn optimisers(gan: &GanSettings) -> (NetOptimizer, NetOptimizer) {
    (
        NetOptimizer::new(gan.optimizer_g, gan.betas),
        NetOptimizer::new(gan.optimizer_d, gan.betas),
    )
}

impl<E: Experiment> GanTrainer<E> {
    /// A new run on `device` (a plain backend device; autodiff is enabled here).
    pub fn new(config: E::Config, data: E::Data, device: &Device) -> Result<Self, ConfigError> {
        config.validate()?;
        let source = E::source(&config, &data)?;
        let gan = config.gan();
        let plain = device.clone();
        let device = device.clone().autodiff();
        let root = Rng::new(gan.seed);
        let (generator, critic) = E::networks(
            &config,
            &mut root.fork(stream::INIT_G),
            &mut root.fork(stream::INIT_D),
            &device,
        );
        let (opt_g, opt_d) = optimisers(&gan);
        let averaged = (gan.ema > 0.0).then(|| generator.valid());
        Ok(Self {
            averaged,
            opt_g,
            opt_d,
            data_rng: root.fork(stream::DATA),
            noise_rng: root.fork(stream::NOISE),
            alpha_rng: root.fork(stream::ALPHA),
            config,
            data,
            source,
            plain,
            device,
            generator: Some(generator),
            critic: Some(critic),
            g_steps: 0,
            last_critic: None,
            halves: false,
        })
    }

    /// Applies a new configuration between steps. What changes the networks (see
    /// [`Experiment::rebuilds`]) rebuilds them from the seed at step 0; the rest (learning
    /// rates, λ, c, n_critic, batch, loss, warm-up, the data filter) takes effect at the next
    /// step, and the optimisers keep their state unless their kind changes.
    pub fn reconfigure(&mut self, config: E::Config) -> Result<(), ConfigError> {
        config.validate()?;
        if E::rebuilds(&self.config, &config) {
            *self = Self::new(config, self.data.clone(), &self.plain)?;
            return Ok(());
        }
        self.source = E::source(&config, &self.data)?;
        let gan = config.gan();
        self.opt_g.reconfigure(gan.optimizer_g, gan.betas);
        self.opt_d.reconfigure(gan.optimizer_d, gan.betas);
        if gan.ema == 0.0 {
            self.averaged = None;
        }
        self.config = config;
        Ok(())
    }

    /// Replaces the real data (e.g. the student drew new points); training continues.
    pub fn set_data(&mut self, data: E::Data) -> Result<(), ConfigError> {
        self.source = E::source(&self.config, &data)?;
        self.data = data;
        Ok(())
    }

    /// The same run on another device (e.g. the CPU after the GPU was lost): weights, step count
    /// and random streams carry over; the optimisers' moment estimates restart.
    pub fn to_device(&self, device: &Device) -> Self {
        let autodiff = device.clone().autodiff();
        let (opt_g, opt_d) = optimisers(&self.config.gan());
        Self {
            generator: Some(moved_to(self.generator().clone(), &autodiff)),
            critic: Some(moved_to(self.critic().clone(), &autodiff)),
            averaged: self.averaged.clone().map(|a| moved_to(a, device)),
            plain: device.clone(),
            device: autodiff,
            opt_g,
            opt_d,
            last_critic: None,
            ..self.clone()
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &E::Config {
        &self.config
    }

    /// The real data.
    pub fn data(&self) -> &E::Data {
        &self.data
    }

    /// Generator steps taken so far.
    pub fn generator_steps(&self) -> u64 {
        self.g_steps
    }

    /// The generator (on the autodiff device).
    pub fn generator(&self) -> &E::Generator {
        self.generator
            .as_ref()
            .expect("the generator is in place between steps")
    }

    /// The critic (on the autodiff device).
    pub fn critic(&self) -> &E::Critic {
        self.critic
            .as_ref()
            .expect("the critic is in place between steps")
    }

    /// The device training runs on (autodiff enabled).
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The plain device the run is on (without autodiff).
    pub fn plain_device(&self) -> &Device {
        &self.plain
    }

    /// The generator's weight average, while the run keeps one.
    pub fn averaged_generator(&self) -> Option<&E::Generator> {
        self.averaged.as_ref()
    }

    /// The generator that samples are drawn from: the average when the configuration shows it
    /// and keeps one, else the generator being trained (on the plain device).
    pub fn shown_generator(&self) -> E::Generator {
        match (&self.averaged, self.config.gan().averaged) {
            (Some(a), true) => a.clone(),
            _ => self.generator().valid(),
        }
    }

    /// G(z) for noise rows `z` (host values, `noise_dim` per row), on the plain device, from
    /// the [shown generator](Self::shown_generator).
    pub fn generate(&self, z: Vec<f32>) -> Tensor<2> {
        let generator = self.shown_generator();
        E::generate(
            &generator,
            tensor2(z, self.config.gan().noise_dim, &self.plain),
        )
    }

    /// Fixed display noise: `n` rows drawn from `seed`, independent of training.
    pub fn display_noise(&self, n: usize, seed: u64) -> Vec<f32> {
        Rng::new(seed).normals(n * self.config.gan().noise_dim)
    }

    fn real_batch(&mut self, n: usize) -> Tensor<2> {
        let data = E::real(&self.data, &self.source, n, &mut self.data_rng);
        tensor2(data, E::sample_dim(&self.config), &self.device)
    }

    fn noise(&mut self, n: usize) -> Tensor<2> {
        let dim = self.config.gan().noise_dim;
        tensor2(self.noise_rng.normals(n * dim), dim, &self.device)
    }

    /// A fake batch with no gradient path to the generator. In fixed-generator mode it is the
    /// real batch plus N(0, 1) noise, as in the reference script.
    fn fake_batch(&mut self, real: &Tensor<2>, gan: &GanSettings) -> Tensor<2> {
        if gan.fixed_generator {
            let dims = real.dims();
            let noise = self.noise_rng.normals(dims[0] * dims[1]);
            real.clone() + tensor2(noise, dims[1], &self.device)
        } else {
            let z = self.noise(gan.batch);
            E::generate(self.generator(), z).detach()
        }
    }

    fn critic_iteration(&mut self, gan: &GanSettings, want_layer_norms: bool) -> CriticOutcome {
        let real = self.real_batch(gan.batch);
        let fake = self.fake_batch(&real, gan);
        let alpha = alpha_column(&mut self.alpha_rng, gan.batch, &self.device);
        let (grads, loss) = self.critic_gradients(gan, real, fake, alpha);
        let layer_norms = want_layer_norms
            .then(|| {
                let norms: Vec<Tensor<1>> = E::reported_weights(self.critic())
                    .into_iter()
                    .map(|id| {
                        grads
                            .get::<2>(id)
                            .map(|g| g.square().sum().sqrt())
                            .unwrap_or_else(|| Tensor::zeros([1], &self.device))
                    })
                    .collect();
                (!norms.is_empty()).then(|| Tensor::cat(norms, 0))
            })
            .flatten();
        let critic = self.critic.take().expect("the critic is in place");
        let lr = gan.lr_d * gan.lr_factor(self.g_steps);
        let mut critic = self.opt_d.step(lr, critic, grads);
        if gan.loss == LossKind::WganClip {
            critic = E::clip(critic, gan.clip);
        }
        self.critic = Some(critic);
        CriticOutcome {
            w_estimate: loss.w_estimate.detach(),
            penalty: loss.penalty.detach(),
            loss: loss.loss.detach(),
            layer_norms,
        }
    }

    /// The critic's parameter gradients and loss terms on one batch: on one thread, or natively
    /// split in halves across two where asked ([`GanTrainer::split_critic_batch`]).
    fn critic_gradients(
        &self,
        gan: &GanSettings,
        real: Tensor<2>,
        fake: Tensor<2>,
        alpha: Tensor<2>,
    ) -> (GradientsParams, crate::loss::CriticLoss) {
        #[cfg(not(target_arch = "wasm32"))]
        if self.halves && crate::halves::splits(gan.batch) {
            return crate::halves::critic_gradients(
                self.critic(),
                gan.loss,
                real,
                fake,
                alpha,
                gan.lambda,
            );
        }
        let loss = critic_loss(gan.loss, self.critic(), real, fake, alpha, gan.lambda);
        (gradients_of(self.critic(), loss.loss.backward()), loss)
    }

    /// Natively, whether critic iterations split their batch across two threads (rayon's
    /// pool): it pays most where flex leaves the second core idle, below its parallel
    /// threshold, and costs nothing above it (see [`crate::halves`]). The run's data and random
    /// streams are unchanged; only float rounding differs. Without a second thread, for a batch
    /// under [`crate::halves::MIN_BATCH`] or an odd one, or in wasm, nothing changes.
    pub fn split_critic_batch(&mut self, on: bool) {
        self.halves = on;
    }

    /// One generator iteration; returns (loss, mean push length). In fixed-generator mode the
    /// generator does not move and both are zero.
    fn generator_iteration(&mut self, gan: &GanSettings) -> (Tensor<1>, Tensor<1>) {
        if gan.fixed_generator {
            let zero = Tensor::zeros([1], &self.device);
            return (zero.clone(), zero);
        }
        let z = self.noise(gan.batch);
        let (grads, loss, push) =
            generator_gradients::<E>(self.generator(), self.critic(), z, gan.loss);
        let generator = self.generator.take().expect("the generator is in place");
        let lr = gan.lr_g * gan.lr_factor(self.g_steps);
        let generator = self.opt_g.step(lr, generator, grads);
        if gan.ema > 0.0 {
            // Switched on mid-run, the average starts from the generator as it is now.
            let avg = self.averaged.take().unwrap_or_else(|| generator.valid());
            let beta = gan.ema_decay_at(self.g_steps);
            self.averaged = Some(crate::params::lerp_towards(avg, &generator, beta));
        }
        self.generator = Some(generator);
        (loss, push)
    }

    fn pack(&self, critic: &CriticOutcome, g_loss: Tensor<1>, g_push: Tensor<1>) -> StepStats {
        let mut parts = vec![
            critic.w_estimate.clone(),
            critic.penalty.clone(),
            critic.loss.clone(),
            g_loss,
            g_push,
        ];
        let layers = E::reported_weights(self.critic()).len();
        match &critic.layer_norms {
            Some(norms) => parts.push(norms.clone()),
            None if layers > 0 => parts.push(Tensor::zeros([layers], &self.device)),
            None => {}
        }
        StepStats {
            packed: Tensor::cat(parts, 0).inner(),
        }
    }

    fn zero_outcome(&self) -> CriticOutcome {
        let zero = Tensor::zeros([1], &self.device);
        CriticOutcome {
            w_estimate: zero.clone(),
            penalty: zero.clone(),
            loss: zero,
            layer_norms: None,
        }
    }

    /// One generator iteration preceded by its critic iterations.
    pub fn step(&mut self) -> StepStats {
        let gan = self.config.gan();
        let n = gan.critic_steps_at(self.g_steps);
        let mut last = None;
        for i in 0..n {
            last = Some(self.critic_iteration(&gan, i + 1 == n));
        }
        let critic = last.expect("n_critic ≥ 1 is validated");
        let (g_loss, g_push) = self.generator_iteration(&gan);
        self.g_steps += 1;
        let stats = self.pack(&critic, g_loss, g_push);
        self.last_critic = Some(critic);
        stats
    }

    /// One critic iteration alone ("step D only").
    pub fn step_critic(&mut self) -> StepStats {
        let gan = self.config.gan();
        let critic = self.critic_iteration(&gan, true);
        let zero = Tensor::zeros([1], &self.device);
        let stats = self.pack(&critic, zero.clone(), zero);
        self.last_critic = Some(critic);
        stats
    }

    /// One generator iteration alone ("step G only"); the critic figures are the last ones.
    pub fn step_generator(&mut self) -> StepStats {
        let gan = self.config.gan();
        let (g_loss, g_push) = self.generator_iteration(&gan);
        self.g_steps += 1;
        let critic = self
            .last_critic
            .take()
            .unwrap_or_else(|| self.zero_outcome());
        let stats = self.pack(&critic, g_loss, g_push);
        self.last_critic = Some(critic);
        stats
    }

    /// Sets every critic parameter to NaN, as an overflowing step would (the protocol's
    /// `InjectNan` test hook): the next step's statistics are NaN, and the session's divergence
    /// path runs for real.
    pub fn inject_nan(&mut self) {
        let critic = self.critic.take().expect("the critic is in place");
        let values: Vec<HostTensor> = host_parameters(&critic)
            .into_iter()
            .map(|t| HostTensor {
                values: vec![f32::NAN; t.values.len()],
                shape: t.shape,
            })
            .collect();
        let spoiled =
            load_parameters(critic, &values, &self.device).expect("the critic's own shapes fit it");
        self.critic = Some(spoiled);
    }

    /// Both networks as one module (generator, then critic): what a weights file records.
    fn pair(&self) -> Pair<E::Generator, E::Critic> {
        Pair {
            generator: self.generator().clone(),
            critic: self.critic().clone(),
            averaged: self.averaged.clone(),
        }
    }

    /// Every parameter with its shape (generator, then critic), still on the device, in
    /// weights-file order, for reading back (synchronously natively, asynchronously on WebGPU)
    /// into [`GanTrainer::weights_file`].
    pub fn weight_tensors(&self) -> Vec<(Vec<usize>, Tensor<1>)> {
        flat_parameters(&self.pair())
    }

    /// The weights file (a burn record, see [`earthmover_core::share::weights`]) for values
    /// read back from [`GanTrainer::weight_tensors`].
    pub fn weights_file(&self, values: &[HostTensor]) -> Result<Vec<u8>, String> {
        let meta = Meta {
            config: self.config.clone(),
            step: self.g_steps,
        };
        // The run's own networks lend the record its structure; their tensors are not read.
        record::encode(self.pair(), values, E::Config::WEIGHTS_KIND, &meta)
    }

    /// The weights file, read back at once (native code and the CPU backend).
    pub fn weights_file_blocking(&self) -> Result<Vec<u8>, String> {
        self.weights_file(&host_parameters(&self.pair()))
    }

    /// A run continuing from a weights file: the file's configuration, its networks and step,
    /// `data` as the data, on `device`; the optimisers' moment estimates restart. A file that
    /// fails any check (kind, settings, names, shapes, finiteness) builds nothing.
    pub fn from_weights_file(
        bytes: &[u8],
        data: E::Data,
        device: &Device,
    ) -> Result<Self, WeightsProblem> {
        let meta = weights::read::<E::Config>(bytes)?;
        let shell = |averaged: bool| {
            let (mut g_rng, mut d_rng) = (Rng::new(0), Rng::new(0));
            let (g, d) = E::networks(&meta.config, &mut g_rng, &mut d_rng, &record_device());
            Pair {
                averaged: averaged.then(|| g.clone()),
                generator: g,
                critic: d,
            }
        };
        let keeps_average = meta.config.gan().ema > 0.0;
        // A file from before the weight average has none: its average starts as its generator.
        let (values, has_average) = match record::decode(shell(keeps_average), bytes) {
            Ok(values) => (values, keeps_average),
            Err(WeightsProblem::DoesNotFit(_)) if keeps_average => {
                (record::decode(shell(false), bytes)?, false)
            }
            Err(e) => return Err(e),
        };
        let mut t = Self::new(meta.config, data, device).map_err(|e| WeightsProblem::Invalid {
            field: e.field.into(),
            problem: e.problem,
        })?;
        let mut pair = t.pair();
        if !has_average {
            pair.averaged = None;
        }
        let pair = load_parameters(pair, &values, &t.device).map_err(WeightsProblem::DoesNotFit)?;
        t.averaged = match pair.averaged {
            Some(a) => Some(a.valid()),
            None if keeps_average => Some(pair.generator.valid()),
            None => None,
        };
        t.generator = Some(pair.generator);
        t.critic = Some(pair.critic);
        t.g_steps = meta.step;
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Mlp;
    use crate::to_host;
    use crate::toy::Toy2d;
    use earthmover_core::config::Activation;

    #[test]
    fn split_backward_gives_the_same_generator_gradient_as_a_direct_one() {
        let device = Device::flex().autodiff();
        let mut rng = Rng::new(3);
        let g = Mlp::new(2, 16, 2, 2, Activation::Tanh, &mut rng, &device);
        let d = Mlp::new(2, 16, 2, 1, Activation::LeakyRelu, &mut rng, &device);
        for kind in LossKind::ALL {
            let z = tensor2(rng.normals(64), 2, &device);
            let (split, loss, push) = generator_gradients::<Toy2d>(&g, &d, z.clone(), kind);
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
