//! A live training session: what the web worker owns.
//!
//! The worker is a single async task that owns one [`Session`] (so all GPU work of the model is
//! issued from one thread) and feeds it the page's [`ToWorker`] commands. The session trains in
//! time-boxed ticks and turns the model's state into a [`Snapshot`]: it first issues every device
//! computation (samples, arrows, critic surface, weights) and only then awaits their read-backs,
//! which WebGPU delivers asynchronously. Nothing here blocks, and nothing here is browser-specific,
//! so it is tested natively.

use burn::tensor::{Device, Tensor, TensorData};

use crate::StepStats;
use crate::Trainer;
use crate::loss::generator_push;
use crate::params::{host_parameters_async, read_async as read};
use crate::probes::{Grid, all_weights, critic_surface, histogram};
use burn::module::Module;
use earthmover_core::config::ConfigError;
use earthmover_core::config::TrainConfig;
use earthmover_core::data::Dataset;
use earthmover_core::metrics::emd::emd_2d;
use earthmover_core::metrics::modes::mode_report;
use earthmover_core::stats::Stats;
use earthmover_protocol::{
    Backend, FromWorker, MANIFOLD_RES, Snapshot, StepKind, Surface, ToWorker,
};

/// Fixed noise and real samples drawn for display, so successive snapshots are comparable.
const FAKE_SEED: u64 = 0xFA4E;
const REAL_SEED: u64 = 0x4EA1;
/// Samples drawn per snapshot.
pub const SNAPSHOT_SAMPLES: usize = 512;
/// Samples in the exact EMD (O(n³): 256 takes a few ms natively, ~20 ms in wasm).
pub const EMD_SAMPLES: usize = 256;
/// Surface grid points per side.
pub const SURFACE_RES: usize = 48;
/// Histogram bins for the critic's weights.
pub const WEIGHT_BINS: usize = 40;
/// Most generator steps per tick the speed control allows.
pub const MAX_SPEED: u32 = 1000;

/// Play state, speed and the steps/s window: what every kind of run paces its training with.
pub struct Pace {
    /// Whether training runs continuously.
    pub playing: bool,
    speed: u32,
    /// Recent (time ms, generator step) pairs for steps/s.
    rate_window: std::collections::VecDeque<(f64, u64)>,
    /// How far back steps/s looks, in ms.
    window_ms: f64,
}

impl Pace {
    /// Paused, 50 steps per tick at most, steps/s over the last `window_ms`.
    pub fn new(window_ms: f64) -> Self {
        Self {
            playing: false,
            speed: 50,
            rate_window: Default::default(),
            window_ms,
        }
    }

    /// Generator steps per tick at most (clamped to 1..=[`MAX_SPEED`]).
    pub fn set_speed(&mut self, s: u32) {
        self.speed = s.clamp(1, MAX_SPEED);
    }

    /// Forgets the rate history (a new run, or another device).
    pub fn restart(&mut self) {
        self.rate_window.clear();
    }

    /// While playing, calls `step` (one generator step; it returns the step count after it) up
    /// to `speed` times, stopping early once `budget_ms` of `now()` has passed (at least one
    /// step). Returns the steps taken.
    pub fn run(
        &mut self,
        budget_ms: f64,
        now: impl Fn() -> f64,
        mut step: impl FnMut() -> u64,
    ) -> u32 {
        if !self.playing {
            return 0;
        }
        let start = now();
        let (mut done, mut at) = (0, 0);
        while done < self.speed {
            at = step();
            done += 1;
            if now() - start >= budget_ms {
                break;
            }
        }
        let t = now();
        self.rate_window.push_back((t, at));
        while self.rate_window.len() > 2 && t - self.rate_window[0].0 > self.window_ms {
            self.rate_window.pop_front();
        }
        done
    }

    /// Generator steps per second over the window.
    pub fn steps_per_s(&self) -> f32 {
        match (self.rate_window.front(), self.rate_window.back()) {
            (Some(a), Some(b)) if b.0 > a.0 => ((b.1 - a.1) as f64 * 1000.0 / (b.0 - a.0)) as f32,
            _ => 0.0,
        }
    }
}

