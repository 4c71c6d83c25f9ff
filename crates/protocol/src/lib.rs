//! The one message protocol between the page (main thread) and the training worker.
//!
//! The page only ever sends [`ToWorker`] and receives [`FromWorker`]; the worker owns the model,
//! its optimisers and the GPU device, so every GPU command of a model is issued from one thread
//! (burn/cubecl order work by thread). Everything here is plain data (no burn), so the page's
//! wasm stays small.

use earthmover_core::share::mnist::AssetProblem;
use earthmover_core::share::record_meta::WeightsProblem;
use serde::{Deserialize, Serialize};

use earthmover_core::config::{ConfigError, ConfigProblem, TrainConfig};
use earthmover_core::data::Dataset;
use earthmover_core::line::{LineConfig, Mixture};
use earthmover_core::metrics::modes::ModeReport;
use earthmover_core::mnist::MnistConfig;
use earthmover_core::stats::Stats;

earthmover_core::spelled_enum! {
    "lowercase";
    /// Which tensor backend the worker trains on. Spelled `webgpu` and `cpu` in links and JSON.
    pub enum Backend {
        /// burn's WebGPU backend on the browser's GPU adapter.
        WebGpu,
        /// burn's pure-Rust CPU backend (flex, wasm simd128).
        Cpu,
    }
}

impl Backend {
    /// The badge text.
    pub fn label(self) -> &'static str {
        match self {
            Backend::WebGpu => "WebGPU",
            Backend::Cpu => "CPU",
        }
    }
}

/// What one step command advances.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepKind {
    /// One critic iteration.
    Critic,
    /// One generator iteration.
    Generator,
    /// n_critic critic iterations, then one generator iteration.
    Both,
}

/// A run to start: which experiment, its configuration (validated by the worker again) and
/// its data. A worker trains one experiment; the page starts one worker per tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Setup {
    /// Points in the plane (the Lab, the Race).
    Toy { config: TrainConfig, data: Dataset },
    /// MNIST digits. The asset's bytes (see [`earthmover_core::share::mnist`]) travel beside
    /// the JSON and the worker verifies them again; empty bytes mean the digits it already has,
    /// so a reset need not resend 2 MB.
    Mnist {
        config: MnistConfig,
        #[serde(skip)]
        asset: Vec<u8>,
    },
    /// A mixture of Gaussians on a line (the 1D lab).
    Line { config: LineConfig, data: Mixture },
}

/// New hyperparameters for the live run, of its experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Settings {
    Toy(TrainConfig),
    Mnist(MnistConfig),
    Line(LineConfig),
}

/// Commands from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Start (or restart) a run from the seed: new networks, step 0.
    Reset(Setup),
    /// Change hyperparameters of the live run (see `GanTrainer::reconfigure`).
    Configure(Settings),
    /// Replace the real points of the live toy run.
    SetData(Dataset),
    /// Train continuously until paused.
    Play,
    /// Stop training; the run stays.
    Pause,
    /// Advance by one step of the given kind (while paused).
    Step(StepKind),
    /// Generator steps per worker tick at most (1..=1000); the tick also has a time budget.
    Speed(u32),
    /// Switch backend, carrying the weights over.
    UseBackend(Backend),
    /// Send the current weights back as [`FromWorker::Weights`].
    ExportWeights(WeightsPurpose),
    /// Continue from a weights file (a burn record, see [`earthmover_core::share::weights`]): the worker
    /// rebuilds the run with the file's own settings, keeping the data, and answers
    /// [`FromWorker::WeightsLoaded`] or, leaving the run as it was, [`FromWorker::WeightsRefused`].
    /// The bytes travel beside the JSON.
    LoadWeights {
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    /// Test hook: stop the worker the way a lost GPU device does (a panic, which kills a wasm
    /// worker), so the page's recovery path can be exercised in a browser without a GPU.
    SimulateFailure,
    /// Test hook: set every critic weight to NaN, as an overflowing step would, so a test can
    /// drive the divergence path of any experiment without hunting for unstable settings.
    InjectNan,
}

/// Why weights are sent to the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WeightsPurpose {
    /// The student asked to save them.
    Export,
    /// A periodic checkpoint while on WebGPU: the page restarts from it on the CPU if the GPU
    /// worker dies.
    Checkpoint,
}

