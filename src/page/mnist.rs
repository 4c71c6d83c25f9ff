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
use yew::html::Scope;
use yew::prelude::*;

use super::shell::TabProps;

use super::download;
use super::plot::{self, RGBColorExt};
use crate::run::Run;
use crate::tab::{After, Experiment, Own, Tab};
use earthmover_core::config::LossKind;
use earthmover_core::metrics::classes::{ClassReport, class_report, readable};
use earthmover_core::mnist::config::{MnistArch, MnistConfig};
use earthmover_core::share::mnist::{ASSET_PATH, PIXELS, SIDE, check};
use earthmover_core::share::mnist_link;
use earthmover_protocol::{
    Backend, MNIST_GRID, MNIST_STRIP, MnistSnapshot, Settings, Setup, ToWorker, View,
};

/// Starting points, each with what to notice.
struct Preset {
    id: &'static str,
    /// The menu's label and the note beside it, in the page's language.
    label: fn() -> &'static str,
    notice: fn() -> &'static str,
    config: fn() -> MnistConfig,
}

const PRESETS: &[Preset] = &[
    Preset {
        id: "fast",
        label: || {
            tr!(
                "WGAN-GP, conv D = 16 (fast on a CPU)",
                "WGAN-GP, 합성곱 D = 16 (CPU에서 빠름)"
            )
        },
        notice: || {
            tr!(
                "The paper's networks at a quarter of the width, 10× its learning rate, 2 critic steps on batches of 32, and digits drawn from G's weight average: readable digits of most classes within a minute on a CPU.",
                "논문의 네트워크를 너비 1/4, 학습률 10배, 배치 32에 비평가 2단계로 줄이고, 숫자는 G의 가중치 평균에서 그립니다: CPU에서 1분 안에 대부분의 클래스가 읽을 수 있는 숫자로 나옵니다."
            )
        },
        config: MnistConfig::default,
    },
    Preset {
        id: "gpu",
        label: || {
            tr!(
                "WGAN-GP, conv D = 64 (the WebGPU default)",
                "WGAN-GP, 합성곱 D = 64 (WebGPU 기본값)"
            )
        },
        notice: || {
            tr!(
                "The paper's width with a 10× learning rate: what a GPU trains comfortably. Chosen automatically when WebGPU is in use.",
                "논문의 너비에 학습률 10배: GPU가 무리 없이 학습하는 크기입니다. WebGPU를 쓰면 자동으로 선택됩니다."
            )
        },
        config: || MnistConfig::default().with_width(64),
    },
    Preset {
        id: "paper",
        label: || {
            tr!(
                "WGAN-GP as published (D = 64, lr 1e-4)",
                "논문 그대로의 WGAN-GP (D = 64, lr 1e-4)"
            )
        },
        notice: || {
            tr!(
                "gan_mnist.py exactly: λ 10, n_critic 5, Adam 1e-4 (0.5, 0.9), batch 50. Use WebGPU; on a CPU each step takes seconds.",
                "gan_mnist.py와 똑같습니다: λ 10, n_critic 5, Adam 1e-4 (0.5, 0.9), 배치 50. WebGPU를 쓰세요. CPU에서는 한 단계에 몇 초가 걸립니다."
            )
        },
        config: MnistConfig::paper,
    },
    Preset {
        id: "mlp",
        label: || {
            tr!(
                "WGAN-GP with MLP networks (fastest)",
                "MLP 네트워크의 WGAN-GP (가장 빠름)"
            )
        },
        notice: || {
            tr!(
                "784 → 512 → 256 → 1 and back: several times faster per step, blurrier digits.",
                "784 → 512 → 256 → 1과 그 반대: 단계당 몇 배 빠르지만 숫자가 더 흐릿합니다."
            )
        },
        config: || MnistConfig::default().with_arch(MnistArch::Mlp),
    },
    Preset {
        id: "zeros-ones",
        label: || tr!("Only 0s and 1s", "0과 1만"),
        notice: || {
            tr!(
                "Two classes train much faster; watch whether the histogram keeps both or collapses to one.",
                "클래스가 둘이면 훨씬 빨리 학습됩니다. 히스토그램이 둘 다 유지하는지, 하나로 붕괴하는지 지켜보세요."
            )
        },
        config: || MnistConfig::default().with_digits(0b11),
    },
    Preset {
        id: "clip",
        label: || {
            tr!(
                "WGAN with weight clipping (c = 0.01, RMSProp 5e-5)",
                "가중치 클리핑 WGAN (c = 0.01, RMSProp 5e-5)"
            )
        },
        notice: || {
            tr!(
                "The WGAN paper's recipe: the clipped critic learns slowly and the digits stay vague for long.",
                "WGAN 논문의 방식: 클리핑된 비평가는 느리게 배우고, 숫자가 오랫동안 흐릿하게 남습니다."
            )
        },
        config: || {
            // The WGAN paper's 5 critic steps, and the raw generator: an average would hide
            // how slowly the clipped critic teaches it.
            MnistConfig::default()
                .with_loss(LossKind::WganClip)
                .with_lr(5e-5)
                .with_n_critic(5)
                .with_batch(50)
                .with_ema(0.0)
                .with_averaged(false)
        },
    },
    Preset {
        id: "bce",
        label: || {
            tr!(
                "Plain GAN (BCE) on the same networks",
                "같은 네트워크의 일반 GAN (BCE)"
            )
        },
        notice: || {
            tr!(
                "Watch the class histogram: a plain GAN often piles onto a few digits (mode collapse).",
                "클래스 히스토그램을 보세요: 일반 GAN은 몇몇 숫자에만 몰리기 쉽습니다 (모드 붕괴)."
            )
        },
        // Shown raw: a weight average would smooth the collapse away.
        config: || {
            MnistConfig::default()
                .with_loss(LossKind::Bce)
                .with_ema(0.0)
                .with_averaged(false)
        },
    },
];