/// The training state the worker owns.
pub struct Session {
    trainer: Trainer,
    /// The last state whose statistics were all finite, restored on divergence.
    checkpoint: Trainer,
    backend: Backend,
    pace: Pace,
    extent: f32,
    /// The statistics of the last step taken, still on the device.
    last_stats: Option<StepStats>,
    /// The run a weights file just replaced, kept until the new run's first snapshot proves
    /// finite ([`Session::confirm_load`]): a file whose weights overflow on this data is refused
    /// and the student's run comes back unchanged.
    before_load: Option<Box<(Trainer, Trainer, Option<StepStats>)>>,
}

/// Weights being read back from the device.
pub struct PendingWeights {
    tensors: Vec<(Vec<usize>, Tensor<1>)>,
    trainer: Trainer,
}

impl PendingWeights {
    /// The weights file's bytes and the step they belong to.
    pub async fn resolve(self) -> (u64, Result<Vec<u8>, String>) {
        let values = host_parameters_async(self.tensors).await;
        let step = self.trainer.generator_steps();
        (step, self.trainer.weights_file(&values))
    }
}

/// The noise grid whose image is the generator manifold (see [`Snapshot::manifold`]).
fn manifold_noise(noise_dim: usize, device: &Device) -> Tensor<2> {
    let n = MANIFOLD_RES;
    let mut z = vec![0f32; n * n * noise_dim];
    for j in 0..n {
        for i in 0..n {
            let at = |k: usize| -2.0 + 4.0 * k as f32 / (n - 1) as f32;
            let row = &mut z[(j * n + i) * noise_dim..][..noise_dim];
            row[0] = at(i);
            if noise_dim > 1 {
                row[1] = at(j);
            }
        }
    }
    Tensor::from_data(TensorData::new(z, [n * n, noise_dim]), device)
}

/// Read-backs still in flight for a snapshot.
pub struct PendingSnapshot {
    fake: Tensor<2>,
    /// None in fixed-generator mode: no generator moves, so there are no arrows and no manifold.
    manifold: Option<Tensor<2>>,
    arrows: Option<Tensor<2>>,
    values: Tensor<1>,
    grad_norms: Tensor<1>,
    weights: Tensor<1>,
    stats: Option<StepStats>,
    real: Vec<f32>,
    header: Snapshot,
    sigmoid: bool,
    modes: Option<earthmover_core::data::Modes>,
    with_emd: bool,
}

/// Half the side of the square the plots show: the data's extent plus a margin.
fn plot_extent(data: &Dataset) -> f32 {
    let pts = data.sample(1024, &mut earthmover_core::rng::Rng::new(REAL_SEED));
    let max = pts.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    (max * 1.4).clamp(1.0, 100.0)
}

impl Session {
    /// A new session on `device`.
    pub fn new(
        config: TrainConfig,
        data: Dataset,
        device: &Device,
        backend: Backend,
    ) -> Result<Self, ConfigError> {
        let extent = plot_extent(&data);
        let trainer = Trainer::new(config, data, device)?;
        Ok(Self {
            checkpoint: trainer.clone(),
            trainer,
            backend,
            pace: Pace::new(2000.0),
            extent,
            last_stats: None,
            before_load: None,
        })
    }

    /// Continue the run on another device and backend (see [`Trainer::to_device`]).
    pub fn move_to(&mut self, device: &Device, backend: Backend) {
        self.trainer = self.trainer.to_device(device);
        self.checkpoint = self.trainer.clone();
        self.backend = backend;
        self.last_stats = None;
        self.pace.restart();
    }

    /// The trainer.
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// Whether training runs continuously.
    pub fn playing(&self) -> bool {
        self.pace.playing
    }