/// Messages that carry a weights file send it as a second part, bytes beside the JSON text (a
/// JSON array of numbers would be several times larger and slow to parse on the page's thread).
pub trait Payload {
    /// The bytes to send beside the JSON, if any.
    fn payload(&self) -> Option<&[u8]>;
    /// Puts received bytes back into the message.
    fn set_payload(&mut self, bytes: Vec<u8>);
}

impl Payload for ToWorker {
    fn payload(&self) -> Option<&[u8]> {
        match self {
            ToWorker::LoadWeights { bytes } => Some(bytes),
            ToWorker::Reset(Setup::Mnist { asset, .. }) => Some(asset),
            _ => None,
        }
    }

    fn set_payload(&mut self, b: Vec<u8>) {
        match self {
            ToWorker::LoadWeights { bytes } => *bytes = b,
            ToWorker::Reset(Setup::Mnist { asset, .. }) => *asset = b,
            _ => {}
        }
    }
}

impl Payload for FromWorker {
    fn payload(&self) -> Option<&[u8]> {
        match self {
            FromWorker::Weights { bytes, .. } => Some(bytes),
            FromWorker::Snapshot(View::Mnist(s)) => Some(&s.images),
            _ => None,
        }
    }

    fn set_payload(&mut self, b: Vec<u8>) {
        match self {
            FromWorker::Weights { bytes, .. } => *bytes = b,
            FromWorker::Snapshot(View::Mnist(s)) => s.images = b,
            _ => {}
        }
    }
}

/// Grid lines per side of the generator manifold.
pub const MANIFOLD_RES: usize = 15;

/// The critic's surface on a square grid [−extent, extent]², row by row from the bottom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// Half the side of the square.
    pub extent: f32,
    /// Points per side.
    pub res: usize,
    /// D(x) (for the BCE losses, the probability sigmoid(D(x))).
    pub values: Vec<f32>,
    /// ‖∇ₓD(x)‖.
    pub grad_norms: Vec<f32>,
}

/// What the page draws, sent at a few tens of hertz while training and after every command.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Generator steps so far.
    pub step: u64,
    /// Generator steps per second over the last ticks.
    pub steps_per_s: f32,
    /// Whether the worker is training continuously.
    pub playing: bool,
    /// The backend in use.
    pub backend: Backend,
    /// The last step's statistics (W estimate, GP term, losses, push, per-layer norms).
    pub stats: Stats,
    /// Real samples, flat [x, y, …].
    pub real: Vec<f32>,
    /// Generated samples from fixed noise, flat.
    pub fake: Vec<f32>,
    /// −∂L_G/∂x at each fake sample, flat, per sample.
    pub arrows: Vec<f32>,
    /// The critic's value and gradient-norm maps.
    pub surface: Surface,
    /// Mode coverage of the fake samples, where the data has modes.
    pub modes: Option<ModeReport>,
    /// Exact W1 between the real and fake samples.
    pub emd: Option<f64>,
    /// The generator manifold: G applied to a [`MANIFOLD_RES`]² grid of noise over
    /// [−2, 2]² in the first two noise coordinates (the others 0), flat [x, y, …] row by row.
    #[serde(default)]
    pub manifold: Vec<f32>,
    /// Histogram of critic weights over [−weight_range, weight_range].
    pub weight_hist: Vec<u32>,
    /// The histogram's half range.
    pub weight_range: f32,
    /// With weight clipping: the share of critic weights within 1 % of ±c (where clipping
    /// piles them up; the WGAN-GP paper's Figure 1(b)).
    pub clip_share: Option<f32>,
    /// The gradient penalty's own promise, measured: the mean |‖∇D(x̂)‖ − 1| over 256 fixed
    /// interpolates of the snapshot's real and generated samples (0: the critic's slope is
    /// exactly 1 where WGAN-GP asks it to be).
    #[serde(default)]
    pub gp_gap: Option<f32>,
}

