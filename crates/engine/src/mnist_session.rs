//! A live MNIST run: what the worker owns after an [`ToWorker::MnistReset`].
//!
//! The same shape as [`crate::session::Session`]: time-boxed training ticks, snapshots whose
//! device work is issued first and read back asynchronously (WebGPU), a checkpoint of the last
//! finite state restored on divergence, and weights read back on request. Native tests drive it
//! exactly as the worker does.

use std::sync::Arc;

use burn::tensor::{Device, Tensor};

use crate::StepStats;
use crate::mnist::MnistTrainer;
use crate::mnist::classifier::{Classifier, argmax_rows};
use crate::params::{host_parameters_async, read_async as read};
use crate::session::Pace;
use earthmover_core::mnist::MnistConfig;
use earthmover_core::share::mnist::{Digits, verify};
use earthmover_protocol::{
    Backend, FromWorker, MNIST_CLASSIFIED, MNIST_GRID, MNIST_STRIP, MnistSnapshot, StepKind,
    ToWorker,
};

/// Fixed display noise: the grid and the histogram use the same draws every snapshot.
const GRID_SEED: u64 = 0xD161;
/// The interpolation strip's two end points.
const STRIP_SEEDS: (u64, u64) = (0x5791, 0x5792);

/// The MNIST training state the worker owns.
pub struct MnistSession {
    trainer: MnistTrainer,
    checkpoint: MnistTrainer,
    classifier: Option<Classifier>,
    backend: Backend,
    pace: Pace,
    last_stats: Option<StepStats>,
}

/// Read-backs in flight for an MNIST snapshot.
pub struct PendingMnistSnapshot {
    images: Tensor<2>,
    logits: Option<Tensor<2>>,
    stats: Option<StepStats>,
    header: MnistSnapshot,
}

/// An MNIST weights file being read back.
pub struct PendingMnistWeights {
    tensors: Vec<(Vec<usize>, Tensor<1>)>,
    trainer: MnistTrainer,
}

impl PendingMnistWeights {
    /// The step and the weights file's bytes.
    pub async fn resolve(self) -> (u64, Result<Vec<u8>, String>) {
        let values = host_parameters_async(self.tensors).await;
        (
            self.trainer.generator_steps(),
            self.trainer.weights_file(&values),
        )
    }
}

impl PendingMnistSnapshot {
    /// Awaits the read-backs and assembles the snapshot.
    pub async fn resolve(self) -> MnistSnapshot {
        let mut s = self.header;
        if let Some(stats) = self.stats {
            s.stats = stats.read_async().await;
        }
        let images = read(self.images).await;
        // NaN (a diverged generator) maps to 0 here; `check` looks at the statistics.
        s.images = images
            .iter()
            .map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8)
            .collect();
        if let Some(logits) = self.logits {
            s.labels = argmax_rows(&read(logits).await);
        }
        s
    }
}

/// `n` noise rows evenly spaced on the straight line between two noise vectors.
fn strip_noise(a: &[f32], b: &[f32], n: usize) -> Vec<f32> {
    (0..n)
        .flat_map(|i| {
            let t = i as f32 / (n - 1) as f32;
            a.iter().zip(b).map(move |(x, y)| x + (y - x) * t)
        })
        .collect()
}

impl MnistSession {
    /// A run on `device` from the asset's bytes (verified here again: the worker trusts nothing
    /// it is sent).
    pub fn new(
        config: MnistConfig,
        asset: &[u8],
        device: &Device,
        backend: Backend,
    ) -> Result<Self, String> {
        let digits = Arc::new(verify(asset)?);
        Self::from_digits(config, digits, device, backend)
    }

    /// A run on already decoded digits.
    pub fn from_digits(
        config: MnistConfig,
        digits: Arc<Digits>,
        device: &Device,
        backend: Backend,
    ) -> Result<Self, String> {
        let trainer = MnistTrainer::new(config, digits, device).map_err(|e| e.to_string())?;
        Ok(Self {
            checkpoint: trainer.clone(),
            trainer,
            // Without the classifier the tab still trains and draws; only the histogram is empty.
            classifier: Classifier::committed(device).ok(),
            backend,
            pace: Pace::new(4000.0),
            last_stats: None,
        })
    }

    pub fn trainer(&self) -> &MnistTrainer {
        &self.trainer
    }

    pub fn playing(&self) -> bool {
        self.pace.playing
    }