    /// Applies one command. Returns a message for the page when the command is refused.
    pub fn handle(&mut self, msg: ToWorker) -> Option<FromWorker> {
        match msg {
            ToWorker::Reset { config, data } => {
                let device = self.trainer.device().clone().inner();
                match Trainer::new(config, data.clone(), &device) {
                    Ok(t) => {
                        self.extent = plot_extent(&data);
                        self.checkpoint = t.clone();
                        self.trainer = t;
                        self.pace.restart();
                        self.last_stats = None;
                    }
                    Err(e) => return Some(FromWorker::Rejected(e.to_string())),
                }
            }
            ToWorker::Configure(config) => {
                if let Err(e) = self.trainer.reconfigure(config) {
                    return Some(FromWorker::Rejected(e.to_string()));
                }
            }
            ToWorker::SetData(data) => {
                self.extent = plot_extent(&data);
                self.trainer.set_dataset(data);
            }
            ToWorker::Play => self.pace.playing = true,
            ToWorker::Pause => self.pace.playing = false,
            ToWorker::Step(kind) => {
                self.pace.playing = false;
                self.last_stats = Some(match kind {
                    StepKind::Critic => self.trainer.step_critic(),
                    StepKind::Generator => self.trainer.step_generator(),
                    StepKind::Both => self.trainer.step(),
                });
            }
            ToWorker::Speed(s) => self.pace.set_speed(s),
            ToWorker::LoadWeights { bytes } => {
                // The file's own settings rebuild the run, keeping the data; a bad file
                // changes nothing.
                let device = self.trainer.device().clone().inner();
                let data = self.trainer.dataset().clone();
                return Some(match Trainer::from_weights_file(&bytes, data, &device) {
                    Ok(t) => {
                        let checkpoint = std::mem::replace(&mut self.checkpoint, t.clone());
                        let trainer = std::mem::replace(&mut self.trainer, t);
                        let stats = self.last_stats.take();
                        self.before_load = Some(Box::new((trainer, checkpoint, stats)));
                        self.pace.restart();
                        FromWorker::WeightsLoaded {
                            step: self.trainer.generator_steps(),
                        }
                    }
                    Err(e) => FromWorker::WeightsRefused(e),
                });
            }
            // Handled by the worker, which owns the devices and the async read-backs.
            ToWorker::InjectNan => self.trainer.inject_nan(),
            ToWorker::UseBackend(_) | ToWorker::ExportWeights(_) | ToWorker::SimulateFailure => {}
            ToWorker::MnistReset { .. } | ToWorker::MnistConfigure(_) => {
                return Some(FromWorker::Rejected(
                    "this worker trains toy data; MNIST runs need their own worker".into(),
                ));
            }
        }
        None
    }

