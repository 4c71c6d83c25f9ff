//! A live training session: what the web worker owns, for any experiment.
//!
//! The worker is a single async task that owns one [`Session`] (so all GPU work of the model is
//! issued from one thread) and feeds it the page's [`ToWorker`] commands. The session trains in
//! time-boxed ticks and turns the model's state into a snapshot: it first issues every device
//! computation and only then awaits the read-backs, which WebGPU delivers asynchronously.
//! Nothing here blocks, and nothing here is browser-specific, so it is tested natively.
//!
//! Pacing, checkpoints, divergence and restore, weights export and load (kept only if the
//! loaded run's first snapshot is finite) and backend moves exist once, here. What a snapshot
//! holds is the experiment's ([`Live`]).

use std::future::Future;

use burn::tensor::{Device, Tensor};

use crate::StepStats;
use crate::experiment::Experiment;
use crate::params::host_parameters_async;
use crate::trainer::GanTrainer;
use earthmover_core::config::ConfigError;
use earthmover_protocol::{
    Backend, FromWorker, Refusal, Settings, Setup, StepKind, ToWorker, View,
};

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

/// What every snapshot says about the run, whatever the experiment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Header {
    pub step: u64,
    pub steps_per_s: f32,
    pub playing: bool,
    pub backend: Backend,
}

/// An experiment the worker can run live: how it reads its commands and what it shows.
pub trait Live: Experiment {
    /// What the session keeps for drawing (the plot's extent, the digit classifier, the last
    /// exact EMD), rebuilt whenever the run is.
    type Display;
    /// The snapshot the page draws.
    type Snapshot;
    /// A snapshot whose device read-backs are still in flight.
    type Pending;
    /// Steps/s looks this far back (ms): longer where a step is slow.
    const RATE_WINDOW_MS: f64;

    /// The configuration and data of a [`Setup`] for this experiment, or why not (another
    /// experiment's setup, a damaged asset). `current` is the data the run has now.
    fn setup(
        setup: Setup,
        current: Option<&Self::Data>,
    ) -> Result<(Self::Config, Self::Data), Refusal>;
    /// New settings, if they are this experiment's.
    fn settings(settings: Settings) -> Option<Self::Config>;
    /// New real points ([`ToWorker::SetData`]), if this experiment takes them.
    fn points(data: earthmover_core::data::Dataset) -> Option<Self::Data>;
    /// The display state for a (new) run on `device`.
    fn display(trainer: &GanTrainer<Self>, device: &Device) -> Self::Display;
    /// Issues the snapshot's device work. `extras`: also the costly parts (the exact EMD).
    fn prepare(
        trainer: &GanTrainer<Self>,
        display: &Self::Display,
        stats: Option<StepStats>,
        header: Header,
        extras: bool,
    ) -> Self::Pending;
    /// Awaits the read-backs.
    fn resolve(pending: Self::Pending) -> impl Future<Output = Self::Snapshot>;
    /// Carries what a cheap snapshot left out over from the last costly one, and remembers it.
    fn remember(_display: &mut Self::Display, _snapshot: &mut Self::Snapshot) {}
    /// The generator step a snapshot shows.
    fn step(snapshot: &Self::Snapshot) -> u64;
    /// Whether every number is finite: anything else is divergence (and JSON has no NaN).
    fn is_finite(snapshot: &Self::Snapshot) -> bool;
    /// The snapshot as the page receives it.
    fn view(snapshot: Self::Snapshot) -> View;
}

/// The run a weights file just replaced, kept until the new run's first snapshot proves finite.
struct BeforeLoad<E: Experiment> {
    trainer: GanTrainer<E>,
    checkpoint: GanTrainer<E>,
    stats: Option<StepStats>,
}

/// The training state the worker owns.
pub struct Session<E: Live> {
    trainer: GanTrainer<E>,
    /// The last state whose snapshot was all finite, restored on divergence.
    checkpoint: GanTrainer<E>,
    backend: Backend,
    pace: Pace,
    display: E::Display,
    /// The statistics of the last step taken, still on the device.
    last_stats: Option<StepStats>,
    /// See [`Session::confirm_load`]: a file whose weights overflow on this data is refused
    /// and the student's run comes back unchanged.
    before_load: Option<Box<BeforeLoad<E>>>,
}

/// Weights being read back from the device.
pub struct PendingWeights<E: Experiment> {
    tensors: Vec<(Vec<usize>, Tensor<1>)>,
    trainer: GanTrainer<E>,
}

impl<E: Experiment> PendingWeights<E> {
    /// The weights file's bytes and the step they belong to.
    pub async fn resolve(self) -> (u64, Result<Vec<u8>, String>) {
        let values = host_parameters_async(self.tensors).await;
        let step = self.trainer.generator_steps();
        (step, self.trainer.weights_file(&values))
    }
}

impl<E: Live> Session<E> {
    /// A new session on `device`.
    pub fn new(
        config: E::Config,
        data: E::Data,
        device: &Device,
        backend: Backend,
    ) -> Result<Self, ConfigError> {
        let trainer = GanTrainer::<E>::new(config, data, device)?;
        Ok(Self {
            display: E::display(&trainer, device),
            checkpoint: trainer.clone(),
            trainer,
            backend,
            pace: Pace::new(E::RATE_WINDOW_MS),
            last_stats: None,
            before_load: None,
        })
    }

    /// A new session from the page's [`Setup`], or why not.
    pub fn start(setup: Setup, device: &Device, backend: Backend) -> Result<Self, Refusal> {
        let (config, data) = E::setup(setup, None)?;
        Ok(Self::new(config, data, device, backend)?)
    }