impl Snapshot {
    /// Whether every number in it is finite. A NaN or ∞ anywhere means the run diverged (or a
    /// loaded file's weights overflow on this data), and the page could not read it anyway: JSON
    /// has no NaN or ∞, so serde_json writes `null`, which does not decode as a number.
    pub fn is_finite(&self) -> bool {
        let s = &self.stats;
        let scalars = [self.steps_per_s, self.surface.extent, self.weight_range];
        let arrays = [
            &self.real,
            &self.fake,
            &self.arrows,
            &self.surface.values,
            &self.surface.grad_norms,
            &self.manifold,
        ];
        let modes_ok = self.modes.as_ref().is_none_or(|m| {
            m.high_quality.is_finite() && m.kl_to_uniform.is_none_or(f64::is_finite)
        });
        s.is_finite()
            && scalars.iter().all(|v| v.is_finite())
            && arrays.iter().all(|a| a.iter().all(|v| v.is_finite()))
            && modes_ok
            && self.emd.is_none_or(f64::is_finite)
            && self.clip_share.is_none_or(f32::is_finite)
            && self.gp_gap.is_none_or(f32::is_finite)
    }
}

/// Digits in the MNIST tab's grid (8×8), from fixed noise.
pub const MNIST_GRID: usize = 64;
/// Digits in the latent interpolation strip.
pub const MNIST_STRIP: usize = 10;
/// Generated digits the classifier labels for the class histogram (from fixed noise).
pub const MNIST_CLASSIFIED: usize = 256;

/// What the MNIST tab draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MnistSnapshot {
    pub step: u64,
    pub steps_per_s: f32,
    pub playing: bool,
    pub backend: Backend,
    /// W estimate, GP term, critic and generator losses of the last step.
    pub stats: Stats,
    /// The classifier's label of each of [`MNIST_CLASSIFIED`] generated digits (empty if the
    /// classifier could not be loaded).
    pub labels: Vec<u8>,
    /// Whether the classifier is at least `READABLE_CONFIDENCE` sure of each label.
    #[serde(default)]
    pub confident: Vec<bool>,
    /// The grid's [`MNIST_GRID`] digits, then the strip's [`MNIST_STRIP`], 784 grey bytes each,
    /// row-major; they travel beside the JSON.
    #[serde(skip)]
    pub images: Vec<u8>,
}

impl MnistSnapshot {
    /// Whether every number in it is finite (the digits are bytes, always finite): as for
    /// [`Snapshot::is_finite`], a NaN means divergence, and the page could not read it.
    pub fn is_finite(&self) -> bool {
        self.stats.is_finite() && self.steps_per_s.is_finite()
    }
}

/// What a snapshot shows, by experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum View {
    Toy(Box<Snapshot>),
    Mnist(Box<MnistSnapshot>),
    Line(Box<LineSnapshot>),
}

/// What every experiment's snapshot says of its run: what the shared toolbar shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunStatus {
    pub step: u64,
    pub steps_per_s: f32,
    pub playing: bool,
    pub backend: Backend,
}

impl View {
    /// The run's step, pace, play state and backend, whichever experiment this shows.
    pub fn status(&self) -> RunStatus {
        let (step, steps_per_s, playing, backend) = match self {
            View::Toy(s) => (s.step, s.steps_per_s, s.playing, s.backend),
            View::Mnist(s) => (s.step, s.steps_per_s, s.playing, s.backend),
            View::Line(s) => (s.step, s.steps_per_s, s.playing, s.backend),
        };
        RunStatus {
            step,
            steps_per_s,
            playing,
            backend,
        }
    }
}

/// Bins of the 1D lab's histograms.
pub const LINE_BINS: usize = 60;
/// Points on the 1D lab's critic curve.
pub const LINE_CURVE: usize = 161;
/// Generated points that carry a push arrow in the 1D lab.
pub const LINE_ARROWS: usize = 24;

/// What the 1D lab draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineSnapshot {
    pub step: u64,
    pub steps_per_s: f32,
    pub playing: bool,
    pub backend: Backend,
    pub stats: Stats,
    /// The plotted interval [lo, hi].
    pub range: (f32, f32),
    /// Real and generated samples counted in [`LINE_BINS`] equal bins of the range (values
    /// outside land in the end bins), from the same number of samples each.
    pub real_hist: Vec<u32>,
    pub fake_hist: Vec<u32>,
    /// The critic D(x) at [`LINE_CURVE`] evenly spaced points of the range (after a sigmoid for
    /// the BCE losses), and its slope D′(x) there (of the raw score).
    pub curve: Vec<f32>,
    pub slope: Vec<f32>,
    /// Generated points and the generator's push −∂L_G/∂x at each.
    pub arrow_at: Vec<f32>,
    pub arrow_push: Vec<f32>,
    /// The exact W1 between the real and generated samples (sorted), if computed this time.
    pub w1: Option<f64>,
}

