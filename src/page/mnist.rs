//! The MNIST tab: the paper's conv WGAN-GP on real digits, in its own training worker.
//!
//! The 2 MB digits asset is fetched only when the tab first opens, with a progress bar. Its
//! checksum is checked here (the worker decodes it) before training: a missing or damaged file
//! gives a sentence, and the toy Lab, in its own worker, is untouched. The page draws what the
//! worker sends: 64 digits from fixed noise, a latent interpolation strip, the W estimate and GP
//! term, and the classifier's class histogram of 256 generated digits.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlInputElement, HtmlSelectElement, ImageData,
    ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType,
};
use yew::prelude::*;

use super::download;
use super::plot::{self, RGBColorExt};
use super::worker_link::{Incoming, Resume, WorkerLink, wanted_backend};
use earthmover_core::config::LossKind;
use earthmover_core::metrics::classes::{ClassReport, class_report};
use earthmover_core::mnist::config::{MnistArch, MnistConfig, MnistWeightsMeta};
use earthmover_core::share::weights;
use earthmover_protocol::{
    Backend, FromWorker, MNIST_GRID, MNIST_STRIP, MnistSnapshot, Settings, Setup, StepKind, ToWorker,
    View, WeightsPurpose,
};
use earthmover_core::share::mnist::{ASSET_PATH, PIXELS, SIDE, check};
use earthmover_core::share::mnist_link;

/// Starting points, each with what to notice.
struct Preset {
    id: &'static str,
    label: &'static str,
    notice: &'static str,
    config: fn() -> MnistConfig,
}

const PRESETS: &[Preset] = &[
    Preset {
        id: "fast",
        label: "WGAN-GP, conv D = 16 (fast on a CPU)",
        notice: "The paper's networks at a quarter of the width and 10× its learning rate: strokes in a minute or two on a CPU, digits after a few hundred steps.",
        config: MnistConfig::default,
    },
    Preset {
        id: "gpu",
        label: "WGAN-GP, conv D = 64 (the WebGPU default)",
        notice: "The paper's width with a 10× learning rate: what a GPU trains comfortably. Chosen automatically when WebGPU is in use.",
        config: || MnistConfig::default().with_width(64),
    },
    Preset {
        id: "paper",
        label: "WGAN-GP as published (D = 64, lr 1e-4)",
        notice: "gan_mnist.py exactly: λ 10, n_critic 5, Adam 1e-4 (0.5, 0.9), batch 50. Use WebGPU; on a CPU each step takes seconds.",
        config: MnistConfig::paper,
    },
    Preset {
        id: "mlp",
        label: "WGAN-GP with MLP networks (fastest)",
        notice: "784 → 512 → 256 → 1 and back: several times faster per step, blurrier digits.",
        config: || MnistConfig::default().with_arch(MnistArch::Mlp),
    },
    Preset {
        id: "zeros-ones",
        label: "Only 0s and 1s",
        notice: "Two classes train much faster; watch whether the histogram keeps both or collapses to one.",
        config: || MnistConfig::default().with_digits(0b11),
    },
    Preset {
        id: "clip",
        label: "WGAN with weight clipping (c = 0.01, RMSProp 5e-5)",
        notice: "The WGAN paper's recipe: the clipped critic learns slowly and the digits stay vague for long.",
        config: || {
            MnistConfig::default()
                .with_loss(LossKind::WganClip)
                .with_lr(5e-5)
        },
    },
    Preset {
        id: "bce",
        label: "Plain GAN (BCE) on the same networks",
        notice: "Watch the class histogram: a plain GAN often piles onto a few digits (mode collapse).",
        config: || MnistConfig::default().with_loss(LossKind::Bce),
    },
];

const LOSSES: [LossKind; 3] = [LossKind::WganGp, LossKind::WganClip, LossKind::Bce];