    /// Continues the run on another device and backend (see [`GanTrainer::to_device`]).
    pub fn move_to(&mut self, device: &Device, backend: Backend) {
        self.trainer = self.trainer.to_device(device);
        self.restart_with(self.trainer.clone());
        self.backend = backend;
    }

    /// `trainer` becomes the run and its checkpoint; pacing and statistics start afresh.
    fn restart_with(&mut self, trainer: GanTrainer<E>) {
        self.display = E::display(&trainer, trainer.plain_device());
        self.checkpoint = trainer.clone();
        self.trainer = trainer;
        self.pace.restart();
        self.last_stats = None;
    }

    /// The trainer.
    pub fn trainer(&self) -> &GanTrainer<E> {
        &self.trainer
    }

    /// Whether training runs continuously.
    pub fn playing(&self) -> bool {
        self.pace.playing
    }

    /// Applies one command. Returns a message for the page when the command is refused, or
    /// when it has a reply (a weights file loaded or refused).
    pub fn handle(&mut self, msg: ToWorker) -> Option<FromWorker> {
        let refuse = |e: Refusal| Some(FromWorker::Rejected(e));
        let device = self.trainer.plain_device().clone();
        match msg {
            ToWorker::Reset(setup) => {
                let started = E::setup(setup, Some(self.trainer.data()))
                    .and_then(|(c, d)| Ok(GanTrainer::<E>::new(c, d, &device)?));
                match started {
                    Ok(t) => self.restart_with(t),
                    Err(e) => return refuse(e),
                }
            }
            ToWorker::Configure(settings) => {
                let Some(config) = E::settings(settings) else {
                    return refuse(Refusal::OtherExperiment);
                };
                if let Err(e) = self.trainer.reconfigure(config) {
                    return refuse(e.into());
                }
            }
            ToWorker::SetData(points) => {
                let Some(data) = E::points(points) else {
                    return refuse(Refusal::NoPoints);
                };
                if let Err(e) = self.trainer.set_data(data) {
                    return refuse(e.into());
                }
                self.display = E::display(&self.trainer, &device);
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
                let data = self.trainer.data().clone();
                return Some(
                    match GanTrainer::<E>::from_weights_file(&bytes, data, &device) {
                        Ok(t) => {
                            let before = BeforeLoad {
                                trainer: self.trainer.clone(),
                                checkpoint: self.checkpoint.clone(),
                                stats: self.last_stats.take(),
                            };
                            self.restart_with(t);
                            self.before_load = Some(Box::new(before));
                            FromWorker::WeightsLoaded {
                                step: self.trainer.generator_steps(),
                            }
                        }
                        Err(e) => FromWorker::WeightsRefused(Refusal::WeightsFile(e)),
                    },
                );
            }
            ToWorker::InjectNan => self.trainer.inject_nan(),
            // Handled by the worker, which owns the devices and the async read-backs.
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

    /// Starts reading the weights back; await [`PendingWeights::resolve`] for the file's bytes.
    pub fn prepare_weights(&self) -> PendingWeights<E> {
        PendingWeights {
            tensors: self.trainer.weight_tensors(),
            trainer: self.trainer.clone(),
        }
    }

    /// Issues every device computation a snapshot needs; `extras` adds the costly parts.
    pub fn prepare_snapshot(&self, extras: bool) -> E::Pending {
        let header = Header {
            step: self.trainer.generator_steps(),
            steps_per_s: self.pace.steps_per_s(),
            playing: self.pace.playing,
            backend: self.backend,
        };
        E::prepare(
            &self.trainer,
            &self.display,
            self.last_stats.clone(),
            header,
            extras,
        )
    }

    /// A snapshot of the run now, read back (what the worker posts after each tick).
    pub async fn snapshot(&mut self, extras: bool) -> E::Snapshot {
        let mut snap = E::resolve(self.prepare_snapshot(extras)).await;
        E::remember(&mut self.display, &mut snap);
        snap
    }

    /// After [`ToWorker::LoadWeights`] answered `WeightsLoaded`: keeps the new run if its first
    /// snapshot (`snapshot`, every number in it) is finite, else puts the run from before the
    /// load back. Returns the reply the page gets: the load, or its refusal.
    pub fn confirm_load(&mut self, loaded: FromWorker, snapshot: &E::Snapshot) -> FromWorker {
        let Some(before) = self.before_load.take() else {
            return loaded;
        };
        if E::is_finite(snapshot) {
            return loaded;
        }
        let BeforeLoad {
            trainer,
            checkpoint,
            stats,
        } = *before;
        self.display = E::display(&trainer, trainer.plain_device());
        self.trainer = trainer;
        self.checkpoint = checkpoint;
        self.last_stats = stats;
        self.pace.restart();
        FromWorker::WeightsRefused(Refusal::WeightsOverflow)
    }

    /// Records that `snapshot` was finite (a checkpoint), or restores the last checkpoint and
    /// pauses if it was not. Returns the divergence message in that case. Every number counts:
    /// one NaN would reach the page as JSON `null`, which it cannot read.
    pub fn check(&mut self, snapshot: &E::Snapshot) -> Option<FromWorker> {
        if E::is_finite(snapshot) {
            self.checkpoint = self.trainer.clone();
            return None;
        }
        self.trainer = self.checkpoint.clone();
        self.pace.playing = false;
        // The diverged step's statistics are NaN: the restored run has taken no step yet.
        // Kept, they would make every later snapshot diverge again.
        self.last_stats = None;
        Some(FromWorker::Diverged {
            step: E::step(snapshot),
            restored: self.trainer.generator_steps(),
        })
    }
}