impl LineSnapshot {
    /// Whether every number is finite (see [`Snapshot::is_finite`]).
    pub fn is_finite(&self) -> bool {
        let arrays = [&self.curve, &self.slope, &self.arrow_at, &self.arrow_push];
        self.stats.is_finite()
            && self.steps_per_s.is_finite()
            && arrays.iter().all(|a| a.iter().all(|v| v.is_finite()))
            && self.w1.is_none_or(f64::is_finite)
    }
}

/// Why the worker refused a command or a file: a code with its data. Only the page turns it
/// into a sentence, in the student's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Refusal {
    /// A setting is out of its range (the run is unchanged).
    Config {
        field: String,
        problem: ConfigProblem,
    },
    /// A command for another experiment than this worker's.
    OtherExperiment,
    /// A command before any run exists.
    NoRun,
    /// New points for a run that does not train on points.
    NoPoints,
    /// The MNIST digits did not verify.
    Asset(AssetProblem),
    /// A weights file could not be read or does not fit.
    WeightsFile(WeightsProblem),
    /// The file's weights give NaN or ∞ on this data.
    WeightsOverflow,
    /// The weights could not be written (the detail is the record writer's).
    Save(String),
    /// A message from the page could not be decoded.
    Unreadable(String),
}

impl From<ConfigError> for Refusal {
    fn from(e: ConfigError) -> Self {
        Refusal::Config {
            field: e.field.to_string(),
            problem: e.problem,
        }
    }
}

/// Why the worker's backend changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum BackendReason {
    /// The page asked; the weights carried over.
    Requested,
    /// The page asked for WebGPU, which could not start here.
    Unavailable(WebGpuProblem),
}

/// Why WebGPU could not start in the worker; the page puts it in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WebGpuProblem {
    /// The browser exposes no `navigator.gpu` to the worker.
    NotExposed,
    /// The page found no WebGPU adapter, so it started the CPU-only build of the worker.
    NoAdapter,
    /// burn's WebGPU runtime failed to start; the detail is the library's or the browser's.
    Failed(String),
}

/// Messages to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker is up; which backend it chose and whether WebGPU exists here.
    Ready {
        /// The backend in use.
        backend: Backend,
        /// Whether the browser offered a WebGPU adapter.
        webgpu_available: bool,
    },
    /// The current state.
    Snapshot(View),
    /// A command was refused (e.g. an invalid configuration); the run is unchanged.
    Rejected(Refusal),
    /// A weights file replaced the run; it continues from this generator step.
    WeightsLoaded { step: u64 },
    /// A weights file was refused; the run is unchanged.
    WeightsRefused(Refusal),
    /// A loss or weight went NaN/inf: training paused and the last finite weights restored.
    Diverged {
        /// The step at which it happened.
        step: u64,
        /// The step of the restored weights.
        restored: u64,
    },
    /// The run's weights as a weights file (bytes beside the JSON).
    Weights {
        purpose: WeightsPurpose,
        /// Generator steps when read.
        step: u64,
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    /// The backend failed (e.g. GPU device lost) and the worker moved to another.
    BackendChanged {
        /// The new backend.
        backend: Backend,
        /// Why.
        reason: BackendReason,
    },
}

/// How messages cross `postMessage`, in both directions: JSON text, or a two-element array
/// [JSON text, Uint8Array] for a message with a [`Payload`].
#[cfg(target_arch = "wasm32")]
pub mod wire {
    use super::Payload;
    use wasm_bindgen::{JsCast, JsValue};

    /// The value to post for `msg`.
    pub fn encode<T: serde::Serialize + Payload>(msg: &T) -> JsValue {
        let json = serde_json::to_string(msg).expect("protocol messages serialise");
        match msg.payload() {
            Some(bytes) => {
                js_sys::Array::of2(&json.into(), &js_sys::Uint8Array::from(bytes)).into()
            }
            None => json.into(),
        }
    }