pub enum Msg {
    Progress(f64, f64),
    Asset(Result<Vec<u8>, String>),
    Worker(Incoming),
    Preset(String),
    Field(&'static str, String),
    /// Text being typed into a field, not yet committed (Enter or leaving the field).
    Typing(&'static str, String),
    Digit(u8, bool),
    Play,
    Pause,
    Step,
    Reset,
    ExportPng,
    SaveWeights,
    SwitchBackend,
    SimulateFailure,
    WeightsFile(Result<Vec<u8>, String>),
}

enum Stage {
    Loading { loaded: f64, total: f64 },
    Failed(String),
    Ready,
}

/// The asset download in flight, with its handlers kept alive.
struct Download {
    _xhr: XmlHttpRequest,
    _handlers: Vec<Closure<dyn FnMut(ProgressEvent)>>,
}

pub struct MnistTab {
    stage: Stage,
    asset: Vec<u8>,
    asset_info: String,
    _download: Option<Download>,
    link: Option<WorkerLink>,
    preset: &'static str,
    config: MnistConfig,
    /// What the student is typing per field (or typed, if invalid). Shown instead of the
    /// configuration's value, so the re-renders while training do not undo it.
    drafts: Vec<(&'static str, String)>,
    field_error: Option<(&'static str, String)>,
    snapshot: Option<MnistSnapshot>,
    report: Option<ClassReport>,
    history: Vec<(f64, f64, f64)>,
    backend: Option<Backend>,
    /// Whether the worker has said Ready.
    ready: bool,
    /// Whether the default width has been fitted to the backend (D = 64 on WebGPU), once.
    sized: bool,
    webgpu_available: bool,
    notice: Option<String>,
    error: Option<String>,
    /// The latest WebGPU checkpoint (step, weights file), to resume on the CPU if the worker
    /// dies.
    checkpoint: Option<(u64, Vec<u8>)>,
    /// The settings of a weights file the worker is checking, applied when it loads.
    loading: Option<MnistWeightsMeta>,
    recovering: Option<Resume>,
    /// `?debug=1`: shows the test hook that makes the worker fail like a lost GPU.
    debug: bool,
    backend_pref: Option<Backend>,
    grid: NodeRef,
    strip: NodeRef,
    w_canvas: NodeRef,
    hist_canvas: NodeRef,
}

fn start_download(link: &html::Scope<MnistTab>) -> Result<Download, String> {
    let fail = |e: wasm_bindgen::JsValue| format!("cannot request the digits: {e:?}");
    let xhr = XmlHttpRequest::new().map_err(fail)?;
    xhr.open("GET", ASSET_PATH).map_err(fail)?;
    xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    let progress = {
        let cb = link.callback(|(a, b)| Msg::Progress(a, b));
        Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            let total = if e.length_computable() {
                e.total()
            } else {
                0.0
            };
            cb.emit((e.loaded(), total));
        })
    };
    let done = {
        let cb = link.callback(Msg::Asset);
        let request = xhr.clone();
        Closure::<dyn FnMut(ProgressEvent)>::new(move |_| {
            let status = request.status().unwrap_or(0);
            cb.emit(if status == 200 {
                request
                    .response()
                    .map(|b| js_sys::Uint8Array::new(&b).to_vec())
                    .map_err(|e| format!("the digits could not be read: {e:?}"))
            } else {
                Err(format!(
                    "the digits file {ASSET_PATH} could not be loaded (HTTP {status}); the server may be missing it: rebuild with `make serve`"
                ))
            });
        })
    };
    let failed = {
        let cb = link.callback(Msg::Asset);
        Closure::<dyn FnMut(ProgressEvent)>::new(move |_| {
            cb.emit(Err(format!(
                "the digits file {ASSET_PATH} could not be downloaded (network error)"
            )))
        })
    };
    xhr.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    xhr.set_onload(Some(done.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    xhr.send().map_err(fail)?;
    Ok(Download {
        _xhr: xhr,
        _handlers: vec![progress, done, failed],
    })
}


/// Paints `count` digits (784 grey bytes each) from `images[first..]` as `cols` per row.
fn paint_digits(
    canvas: &HtmlCanvasElement,
    images: &[u8],
    first: usize,
    count: usize,
    cols: usize,
) {
    let rows = count.div_ceil(cols);
    let (w, h) = (cols * SIDE, rows * SIDE);
    let mut rgba = vec![255u8; 4 * w * h];
    for k in 0..count {
        let Some(img) = images.get((first + k) * PIXELS..(first + k + 1) * PIXELS) else {
            return;
        };
        let (ox, oy) = ((k % cols) * SIDE, (k / cols) * SIDE);
        for (p, &v) in img.iter().enumerate() {
            let at = 4 * ((oy + p / SIDE) * w + ox + p % SIDE);
            // Ink on paper: white digits on black become dark strokes on white.
            let ink = 255 - v;
            rgba[at..at + 3].copy_from_slice(&[ink, ink, ink]);
        }
    }
    let paint = || -> Option<()> {
        canvas.set_width(w as u32);
        canvas.set_height(h as u32);
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let image = ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&rgba),
            w as u32,
            h as u32,
        )
        .ok()?;
        ctx.put_image_data(&image, 0.0, 0.0).ok()
    };
    paint();
}

impl MnistTab {
    fn spawn(ctx: &Context<Self>) -> Result<WorkerLink, String> {
        let cb = ctx.link().callback(Msg::Worker);
        WorkerLink::spawn(move |m| cb.emit(m))
    }

    /// Sends a command once the worker has said Ready (before that its handler may not be
    /// installed, and whatever the student chose is sent with the first reset anyway).
    fn send(&self, msg: ToWorker) {
        if let (Some(l), true) = (&self.link, self.ready) {
            l.send(&msg);
        }
    }

    /// Restarts the run from the seed with the current configuration. The asset goes along only
    /// when `with_asset` (the worker's first run); later resets reuse the worker's copy.
    fn reset_run(&mut self, with_asset: bool) {
        // A file still being checked is superseded: the worker's reset comes after its load.
        self.loading = None;
        self.history.clear();
        self.snapshot = None;
        self.report = None;
        self.checkpoint = None;
        self.send(ToWorker::Reset(Setup::Mnist {
            config: self.config.clone(),
            asset: if with_asset {
                self.asset.clone()
            } else {
                vec![]
            },
        }));
    }

    fn recover(&mut self, ctx: &Context<Self>, why: String) {
        let playing = self.snapshot.as_ref().is_some_and(|s| s.playing);
        let resume = self.checkpoint.take();
        if self.loading.take().is_some() {
            self.error = Some(
                "weights not loaded: the worker stopped before checking the file; load it again"
                    .into(),
            );
        }
        self.notice = Some(match &resume {
            Some((step, _)) => format!(
                "The training worker stopped ({why}); this happens when the GPU device is lost. Training continues on the CPU from the checkpoint at step {step}."
            ),
            None => format!(
                "The training worker stopped ({why}). It was restarted on the CPU from the seed."
            ),
        });
        self.recovering = Some(Resume {
            weights: resume.map(|r| r.1),
            playing,
        });
        self.backend_pref = Some(Backend::Cpu);
        self.link = None;
        self.ready = false;
        match Self::spawn(ctx) {
            Ok(l) => self.link = Some(l),
            Err(e) => self.error = Some(e),
        }
    }

    fn on_worker(&mut self, msg: FromWorker) {
        match msg {
            FromWorker::Ready {
                backend,
                webgpu_available,
            } => {
                self.ready = true;
                let want = wanted_backend(self.backend_pref, webgpu_available);
                if want != backend {
                    self.send(ToWorker::UseBackend(want));
                }
                self.backend = Some(backend);
                self.webgpu_available = webgpu_available;
                self.reset_run(true);
                for cmd in self
                    .recovering
                    .take()
                    .into_iter()
                    .flat_map(Resume::commands)
                {
                    self.send(cmd);
                }
            }
            FromWorker::Snapshot(View::Mnist(s)) => {
                let s = *s;
                // The first snapshot says which backend really runs: on WebGPU an untouched
                // default run is rebuilt at the paper's width.
                if !std::mem::replace(&mut self.sized, true)
                    && s.backend == Backend::WebGpu
                    && self.preset == "fast"
                    && self.config == MnistConfig::default().with_seed(self.config.seed)
                    && let Some(p) = PRESETS.iter().find(|p| p.id == "gpu")
                {
                    self.preset = p.id;
                    self.config = (p.config)().with_seed(self.config.seed);
                    self.reset_run(false);
                    return;
                }
                if self.history.last().is_some_and(|h| h.0 > s.step as f64) {
                    self.history.clear();
                }
                if self.history.last().is_none_or(|h| h.0 < s.step as f64) {
                    self.history.push((
                        s.step as f64,
                        s.stats.w_estimate as f64,
                        s.stats.penalty as f64,
                    ));
                    if self.history.len() > 2000 {
                        self.history = self.history.iter().step_by(2).cloned().collect();
                    }
                }
                self.report = (!s.labels.is_empty())
                    .then(|| class_report(&s.labels, &self.config.digit_list()));
                self.backend = Some(s.backend);
                self.snapshot = Some(s);
            }
            FromWorker::Weights {
                purpose: WeightsPurpose::Checkpoint,
                step,
                bytes,
            } => self.checkpoint = Some((step, bytes)),
            FromWorker::Weights {
                purpose: WeightsPurpose::Export,
                step,
                bytes,
            } => {
                if let Err(e) = download::save_weights(Some("mnist"), step, &bytes) {
                    self.error = Some(e);
                }
            }
            FromWorker::Rejected(r) => self.error = Some(crate::text::refusal(&r)),
            // A file the student chose: the run is now the file's. (Without `loading` this is
            // a checkpoint resumed after a worker restart, which needs nothing here.)
            FromWorker::WeightsLoaded { step } => {
                if let Some(meta) = self.loading.take() {
                    self.config = meta.config;
                    self.drafts.clear();
                    self.field_error = None;
                    self.error = None;
                    self.history.clear();
                    self.snapshot = None;
                    self.report = None;
                    self.checkpoint = None;
                    self.notice = Some(format!("Loaded weights from step {step}."));
                }
            }
            FromWorker::WeightsRefused(r) => {
                let e = crate::text::refusal(&r);
                self.error = Some(match self.loading.take() {
                    Some(_) => format!("weights not loaded: {e}; the run is unchanged"),
                    None => format!("the checkpoint could not be resumed: {e}"),
                });
            }
            FromWorker::Diverged { step, restored } => {
                self.notice = Some(crate::text::diverged(step, restored))
            }
            FromWorker::BackendChanged { backend, reason } => {
                self.backend = Some(backend);
                if backend == Backend::Cpu && self.backend_pref == Some(Backend::WebGpu) {
                    let reason = crate::text::backend_reason(&reason);
                    self.notice = Some(format!("Training on the CPU: {reason}"));
                }
            }
            FromWorker::Snapshot(View::Toy(_) | View::Line(_)) => {}
        }
    }

    /// Applies a typed value: the configuration changes only if the whole of it stays valid.
    fn set_field(&mut self, field: &'static str, text: String) {
        self.drafts.retain(|(f, _)| *f != field);
        let mut next = self.config.clone();
        let parsed: Result<(), String> = (|| {
            let num = || {
                text.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("“{text}” is not a number"))
            };
            let int = || {
                text.trim()
                    .parse::<usize>()
                    .map_err(|_| format!("“{text}” is not a whole number"))
            };
            match field {
                "lambda" => next.lambda = num()?,
                "lr" => next.lr = num()?,
                "clip" => next.clip = num()?,
                "n_critic" => next.n_critic = int()?,
                "width" => next.width = int()?,
                "batch" => next.batch = int()?,
                "seed" => next.seed = int()? as u64,
                "loss" => next.loss = LossKind::parse(&text).ok_or("unknown loss")?,
                "arch" => next.arch = MnistArch::parse(&text).ok_or("unknown architecture")?,
                _ => return Err("unknown field".into()),
            }
            next.validate().map_err(|e| crate::text::config_problem(&e.problem))
        })();
        match parsed {
            Ok(()) => {
                self.field_error = None;
                self.config = next;
                self.loading = None;
                self.send(ToWorker::Configure(Settings::Mnist(self.config.clone())));
            }
            Err(e) => {
                self.drafts.push((field, text));
                self.field_error = Some((field, e));
            }
        }
    }

    fn draw(&self) {
        let Some(s) = &self.snapshot else {
            return;
        };
        if let Some(c) = self.grid.cast::<HtmlCanvasElement>() {
            paint_digits(&c, &s.images, 0, MNIST_GRID, 8);
        }
        if let Some(c) = self.strip.cast::<HtmlCanvasElement>() {
            paint_digits(&c, &s.images, MNIST_GRID, MNIST_STRIP, MNIST_STRIP);
        }
        if let Some(c) = self.w_canvas.cast::<HtmlCanvasElement>() {
            let w: Vec<(f64, f64)> = self.history.iter().map(|h| (h.0, h.1)).collect();
            let gp: Vec<(f64, f64)> = self.history.iter().map(|h| (h.0, h.2)).collect();
            plot::draw_lines(&c, &[(&w, plot::FAKE), (&gp, RGBColorExt::gp())], false);
        }
        if let (Some(c), Some(r)) = (self.hist_canvas.cast::<HtmlCanvasElement>(), &self.report) {
            let bars: Vec<f64> = r.counts.iter().map(|&v| v as f64).collect();
            plot::draw_bars(&c, &bars, plot::FAKE, false);
        }
    }
}

impl Component for MnistTab {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let (download, stage) = match start_download(ctx.link()) {
            Ok(d) => (
                Some(d),
                Stage::Loading {
                    loaded: 0.0,
                    total: 0.0,
                },
            ),
            Err(e) => (None, Stage::Failed(e)),
        };
        // Settings from a shared link (`?mnist=…`): a bad value keeps its default, with a notice.
        let (config, preset, notice) = match crate::shell::query_param(mnist_link::PARAM) {
            None => (MnistConfig::default(), "fast", None),
            Some(v) => {
                let d = mnist_link::decode(&v);
                let preset = d
                    .preset
                    .and_then(|p| PRESETS.iter().find(|x| x.id == p))
                    .map_or("custom", |p| p.id);
                let notice = (!d.notices.is_empty()).then(|| d.notices.join(" "));
                (d.config, preset, notice)
            }
        };
        Self {
            stage,
            asset: vec![],
            asset_info: String::new(),
            _download: download,
            link: None,
            preset,
            config,
            drafts: vec![],
            field_error: None,
            snapshot: None,
            report: None,
            history: vec![],
            backend: None,
            ready: false,
            sized: false,
            webgpu_available: false,
            notice,
            error: None,
            checkpoint: None,
            loading: None,
            recovering: None,
            debug: crate::shell::query_param("debug").as_deref() == Some("1"),
            backend_pref: crate::shell::backend_from_query(),
            grid: NodeRef::default(),
            strip: NodeRef::default(),
            w_canvas: NodeRef::default(),
            hist_canvas: NodeRef::default(),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Progress(loaded, total) => {
                if let Stage::Loading { .. } = self.stage {
                    self.stage = Stage::Loading { loaded, total };
                }
            }
            Msg::Asset(result) => {
                self._download = None;
                match result.and_then(|bytes| check(&bytes).map(|n| (n, bytes))) {
                    Ok((count, bytes)) => {
                        self.asset_info = format!(
                            "{count} digits ({} kB), checksum verified",
                            bytes.len() / 1024
                        );
                        self.asset = bytes;
                        self.stage = Stage::Ready;
                        match Self::spawn(ctx) {
                            Ok(l) => self.link = Some(l),
                            Err(e) => self.error = Some(e),
                        }
                    }
                    Err(e) => {
                        self.stage = Stage::Failed(format!(
                            "MNIST is unavailable: {e}. The other tabs keep working."
                        ))
                    }
                }
            }
            Msg::Worker(Incoming::Message(m)) => self.on_worker(m),
            Msg::Worker(Incoming::Unreadable(e)) => self.error = Some(e),
            Msg::Worker(Incoming::Died(why)) => self.recover(ctx, why),
            Msg::Preset(id) => {
                if let Some(p) = PRESETS.iter().find(|p| p.id == id) {
                    self.preset = p.id;
                    self.config = (p.config)().with_seed(self.config.seed);
                    self.drafts.clear();
                    self.field_error = None;
                    self.error = None;
                    self.reset_run(false);
                }
            }
            Msg::Field(field, text) => self.set_field(field, text),
            Msg::Typing(field, text) => {
                self.drafts.retain(|(f, _)| *f != field);
                self.drafts.push((field, text));
                // The DOM already shows it; nothing to redraw.
                return false;
            }
            Msg::Digit(d, on) => {
                let digits = if on {
                    self.config.digits | 1 << d
                } else {
                    self.config.digits & !(1 << d)
                };
                if digits == 0 {
                    self.field_error = Some(("digits", "keep at least one digit".into()));
                } else {
                    self.field_error = None;
                    self.config.digits = digits;
                    self.loading = None;
                    self.send(ToWorker::Configure(Settings::Mnist(self.config.clone())));
                }
            }
            Msg::Play => {
                self.error = None;
                self.send(ToWorker::Play);
            }
            Msg::Pause => self.send(ToWorker::Pause),
            Msg::Step => self.send(ToWorker::Step(StepKind::Both)),
            Msg::Reset => {
                self.error = None;
                self.notice = None;
                self.reset_run(false);
            }
            Msg::ExportPng => {
                let step = self.snapshot.as_ref().map_or(0, |s| s.step);
                if let Some(url) = self
                    .grid
                    .cast::<HtmlCanvasElement>()
                    .and_then(|c| c.to_data_url().ok())
                    && let Err(e) =
                        download::save_url(&format!("earthmover-mnist-step-{step}.png"), &url)
                {
                    self.error = Some(format!("could not save the image: {e}"));
                }
            }
            Msg::SaveWeights => self.send(ToWorker::ExportWeights(WeightsPurpose::Export)),
            Msg::SimulateFailure => self.send(ToWorker::SimulateFailure),
            Msg::SwitchBackend => {
                let next = if self.backend == Some(Backend::WebGpu) {
                    Backend::Cpu
                } else {
                    Backend::WebGpu
                };
                self.backend_pref = Some(next);
                self.send(ToWorker::UseBackend(next));
            }
            Msg::WeightsFile(bytes) => {
                // The page checks the file's settings; the worker checks its tensors and
                // answers WeightsLoaded or WeightsRefused before anything here changes.
                match bytes.and_then(|b| weights::read::<MnistConfig>(&b).map(|m| (m, b))) {
                    Ok((meta, bytes)) => {
                        self.loading = Some(meta);
                        self.send(ToWorker::LoadWeights { bytes });
                    }
                    Err(e) => self.error = Some(format!("weights not loaded: {e}")),
                }
            }
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        self.draw();
        // The address always holds the settings in force, so the link reproduces the run.
        let link = mnist_link::encode(&self.config, self.preset);
        if crate::shell::query_param(mnist_link::PARAM).as_deref() != Some(link.as_str()) {
            crate::shell::write_query_param(mnist_link::PARAM, Some(&link));
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let body = match &self.stage {
            Stage::Loading { loaded, total } => html! {
                <div class="mnist-loading">
                    <p>{ "Loading 10,000 MNIST digits…" }</p>
                    <progress id="mnist-progress" value={loaded.to_string()} max={total.max(1.0).to_string()} />
                    <span id="mnist-progress-text">{ format!(" {:.0} kB", loaded / 1024.0) }</span>
                </div>
            },
            Stage::Failed(e) => {
                html! { <div id="mnist-error" class="notice error" role="alert">{ e }</div> }
            }
            Stage::Ready => self.view_ready(ctx),
        };
        html! {
            <section class="panel" id="panel-mnist">
                <h2>{ "MNIST: a convolutional WGAN-GP on real digits" }</h2>
                <p class="lead">{ "The critic is the WGAN-GP paper's: three 5×5 stride-2 convolutions with LeakyReLU and no batch norm, its gradient penalty computed through the convolutions exactly. The generator turns 128 noise numbers into a 28×28 digit with transposed convolutions." }</p>
                { body }
            </section>
        }
    }
}

impl MnistTab {
    fn view_ready(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let snap = self.snapshot.as_ref();
        let playing = snap.is_some_and(|s| s.playing);
        let preset = PRESETS.iter().find(|p| p.id == self.preset);
        let field = |name: &'static str, label: &'static str, value: String| {
            let draft = self
                .drafts
                .iter()
                .find(|(f, _)| *f == name)
                .map(|(_, v)| v.clone());
            let bad = self.field_error.as_ref().is_some_and(|(f, _)| *f == name);
            let onchange = link.callback(move |e: Event| {
                Msg::Field(name, e.target_unchecked_into::<HtmlInputElement>().value())
            });
            let oninput = link.callback(move |e: InputEvent| {
                Msg::Typing(name, e.target_unchecked_into::<HtmlInputElement>().value())
            });
            html! {
                <label class={classes!("field", bad.then_some("invalid"))}>{ label }
                    <input id={format!("mnist-{name}")} value={draft.unwrap_or(value)} {onchange} {oninput} />
                </label>
            }
        };
        let c = &self.config;
        let on_weights_file =
            download::on_file_picked(link.callback(|(_, bytes)| Msg::WeightsFile(bytes)));
        let report = self.report.as_ref();
        let step = snap.map_or(0, |s| s.step);
        // The canvases' text alternatives: the numbers a sighted student reads off them.
        let grid_label = format!(
            "64 generated digits at step {step}{}",
            report.map_or(String::new(), |r| format!(
                "; the classifier reads 256 of them as digits 0 to 9 this many times: {}",
                r.counts.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ))
        );
        let w_label = snap.map_or("W estimate: waiting for the first snapshot".into(), |s| {
            format!(
                "W estimate over time: now {:.4}; GP term {:.4}",
                s.stats.w_estimate, s.stats.penalty
            )
        });
        let classes_label = report.map_or("Class histogram: waiting".into(), |r| {
            format!(
                "Class histogram of 256 generated digits, 0 to 9: {}; {} of {} classes present",
                r.counts.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
                r.present,
                r.of
            )
        });
        let counts = report.map_or(String::new(), |r| {
            r.counts
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        });
        html! {
            <>
                if let Some(n) = &self.notice { <div class="notice" role="status">{ n }</div> }
                if let Some(e) = &self.error { <div id="mnist-rejected" class="notice error" role="alert">{ e }</div> }
                <div class="toolbar">
                    <span id="mnist-asset" class="badge" title={self.asset_info.clone()}>{ "MNIST ✓" }</span>
                    <span id="mnist-backend" class="badge">{ self.backend.map_or("starting…", |b| b.label()) }</span>
                    if self.webgpu_available || self.backend == Some(Backend::WebGpu) {
                        <button id="mnist-switch-backend" onclick={link.callback(|_| Msg::SwitchBackend)}>
                            { if self.backend == Some(Backend::WebGpu) { "use CPU" } else { "use WebGPU" } }</button>
                    }
                    <span class="counter">{ "step " }<b id="mnist-step">{ snap.map_or(0, |s| s.step) }</b></span>
                    <span class="counter"><b id="mnist-rate">{ snap.map_or("–".into(), |s| format!("{:.2}", s.steps_per_s)) }</b>{ " steps/s" }</span>
                    if playing {
                        <button id="mnist-pause" onclick={link.callback(|_| Msg::Pause)}>{ "❚❚ Pause" }</button>
                    } else {
                        <button id="mnist-play" disabled={snap.is_none()} onclick={link.callback(|_| Msg::Play)}>{ "▶ Play" }</button>
                    }
                    <button id="mnist-step-once" disabled={snap.is_none()} onclick={link.callback(|_| Msg::Step)}>{ "step" }</button>
                    <button id="mnist-reset" onclick={link.callback(|_| Msg::Reset)}>{ "↺ Reset" }</button>
                    <button id="mnist-export-png" disabled={snap.is_none()} onclick={link.callback(|_| Msg::ExportPng)}>{ "PNG of the grid" }</button>
                    <button id="mnist-save-weights" disabled={snap.is_none()} onclick={link.callback(|_| Msg::SaveWeights)}>{ "Save weights" }</button>
                    if self.debug {
                        <button id="mnist-simulate-failure" onclick={link.callback(|_| Msg::SimulateFailure)}>{ "simulate GPU loss" }</button>
                    }
                    <label class="file">{ "Load weights " }<input id="mnist-load-weights" type="file" accept=".weights" onchange={on_weights_file} /></label>
                </div>
                <div class="toolbar">
                    <label>{ "preset " }
                        <select id="mnist-preset" onchange={link.callback(|e: Event| Msg::Preset(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                            { for PRESETS.iter().map(|p| html! { <option value={p.id} selected={p.id == self.preset}>{ p.label }</option> }) }
                            if self.preset == "custom" { <option value="custom" selected=true disabled=true>{ "settings from a link" }</option> }
                        </select>
                    </label>
                    if let Some(p) = preset { <span class="preset-note">{ p.notice }</span> }
                </div>
                <div class="toolbar mnist-controls">
                    <label>{ "loss " }
                        <select id="mnist-loss" onchange={link.callback(|e: Event| Msg::Field("loss", e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                            { for LOSSES.iter().map(|l| html! { <option value={l.name()} selected={*l == c.loss}>{ l.name() }</option> }) }
                        </select>
                    </label>
                    <label>{ "networks " }
                        <select id="mnist-arch" onchange={link.callback(|e: Event| Msg::Field("arch", e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                            { for MnistArch::ALL.iter().map(|a| html! { <option value={a.name()} selected={*a == c.arch}>{ a.name() }</option> }) }
                        </select>
                    </label>
                    { field("width", "D ", c.width.to_string()) }
                    { field("lambda", "λ ", c.lambda.to_string()) }
                    { field("clip", "clip c ", c.clip.to_string()) }
                    { field("n_critic", "n_critic ", c.n_critic.to_string()) }
                    { field("lr", "lr ", c.lr.to_string()) }
                    { field("batch", "batch ", c.batch.to_string()) }
                    { field("seed", "seed ", c.seed.to_string()) }
                </div>
                <div class="toolbar digits">{ "digits to train on: " }
                    { for (0..10u8).map(|d| {
                        let on = c.digits & (1 << d) != 0;
                        let onchange = link.callback(move |e: Event| Msg::Digit(d, e.target_unchecked_into::<HtmlInputElement>().checked()));
                        html! { <label class="digit"><input type="checkbox" id={format!("mnist-digit-{d}")} checked={on} {onchange} />{ d }</label> }
                    }) }
                </div>
                if let Some((f, e)) = &self.field_error { <div id="mnist-field-error" class="notice error" role="alert">{ format!("{f}: {e}") }</div> }
                <div class="mnist">
                    <figure>
                        <canvas id="mnist-grid" ref={self.grid.clone()} width="224" height="224" class="digits-grid" role="img" aria-label={grid_label} />
                        <figcaption>{ "64 digits from fixed noise" }</figcaption>
                    </figure>
                    <div class="mnist-side">
                        <h3>{ "Latent interpolation" }</h3>
                        <canvas id="mnist-strip" ref={self.strip.clone()} width="280" height="28" class="digits-strip" role="img" aria-label={format!("10 generated digits at step {step} along the straight line between two noise vectors")} />
                        <p class="caption">{ "G along the straight line between two noise vectors: a smooth generator morphs one digit into another." }</p>
                        <h3>{ "W estimate and GP term" }</h3>
                        <canvas id="mnist-w" ref={self.w_canvas.clone()} width="420" height="150" role="img" aria-label={w_label} />
                        <dl class="readout">
                            <dt>{ "W estimate" }</dt><dd id="mnist-west">{ snap.map_or("–".into(), |s| format!("{:.4}", s.stats.w_estimate)) }</dd>
                            <dt>{ "GP term" }</dt><dd id="mnist-gp">{ snap.map_or("–".into(), |s| format!("{:.4}", s.stats.penalty)) }</dd>
                        </dl>
                        <h3>{ "Classes of 256 generated digits" }</h3>
                        <canvas id="mnist-classes" ref={self.hist_canvas.clone()} width="420" height="120" role="img" aria-label={classes_label} />
                        <div class="axis-digits">{ for (0..10).map(|d| html! { <span>{ d }</span> }) }</div>
                        <dl class="readout">
                            <dt>{ "classes present (≥ 2 %)" }</dt><dd id="mnist-present" data-counts={counts}>{ report.map_or("–".into(), |r| format!("{} of {}", r.present, r.of)) }</dd>
                            <dt>{ "KL(histogram ‖ uniform)" }</dt><dd id="mnist-kl">{ report.map_or("–".into(), |r| if r.kl_uniform.is_finite() { format!("{:.3}", r.kl_uniform) } else { "∞ (digits outside the filter)".into() }) }</dd>
                        </dl>
                        <p class="caption">{ "Labels from a small conv classifier the project trained itself (97 % on held-out digits). A collapsing generator shows as a few tall bars." }</p>
                    </div>
                </div>
            </>
        }
    }
}