    /// Continues on another device and backend.
    pub fn move_to(&mut self, device: &Device, backend: Backend) {
        self.trainer = self.trainer.to_device(device);
        self.checkpoint = self.trainer.clone();
        self.classifier = Classifier::committed(device).ok();
        self.backend = backend;
        self.last_stats = None;
        self.pace.restart();
    }

    fn restart(&mut self, trainer: MnistTrainer) {
        self.checkpoint = trainer.clone();
        self.trainer = trainer;
        self.pace.restart();
        self.last_stats = None;
    }

    /// Applies one command; returns a message when it is refused.
    pub fn handle(&mut self, msg: ToWorker) -> Option<FromWorker> {
        let refuse = |e: String| Some(FromWorker::Rejected(e));
        match msg {
            ToWorker::MnistReset { config, asset } => {
                // An empty asset means "same digits": the page need not resend 2 MB per reset.
                let digits = if asset.is_empty() {
                    Ok(self.trainer.digits().clone())
                } else {
                    verify(&asset).map(Arc::new)
                };
                let device = self.trainer.plain_device().clone();
                match digits
                    .and_then(|d| MnistTrainer::new(config, d, &device).map_err(|e| e.to_string()))
                {
                    Ok(t) => self.restart(t),
                    Err(e) => return refuse(e),
                }
            }
            ToWorker::MnistConfigure(config) => {
                if let Err(e) = self.trainer.reconfigure(config) {
                    return refuse(e.to_string());
                }
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
                // The file's own settings rebuild the run on the same digits; a bad file
                // changes nothing.
                let digits = self.trainer.digits().clone();
                let device = self.trainer.plain_device().clone();
                return Some(
                    match MnistTrainer::from_weights_file(&bytes, digits, &device) {
                        Ok(t) => {
                            self.restart(t);
                            FromWorker::WeightsLoaded {
                                step: self.trainer.generator_steps(),
                            }
                        }
                        Err(e) => FromWorker::WeightsRefused(e),
                    },
                );
            }
            ToWorker::Reset { .. } | ToWorker::Configure(_) | ToWorker::SetData(_) => {
                return refuse("this worker trains MNIST; toy runs need their own worker".into());
            }
            ToWorker::InjectNan => self.trainer.inject_nan(),
            ToWorker::UseBackend(_) | ToWorker::ExportWeights(_) | ToWorker::SimulateFailure => {}
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

    /// Starts reading the weights back.
    pub fn prepare_weights(&self) -> PendingMnistWeights {
        PendingMnistWeights {
            tensors: self.trainer.weight_tensors(),
            trainer: self.trainer.clone(),
        }
    }

    /// Issues the snapshot's device work: the grid, the strip and the classifier's logits.
    pub fn prepare_snapshot(&self) -> PendingMnistSnapshot {
        let t = &self.trainer;
        let grid = t.display_noise(MNIST_CLASSIFIED, GRID_SEED);
        let a = t.display_noise(1, STRIP_SEEDS.0);
        let b = t.display_noise(1, STRIP_SEEDS.1);
        let classified = t.generate(grid);
        let strip = t.generate(strip_noise(&a, &b, MNIST_STRIP));
        let logits = self
            .classifier
            .as_ref()
            .map(|c| c.logits(classified.clone()));
        let images = Tensor::cat(vec![classified.narrow(0, 0, MNIST_GRID), strip], 0);
        PendingMnistSnapshot {
            images,
            logits,
            stats: self.last_stats.clone(),
            header: MnistSnapshot {
                step: t.generator_steps(),
                steps_per_s: self.pace.steps_per_s(),
                playing: self.pace.playing,
                backend: self.backend,
                stats: Default::default(),
                labels: vec![],
                images: vec![],
            },
        }
    }

    /// Keeps `snapshot`'s state as the checkpoint if its statistics are finite; otherwise
    /// restores the checkpoint, pauses and says so.
    pub fn check(&mut self, snapshot: &MnistSnapshot) -> Option<FromWorker> {
        if snapshot.is_finite() {
            self.checkpoint = self.trainer.clone();
            return None;
        }
        let step = snapshot.step;
        self.trainer = self.checkpoint.clone();
        self.pace.playing = false;
        self.last_stats = None;
        Some(FromWorker::Diverged {
            step,
            message: format!(
                "Training diverged at step {step}: a loss became NaN or infinite. Training is paused \
                 and the weights from step {} are restored; try a smaller learning rate.",
                self.trainer.generator_steps()
            ),
        })
    }
}