    /// The message in a received value, or why it is not one.
    pub fn decode<T: serde::de::DeserializeOwned + Payload>(data: JsValue) -> Result<T, String> {
        let (text, bytes) = if let Some(s) = data.as_string() {
            (s, None)
        } else if js_sys::Array::is_array(&data) {
            let parts: js_sys::Array = data.unchecked_into();
            let text = parts
                .get(0)
                .as_string()
                .ok_or("a message must be JSON text")?;
            (text, Some(js_sys::Uint8Array::new(&parts.get(1)).to_vec()))
        } else {
            return Err("a message must be JSON text".into());
        };
        let mut msg: T =
            serde_json::from_str(&text).map_err(|e| format!("unreadable message: {e}"))?;
        if let Some(b) = bytes {
            msg.set_payload(b);
        }
        Ok(msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use earthmover_core::data::ToyData;

    #[test]
    fn messages_round_trip_through_json() {
        let msgs = vec![
            ToWorker::Reset(Setup::Toy {
                config: TrainConfig::new().with_seed(9),
                data: Dataset::Toy(ToyData::Ring { modes: 5 }),
            }),
            ToWorker::Configure(Settings::Toy(TrainConfig::paper())),
            ToWorker::Configure(Settings::Mnist(MnistConfig::default().with_seed(3))),
            ToWorker::Play,
            ToWorker::Step(StepKind::Critic),
            ToWorker::Speed(7),
            ToWorker::UseBackend(Backend::Cpu),
        ];
        for m in msgs {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<ToWorker>(&json).unwrap(), m);
        }
        let mut out = vec![FromWorker::Ready {
            backend: Backend::WebGpu,
            webgpu_available: true,
        }];
        // Every reason WebGPU can be refused travels as a code (the page words it).
        for problem in [
            WebGpuProblem::NotExposed,
            WebGpuProblem::NoAdapter,
            WebGpuProblem::Failed("adapter lost".into()),
        ] {
            out.push(FromWorker::BackendChanged {
                backend: Backend::Cpu,
                reason: BackendReason::Unavailable(problem),
            });
        }
        for m in out {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<FromWorker>(&json).unwrap(), m);
        }
    }

    #[test]
    fn weights_travel_beside_the_json_not_inside_it() {
        let mut msg = FromWorker::Weights {
            purpose: WeightsPurpose::Checkpoint,
            step: 3,
            bytes: vec![1, 2, 3],
        };
        let json = serde_json::to_string(&msg).unwrap();
        assert!(!json.contains("bytes"), "{json}");
        let mut back: FromWorker = serde_json::from_str(&json).unwrap();
        assert_eq!(back.payload(), Some(&[][..]));
        back.set_payload(vec![1, 2, 3]);
        assert_eq!(back, msg);
        msg.set_payload(vec![]);
        let load = ToWorker::LoadWeights { bytes: vec![9; 5] };
        assert_eq!(load.payload().map(<[u8]>::len), Some(5));
        // The digits of an MNIST reset travel beside the JSON as well.
        let mut reset = ToWorker::Reset(Setup::Mnist {
            config: MnistConfig::default(),
            asset: vec![7; 4],
        });
        let json = serde_json::to_string(&reset).unwrap();
        assert!(!json.contains("asset"), "{json}");
        assert_eq!(reset.payload(), Some(&[7u8; 4][..]));
        reset.set_payload(vec![1]);
        assert_eq!(reset.payload(), Some(&[1u8][..]));
        assert_eq!(ToWorker::Play.payload(), None);
    }

    #[test]
    fn backends_have_one_spelling() {
        use strum::VariantArray;
        for &b in Backend::VARIANTS {
            assert_eq!(Backend::parse(b.name()), Some(b));
            assert_eq!(
                serde_json::to_string(&b).unwrap(),
                format!("\"{}\"", b.name())
            );
        }
        assert_eq!(Backend::parse("webgpu"), Some(Backend::WebGpu));
        assert_eq!(Backend::parse("WebGPU"), None);
    }

    #[test]
    fn an_invalid_dataset_in_a_message_is_refused() {
        let bad = r#"{"SetData":{"user":{"points":[],"jitter":0.1}}}"#;
        assert!(serde_json::from_str::<ToWorker>(bad).is_err());
    }
}