/// A settings field's id as its error message names it.
fn field_name(id: &str) -> &str {
    match id {
        "digits" => tr!("digits", "숫자"),
        "width" => tr!("width", "너비"),
        "clip" => tr!("clip", "클리핑"),
        "lr" => tr!("lr", "학습률"),
        "batch" => tr!("batch", "배치"),
        "seed" => tr!("seed", "시드"),
        "ema" => tr!("G average β", "G 평균 β"),
        "loss" => tr!("loss", "손실"),
        "arch" => tr!("arch", "네트워크"),
        other => other,
    }
}

const LOSSES: [LossKind; 3] = [LossKind::WganGp, LossKind::WganClip, LossKind::Bce];

pub enum Msg {
    Progress(f64, f64),
    Asset(Result<Vec<u8>, String>),
    Preset(String),
    Field(&'static str, String),
    /// Text being typed into a field, not yet committed (Enter or leaving the field).
    Typing(&'static str, String),
    Digit(u8, bool),
    ExportPng,
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

/// The MNIST tab.
pub type MnistTab = Tab<Mnist>;

/// The MNIST experiment's state on the page.
pub struct Mnist {
    stage: Stage,
    asset: Vec<u8>,
    asset_info: String,
    _download: Option<Download>,
    preset: &'static str,
    config: MnistConfig,
    /// What the student is typing per field (or typed, if invalid). Shown instead of the
    /// configuration's value, so the re-renders while training do not undo it.
    drafts: Vec<(&'static str, String)>,
    field_error: Option<(&'static str, String)>,
    snapshot: Option<MnistSnapshot>,
    report: Option<ClassReport>,
    history: Vec<(f64, f64, f64)>,
    /// Whether the default width has been fitted to the backend (D = 64 on WebGPU), once.
    sized: bool,
    grid: NodeRef,
    strip: NodeRef,
    w_canvas: NodeRef,
    hist_canvas: NodeRef,
}

fn start_download(scope: &Scope<MnistTab>) -> Result<Download, String> {
    let link = Own(scope);
    let fail = |e: wasm_bindgen::JsValue| {
        let e = crate::text::quoted(crate::text::Source::Browser, &format!("{e:?}"));
        trf!(
            "cannot request the digits ({e})",
            "숫자 데이터를 요청할 수 없습니다 ({e})"
        )
    };
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
                    .map_err(|e| {
                        let e = crate::text::quoted(crate::text::Source::Browser, &format!("{e:?}"));
                        trf!(
                            "the digits could not be read ({e})",
                            "숫자 데이터를 읽을 수 없습니다 ({e})"
                        )
                    })
            } else {
                Err(trf!(
                    "the digits file {ASSET_PATH} could not be loaded (HTTP {status}); the server may be missing it: rebuild with `make serve`",
                    "숫자 데이터 파일 {ASSET_PATH}을(를) 불러올 수 없습니다 (HTTP {status}). 서버에 파일이 없을 수 있습니다: `make serve`로 다시 빌드하세요"
                ))
            });
        })
    };
    let failed = {
        let cb = link.callback(Msg::Asset);
        Closure::<dyn FnMut(ProgressEvent)>::new(move |_| {
            cb.emit(Err(trf!(
                "the digits file {ASSET_PATH} could not be downloaded (network error)",
                "숫자 데이터 파일 {ASSET_PATH}을(를) 내려받을 수 없습니다 (네트워크 오류)"
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

impl Mnist {
    /// Applies a typed value: the configuration changes only if the whole of it stays valid.
    fn set_field(&mut self, field: &'static str, text: String, run: &Run) {
        self.drafts.retain(|(f, _)| *f != field);
        let mut next = self.config.clone();
        let parsed: Result<(), String> = (|| {
            let num = || {
                text.trim()
                    .parse::<f64>()
                    .map_err(|_| trf!("“{text}” is not a number", "“{text}”은(는) 숫자가 아닙니다"))
            };
            let int = || {
                text.trim().parse::<usize>().map_err(|_| {
                    trf!(
                        "“{text}” is not a whole number",
                        "“{text}”은(는) 정수가 아닙니다"
                    )
                })
            };
            match field {
                "lambda" => next.lambda = num()?,
                "lr" => next.lr = num()?,
                "clip" => next.clip = num()?,
                "n_critic" => next.n_critic = int()?,
                "width" => next.width = int()?,
                "batch" => next.batch = int()?,
                "seed" => next.seed = int()? as u64,
                "ema" => next.ema = num()?,
                "averaged" => next.averaged = text == "averaged",
                "loss" => {
                    next.loss =
                        LossKind::parse(&text).ok_or(tr!("unknown loss", "알 수 없는 손실"))?
                }
                "arch" => {
                    next.arch = MnistArch::parse(&text)
                        .ok_or(tr!("unknown architecture", "알 수 없는 구조"))?
                }
                _ => return Err(tr!("unknown field", "알 수 없는 항목").into()),
            }
            next.validate()
                .map_err(|e| crate::text::config_problem(&e.problem))
        })();
        match parsed {
            Ok(()) => {
                self.field_error = None;
                self.config = next;
                run.send(ToWorker::Configure(Settings::Mnist(self.config.clone())));
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

impl Experiment for Mnist {
    type Props = TabProps;
    type Msg = Msg;
    type Config = MnistConfig;
    const PREFIX: &'static str = "mnist-";
    const FILE_WORD: Option<&'static str> = Some("mnist");

    fn create(props: &TabProps, run: &mut Run, scope: &Scope<Tab<Self>>) -> Self {
        let (download, stage) = match start_download(scope) {
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
        let (config, preset) = match crate::shell::query_param(mnist_link::PARAM) {
            None => (MnistConfig::default(), "fast"),
            Some(v) => {
                let d = mnist_link::decode(&v);
                let preset = d
                    .preset
                    .and_then(|p| PRESETS.iter().find(|x| x.id == p))
                    .map_or("custom", |p| p.id);
                run.notices
                    .extend(d.notices.iter().map(crate::text::link_notice));
                (d.config, preset)
            }
        };
        // Opened by a lecture slide: play once the worker has made the run. The worker starts
        // once the digits are in.
        run.cue.changed(&None, &props.cue, false);
        Self {
            stage,
            asset: vec![],
            asset_info: String::new(),
            _download: download,
            preset,
            config,
            drafts: vec![],
            field_error: None,
            snapshot: None,
            report: None,
            history: vec![],
            sized: false,
            grid: NodeRef::default(),
            strip: NodeRef::default(),
            w_canvas: NodeRef::default(),
            hist_canvas: NodeRef::default(),
        }
    }

    /// The digits go along only to a fresh worker; later resets reuse the worker's copy.
    fn setup(&mut self, fresh_worker: bool) -> Setup {
        self.history.clear();
        self.snapshot = None;
        self.report = None;
        Setup::Mnist {
            config: self.config.clone(),
            asset: if fresh_worker {
                self.asset.clone()
            } else {
                vec![]
            },
        }
    }

    fn snapshot(&mut self, view: View, _: &TabProps) -> After {
        let View::Mnist(s) = view else {
            return After::Ignored;
        };
        let s = *s;
        // The first snapshot says which backend really runs: on WebGPU an untouched default
        // run is rebuilt at the paper's width.
        if !std::mem::replace(&mut self.sized, true)
            && s.backend == Backend::WebGpu
            && self.preset == "fast"
            && self.config == MnistConfig::default().with_seed(self.config.seed)
            && let Some(p) = PRESETS.iter().find(|p| p.id == "gpu")
        {
            self.preset = p.id;
            self.config = (p.config)().with_seed(self.config.seed);
            return After::Reset;
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
        self.report =
            (!s.labels.is_empty()).then(|| class_report(&s.labels, &self.config.digit_list()));
        self.snapshot = Some(s);
        After::Shown
    }

    fn weights_loaded(&mut self, config: MnistConfig) {
        self.config = config;
        self.preset = "custom";
        self.drafts.clear();
        self.field_error = None;
        self.history.clear();
        self.snapshot = None;
        self.report = None;
    }

    fn update(&mut self, msg: Msg, run: &mut Run, _: &TabProps) -> bool {
        match msg {
            Msg::Progress(loaded, total) => {
                if let Stage::Loading { .. } = self.stage {
                    self.stage = Stage::Loading { loaded, total };
                }
            }
            Msg::Asset(result) => {
                self._download = None;
                let checked = result.and_then(|bytes| {
                    check(&bytes)
                        .map(|n| (n, bytes))
                        .map_err(|p| crate::text::asset_problem(&p))
                });
                match checked {
                    Ok((count, bytes)) => {
                        self.asset_info = trf!(
                            "{count} digits ({} kB), checksum verified",
                            "숫자 {count}개 ({} kB), 체크섬 확인됨",
                            bytes.len() / 1024
                        );
                        self.asset = bytes;
                        self.stage = Stage::Ready;
                        run.start();
                    }
                    Err(e) => {
                        self.stage = Stage::Failed(trf!(
                            "MNIST is unavailable: {e}. The other tabs keep working.",
                            "MNIST를 쓸 수 없습니다: {e}. 다른 탭은 그대로 동작합니다."
                        ))
                    }
                }
            }
            Msg::Preset(id) => {
                if let Some(p) = PRESETS.iter().find(|p| p.id == id) {
                    self.preset = p.id;
                    self.config = (p.config)().with_seed(self.config.seed);
                    self.drafts.clear();
                    self.field_error = None;
                    run.error = None;
                    run.reset(self, false);
                }
            }
            Msg::Field(field, text) => self.set_field(field, text, run),
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
                    self.field_error = Some((
                        "digits",
                        tr!(
                            "keep at least one digit",
                            "숫자를 적어도 하나는 남겨 두세요"
                        )
                        .into(),
                    ));
                } else {
                    self.field_error = None;
                    self.config.digits = digits;
                    run.send(ToWorker::Configure(Settings::Mnist(self.config.clone())));
                }
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
                    run.error = Some(trf!(
                        "could not save the image: {e}",
                        "이미지를 저장할 수 없습니다: {e}"
                    ));
                }
            }
        }
        true
    }

    fn changed(&mut self, old: &TabProps, props: &TabProps, run: &mut Run) -> bool {
        run.follow_cue(&old.cue, &props.cue);
        true
    }

    fn rendered(&mut self, _: &TabProps, _: &Run) {
        self.draw();
        // The address always holds the settings in force, so the link reproduces the run.
        let link = mnist_link::encode(&self.config, self.preset);
        if crate::shell::query_param(mnist_link::PARAM).as_deref() != Some(link.as_str()) {
            crate::shell::write_query_param(mnist_link::PARAM, Some(&link));
        }
    }

    fn view(&self, _: &TabProps, run: &Run, scope: &Scope<Tab<Self>>) -> Html {
        let body = match &self.stage {
            Stage::Loading { loaded, total } => html! {
                <div class="mnist-loading">
                    <p>{ tr!("Loading 10,000 MNIST digits…", "MNIST 숫자 10,000개를 불러오는 중…") }</p>
                    <progress id="mnist-progress" value={loaded.to_string()} max={total.max(1.0).to_string()} />
                    <span id="mnist-progress-text">{ format!(" {:.0} kB", loaded / 1024.0) }</span>
                </div>
            },
            Stage::Failed(e) => {
                html! { <div id="mnist-error" class="notice error" role="alert">{ e }</div> }
            }
            Stage::Ready => self.view_ready(run, scope),
        };
        html! {
            <section class="panel" id="panel-mnist">
                <h2>{ tr!("MNIST: a convolutional WGAN-GP on real digits", "MNIST: 실제 손글씨 숫자로 학습하는 합성곱 WGAN-GP") }</h2>
                <p class="lead">{ tr!("The critic is the WGAN-GP paper's: three 5×5 stride-2 convolutions with LeakyReLU and no batch norm, its gradient penalty computed through the convolutions exactly. The generator turns 128 noise numbers into a 28×28 digit with transposed convolutions.", "비평가는 WGAN-GP 논문의 것입니다: LeakyReLU를 쓰고 배치 정규화는 없는 보폭 2인 5×5 합성곱 세 층이며, 그래디언트 페널티는 합성곱을 거쳐 정확히 계산합니다. 생성자는 잡음 숫자 128개를 전치 합성곱으로 28×28 숫자 이미지로 바꿉니다.") }</p>
                { body }
            </section>
        }
    }
}

impl Mnist {
    fn view_ready(&self, run: &Run, scope: &Scope<Tab<Self>>) -> Html {
        let link = Own(scope);
        let snap = self.snapshot.as_ref();
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
        let report = self.report.as_ref();
        let readable = self
            .snapshot
            .as_ref()
            .filter(|s| !s.confident.is_empty())
            .map(|s| readable(&s.labels, &s.confident));
        let step = snap.map_or(0, |s| s.step);
        // The canvases' text alternatives: the numbers a sighted student reads off them.
        let grid_label = trf!(
            "64 generated digits at step {step}{}",
            "{step}단계에서 생성된 숫자 64개{}",
            report.map_or(String::new(), |r| trf!(
                "; the classifier reads 256 of them as digits 0 to 9 this many times: {}",
                ". 분류기가 그중 256개를 읽은 결과, 숫자 0부터 9까지 각각 다음 횟수입니다: {}",
                r.counts
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        );
        let w_label = snap.map_or(
            tr!(
                "W estimate: waiting for the first snapshot",
                "W 추정값: 첫 스냅숏을 기다리는 중"
            )
            .into(),
            |s| {
                trf!(
                    "W estimate over time: now {:.4}; GP term {:.4}",
                    "시간에 따른 W 추정값: 현재 {:.4}, GP 항 {:.4}",
                    s.stats.w_estimate,
                    s.stats.penalty
                )
            },
        );
        let classes_label = report.map_or(tr!("Class histogram: waiting", "클래스 히스토그램: 기다리는 중").into(), |r| {
            trf!(
                "Class histogram of 256 generated digits, 0 to 9: {}; {} of {} classes present",
                "생성된 숫자 256개의 클래스 히스토그램, 0부터 9까지: {}. 나타난 클래스 {}개 / 전체 {}개",
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
                { run.view_notices::<Self>() }
                { run.view_toolbar(scope, html! {
                    <>
                        <span id="mnist-asset" class="badge" title={self.asset_info.clone()}>{ "MNIST" }{ " ✓" }</span>
                        <button id="mnist-export-png" disabled={snap.is_none()} onclick={link.callback(|_| Msg::ExportPng)}>{ tr!("PNG of the grid", "격자 PNG 저장") }</button>
                        { run.view_weights(scope) }
                    </>
                }) }
                <div class="toolbar">
                    <label>{ tr!("preset ", "프리셋 ") }
                        <select id="mnist-preset" onchange={link.callback(|e: Event| Msg::Preset(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                            { for PRESETS.iter().map(|p| html! { <option value={p.id} selected={p.id == self.preset}>{ (p.label)() }</option> }) }
                            if self.preset == "custom" { <option value="custom" selected=true disabled=true>{ tr!("settings from a link", "링크의 설정") }</option> }
                        </select>
                    </label>
                    if let Some(p) = preset { <span class="preset-note">{ (p.notice)() }</span> }
                </div>
                <div class="toolbar mnist-controls">
                    <label>{ tr!("loss ", "손실 ") }
                        <select id="mnist-loss" onchange={link.callback(|e: Event| Msg::Field("loss", e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                            { for LOSSES.iter().map(|l| html! { <option value={l.name()} selected={*l == c.loss}>{ crate::names::loss(*l) }</option> }) }
                        </select>
                    </label>
                    <label>{ tr!("networks ", "네트워크 ") }
                        <select id="mnist-arch" onchange={link.callback(|e: Event| Msg::Field("arch", e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                            { for MnistArch::ALL.iter().map(|a| html! { <option value={a.name()} selected={*a == c.arch}>{ crate::names::arch(*a) }</option> }) }
                        </select>
                    </label>
                    { field("width", "D ", c.width.to_string()) }
                    { field("lambda", "λ ", c.lambda.to_string()) }
                    { field("clip", tr!("clip c ", "클리핑 c "), c.clip.to_string()) }
                    { field("n_critic", "n_critic ", c.n_critic.to_string()) }
                    { field("lr", "lr ", c.lr.to_string()) }
                    { field("batch", tr!("batch ", "배치 "), c.batch.to_string()) }
                    { field("seed", tr!("seed ", "시드 "), c.seed.to_string()) }
                    { field("ema", tr!("G average β ", "G 평균 β "), c.ema.to_string()) }
                    <label>{ tr!("samples from ", "샘플을 그리는 생성자 ") }
                        <select id="mnist-generator-shown" onchange={link.callback(|e: Event| Msg::Field("averaged", e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                            <option value="raw" selected={!c.averaged}>{ tr!("raw G (being trained)", "원래 G (학습 중)") }</option>
                            <option value="averaged" selected={c.averaged}>{ tr!("averaged G (weight average)", "평균 G (가중치 평균)") }</option>
                        </select>
                    </label>
                </div>
                <div class="toolbar digits">{ tr!("digits to train on: ", "학습할 숫자: ") }
                    { for (0..10u8).map(|d| {
                        let on = c.digits & (1 << d) != 0;
                        let onchange = link.callback(move |e: Event| Msg::Digit(d, e.target_unchecked_into::<HtmlInputElement>().checked()));
                        html! { <label class="digit"><input type="checkbox" id={format!("mnist-digit-{d}")} checked={on} {onchange} />{ d }</label> }
                    }) }
                </div>
                if let Some((f, e)) = &self.field_error { <div id="mnist-field-error" class="notice error" role="alert">{ format!("{}: {e}", field_name(f)) }</div> }
                <div class="mnist">
                    <figure>
                        <canvas id="mnist-grid" ref={self.grid.clone()} width="224" height="224" class="digits-grid" role="img" aria-label={grid_label} />
                        <figcaption>{ tr!("64 digits from fixed noise", "고정된 잡음에서 생성한 숫자 64개") }</figcaption>
                    </figure>
                    <div class="mnist-side">
                        <h3>{ tr!("Latent interpolation", "잠재 공간 보간") }</h3>
                        <canvas id="mnist-strip" ref={self.strip.clone()} width="280" height="28" class="digits-strip" role="img" aria-label={trf!("10 generated digits at step {step} along the straight line between two noise vectors", "{step}단계에서 두 잡음 벡터를 잇는 직선을 따라 생성한 숫자 10개")} />
                        <p class="caption">{ tr!("G along the straight line between two noise vectors: a smooth generator morphs one digit into another.", "두 잡음 벡터를 잇는 직선 위의 G: 매끄러운 생성자는 한 숫자를 다른 숫자로 서서히 바꿉니다.") }</p>
                        <h3>{ tr!("W estimate and GP term", "W 추정값과 GP 항") }</h3>
                        <canvas id="mnist-w" ref={self.w_canvas.clone()} width="420" height="150" role="img" aria-label={w_label} />
                        <dl class="readout">
                            <dt>{ tr!("W estimate", "W 추정값") }</dt><dd id="mnist-west">{ snap.map_or("–".into(), |s| format!("{:.4}", s.stats.w_estimate)) }</dd>
                            <dt>{ tr!("GP term", "GP 항") }</dt><dd id="mnist-gp">{ snap.map_or("–".into(), |s| format!("{:.4}", s.stats.penalty)) }</dd>
                        </dl>
                        <h3>{ tr!("Classes of 256 generated digits", "생성된 숫자 256개의 클래스") }</h3>
                        <canvas id="mnist-classes" ref={self.hist_canvas.clone()} width="420" height="120" role="img" aria-label={classes_label} />
                        <div class="axis-digits">{ for (0..10).map(|d| html! { <span>{ d }</span> }) }</div>
                        <dl class="readout">
                            <dt>{ tr!("classes present (≥ 2 %)", "나타난 클래스 (≥ 2 %)") }</dt><dd id="mnist-present" data-counts={counts}>{ report.map_or("–".into(), |r| trf!("{} of {}", "{} / {}", r.present, r.of)) }</dd>
                            <dt>{ tr!("readable digits (classifier ≥ 90 % sure)", "읽을 수 있는 숫자 (분류기 확신 ≥ 90 %)") }</dt><dd id="mnist-readable" data-classes={readable.map_or(String::new(), |r| r.classes.to_string())}>{ readable.map_or("–".into(), |r| trf!("{:.0} %, over {} classes with ≥ 5 % each", "{:.0} %, 각각 ≥ 5 %인 클래스 {}개", 100.0 * r.share, r.classes)) }</dd>
                            <dt>{ tr!("KL(histogram ‖ uniform)", "KL(히스토그램 ‖ 균등)") }</dt><dd id="mnist-kl">{ report.map_or("–".into(), |r| if r.kl_uniform.is_finite() { format!("{:.3}", r.kl_uniform) } else { tr!("∞ (digits outside the filter)", "∞ (선택한 숫자 밖의 숫자가 나옴)").into() }) }</dd>
                        </dl>
                        <p class="caption">{ tr!("Labels from a small conv classifier the project trained itself (97 % on held-out digits). A collapsing generator shows as a few tall bars.", "레이블은 이 프로젝트가 직접 학습시킨 작은 합성곱 분류기가 붙였습니다 (따로 떼어 둔 숫자에서 97 %). 모드 붕괴가 일어나는 생성자는 몇 개의 높은 막대로 드러납니다.") }</p>
                    </div>
                </div>
            </>
        }
    }
}