    /// Trains while playing, for at most `budget_ms` (see [`Pace::run`]).
    pub fn train(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> u32 {
        let (trainer, last) = (&mut self.trainer, &mut self.last_stats);
        self.pace.run(budget_ms, now, || {
            *last = Some(trainer.step());
            trainer.generator_steps()
        })
    }

    /// Starts reading the weights back; await [`PendingWeights::resolve`] for the file's bytes.
    pub fn prepare_weights(&self) -> PendingWeights {
        PendingWeights {
            tensors: self.trainer.weight_tensors(),
            trainer: self.trainer.clone(),
        }
    }

    /// Issues every device computation a snapshot needs; `with_emd` adds the exact EMD (costly).
    pub fn prepare_snapshot(&mut self, with_emd: bool) -> PendingSnapshot {
        let config = self.trainer.config().clone();
        let stats = self.last_stats.clone();
        let fake = self.trainer.sample_fake(SNAPSHOT_SAMPLES, FAKE_SEED);
        let critic = self.trainer.critic().valid();
        let generator = self.trainer.generator().valid();
        let moving = !config.fixed_generator;
        let manifold = moving.then(|| {
            let noise = manifold_noise(config.noise_dim, &self.trainer.device().clone().inner());
            generator.forward(noise)
        });
        let arrows = moving.then(|| generator_push(config.loss, &critic, fake.clone()));
        let (values, grad_norms) = critic_surface(&critic, &Grid::square(self.extent, SURFACE_RES));
        let data = self.trainer.dataset();
        PendingSnapshot {
            manifold,
            weights: all_weights(&critic),
            fake,
            arrows,
            values,
            grad_norms,
            stats,
            real: self.trainer.sample_real(SNAPSHOT_SAMPLES, REAL_SEED),
            sigmoid: !config.loss.is_wasserstein(),
            modes: data.modes(),
            with_emd,
            header: Snapshot {
                step: self.trainer.generator_steps(),
                steps_per_s: self.pace.steps_per_s(),
                playing: self.pace.playing,
                backend: self.backend,
                stats: Stats::default(),
                real: vec![],
                fake: vec![],
                arrows: vec![],
                surface: Surface {
                    extent: self.extent,
                    res: SURFACE_RES,
                    values: vec![],
                    grad_norms: vec![],
                },
                modes: None,
                emd: None,
                manifold: vec![],
                weight_hist: vec![],
                weight_range: if config.loss == earthmover_core::config::LossKind::WganClip {
                    config.clip as f32 * 1.25
                } else {
                    0.0
                },
            },
        }
    }

    /// After [`ToWorker::LoadWeights`] answered `WeightsLoaded`: keeps the new run if its first
    /// snapshot (`snapshot`, every number in it) is finite, else puts the run from before the
    /// load back. Returns the reply the page gets: the load, or its refusal.
    pub fn confirm_load(&mut self, loaded: FromWorker, snapshot: &Snapshot) -> FromWorker {
        let Some(before) = self.before_load.take() else {
            return loaded;
        };
        if snapshot.is_finite() {
            return loaded;
        }
        let (trainer, checkpoint, stats) = *before;
        self.trainer = trainer;
        self.checkpoint = checkpoint;
        self.last_stats = stats;
        self.pace.restart();
        FromWorker::WeightsRefused(
            "its weights give NaN or infinite values on this data (the file is damaged, or its numbers are too large)"
                .into(),
        )
    }

    /// Records that `snapshot` was finite (a checkpoint), or restores the last checkpoint and
    /// pauses if it was not. Returns the divergence message in that case. Every number counts,
    /// the critic's surface and the arrows too: one NaN there would reach the page as JSON
    /// `null`, which it cannot read.
    pub fn check(&mut self, snapshot: &Snapshot) -> Option<FromWorker> {
        if snapshot.is_finite() {
            self.checkpoint = self.trainer.clone();
            None
        } else {
            let step = snapshot.step;
            self.trainer = self.checkpoint.clone();
            self.pace.playing = false;
            // The diverged step's statistics are NaN: the restored run has taken no step yet.
            // Kept, they would make every later snapshot diverge again.
            self.last_stats = None;
            Some(FromWorker::Diverged {
                step,
                message: format!(
                    "Training diverged at step {step}: a loss, a generated point or the critic's surface became NaN or infinite. \
                     Training is paused and the weights from step {} are restored; try smaller learning rates.",
                    self.trainer.generator_steps()
                ),
            })
        }
    }
}

impl PendingSnapshot {
    /// Awaits the read-backs and assembles the snapshot.
    pub async fn resolve(self) -> Snapshot {
        let mut s = self.header;
        if let Some(stats) = self.stats {
            s.stats = stats.read_async().await;
        }
        s.fake = read(self.fake).await;
        if let Some(arrows) = self.arrows {
            s.arrows = read(arrows).await;
        }
        if let Some(manifold) = self.manifold {
            s.manifold = read(manifold).await;
        }
        let mut values = read(self.values).await;
        if self.sigmoid {
            values
                .iter_mut()
                .for_each(|v| *v = 1.0 / (1.0 + (-*v).exp()));
        }
        s.surface.values = values;
        s.surface.grad_norms = read(self.grad_norms).await;
        let weights = read(self.weights).await;
        if s.weight_range == 0.0 {
            s.weight_range = weights.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
        }
        s.weight_hist = histogram(&weights, -s.weight_range, s.weight_range, WEIGHT_BINS);
        s.modes = self.modes.as_ref().map(|m| mode_report(&s.fake, m));
        if self.with_emd {
            let n = 2 * EMD_SAMPLES;
            s.emd = emd_2d(&self.real[..n], &s.fake[..n]).map(|a| a.w1);
        }
        s.real = self.real;
        s
    }
}
