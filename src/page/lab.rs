//! The Lab: live GAN training with its plot, charts and controls.
//!
//! The component holds only what the page shows (the shared state, the last snapshot and the
//! metric history); the model lives in the training worker, reached through [`WorkerLink`].

use std::collections::BTreeMap;

use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::html::Scope;
use yew::prelude::*;

use super::download;
use super::i18n::Lang;
use super::live::{LiveData, LiveLab};
use super::plot::{self, FAKE, Layers, REAL, RGBColorExt};
use super::preset_text;
use super::text;
use crate::run::Run;
use crate::tab::{After, Experiment, Own, Tab};
use earthmover_core::config::LossKind;
use earthmover_core::config::TrainConfig;
use earthmover_core::data::{DEFAULT_JITTER, Dataset, ToyData, UserPoints};
use earthmover_core::presets::{PRESETS, Preset};
use earthmover_core::share::csv::points_from_csv;
use earthmover_core::share::metrics::{MetricsRow, to_csv};
use earthmover_core::share::url::{self, ShareState};
use earthmover_protocol::{Settings, Setup, Snapshot, ToWorker, View};

/// The Lab's own messages (the run's are the tab skeleton's).
pub enum Msg {
    ExportPng,
    ExportCsv,
    Field(&'static str, String),
    /// Text being typed into a field, not yet committed (Enter or leaving the field).
    Typing(&'static str, String),
    Loss(String),
    Dataset(String),
    Preset(String),
    Layer(&'static str),
    PlotClick(f32, f32),
    ToggleDraw,
    CsvText(String),
    UseCsv,
    /// Draw samples from the averaged generator (true) or the one being trained.
    Averaged(bool),
}

/// The Lab publishes its latest samples and critic to the explainer panels through `live`.
#[derive(Properties, PartialEq)]
pub struct LabProps {
    pub live: LiveLab,
    /// Whether the Lab's tab is shown. Hidden, it keeps training but draws nothing; showing it
    /// again changes this prop, which re-renders and so redraws everything.
    pub visible: bool,
    /// The page's language: a change re-renders the Lab in it.
    #[prop_or_default]
    pub lang: Lang,
    /// Set while a lecture slide shows the Lab: the slide's preset and layers, applied and
    /// played when the slide opens; the run pauses when the slide is left.
    #[prop_or_default]
    pub cue: Option<LabCue>,
}

/// What a lecture slide asks of the Lab.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabCue {
    /// The slide (so two slides with the same preset still restart it).
    pub slide: usize,
    /// A preset id from [`PRESETS`].
    pub preset: &'static str,
    /// The plot layers to show.
    pub layers: &'static [&'static str],
}

/// The Lab's tab.
pub type LabTab = Tab<Lab>;

/// The Lab's state on the page.
pub struct Lab {
    share: ShareState,
    snapshot: Option<Snapshot>,
    history: Vec<MetricsRow>,
    field_errors: BTreeMap<&'static str, String>,
    /// What the student is typing per field (or typed, if invalid). Shown instead of the
    /// configuration's value, so the 10–30 re-renders a second while training do not undo it.
    drafts: BTreeMap<&'static str, String>,
    drawing: bool,
    drawn: Vec<[f32; 2]>,
    csv_text: String,
    csv_errors: Vec<String>,
    main_canvas: NodeRef,
    /// The main plot's text alternative (its `aria-label`): step, modes covered, W estimate.
    /// Renewed at most once a second, so a screen reader is not flooded while training runs.
    plot_label: String,
    /// When `plot_label` was last renewed (ms since the page loaded).
    plot_label_at: f64,
    /// The charts' text alternatives, renewed with the plot's (at most once a second).
    chart_labels: [String; 6],
    /// The language `plot_label` and `chart_labels` were written in: after a switch the view
    /// writes them afresh rather than show the old language until the next renewal.
    labels_lang: Lang,
    w_canvas: NodeRef,
    g_canvas: NodeRef,
    emd_canvas: NodeRef,
    modes_canvas: NodeRef,
    weights_canvas: NodeRef,
    layers_canvas: NodeRef,
}

/// The numeric fields: (key, label, getter, setter).
type Label = fn() -> &'static str;
type Getter = fn(&TrainConfig) -> String;
type Setter = fn(&mut TrainConfig, &str) -> Result<(), String>;

fn num<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    let s = s.trim();
    s.parse::<T>()
        .map_err(|_| trf!("'{s}' is not a number", "'{s}'은(는) 숫자가 아닙니다"))
}

/// One row of [`FIELDS`]: the config field, its label, and how to show and set it.
macro_rules! field {
    ($name:ident, $label:expr) => {
        (
            stringify!($name),
            $label,
            |c: &TrainConfig| c.$name.to_string(),
            |c: &mut TrainConfig, s: &str| {
                c.$name = num(s)?;
                Ok(())
            },
        )
    };
}

// Names and symbols (Adam β₁, n_critic, λ) read the same in both languages.
const FIELDS: &[(&str, Label, Getter, Setter)] = &[
    field!(lr_g, || tr!("G learning rate", "G 학습률")),
    field!(lr_d, || tr!("D learning rate", "D 학습률")),
    field!(beta1, || "Adam β₁"),
    field!(beta2, || "Adam β₂"),
    field!(n_critic, || "n_critic"),
    field!(lambda, || "λ (GP)"),
    field!(clip, || tr!("clip c", "클리핑 c")),
    field!(batch, || tr!("batch", "배치")),
    field!(width, || tr!("width", "너비")),
    field!(depth, || tr!("depth", "깊이")),
    field!(noise_dim, || tr!("noise dim", "노이즈 차원")),
    field!(lr_half_life, || tr!("lr half-life", "학습률 반감기")),
    field!(ema, || tr!("G average β (0: none)", "G 평균 β (0: 없음)")),
    field!(seed, || tr!("seed", "시드")),
];

const DATASETS: &[(&str, Label)] = &[
    ("8gaussians", || tr!("8 Gaussians", "가우시안 8개")),
    ("25gaussians", || tr!("25 Gaussians", "가우시안 25개")),
    ("swissroll", || tr!("Swiss roll", "스위스 롤")),
    ("ring8", || tr!("Ring", "고리")),
    ("line", || tr!("Line", "직선")),
    ("blobs3", || tr!("Disjoint blobs", "떨어진 덩어리")),
    ("points", || tr!("Your points", "직접 찍은 점")),
];

const LAYERS: &[(&str, Label)] = &[
    ("surface", || tr!("critic surface", "비평가 곡면")),
    ("gradnorm", || "‖∇D‖ > 1"),
    ("real", || tr!("real", "실제")),
    ("fake", || tr!("fake", "생성")),
    ("arrows", || tr!("gradient arrows", "그래디언트 화살표")),
    ("interpolates", || tr!("GP interpolates x̂", "GP 보간점 x̂")),
    ("manifold", || tr!("generator manifold", "생성자 다양체")),
    ("matching", || tr!("EMD matching", "EMD 매칭")),
];

/// Milliseconds since the page loaded (0 where no clock is available).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The main plot's numbers as a sentence, for screen readers (the canvas's `aria-label`).
pub(crate) fn plot_label(snap: &Snapshot) -> String {
    let modes = snap.modes.as_ref().map_or(String::new(), |m| {
        let (covered, total, hq) = (m.covered, m.per_mode.len(), 100.0 * m.high_quality);
        trf!(
            ", modes covered {covered} of {total}, high-quality samples {hq:.0} %",
            ", 모드 {total}개 중 {covered}개 포착, 고품질 샘플 {hq:.0} %"
        )
    });
    let emd = snap.emd.map_or(String::new(), |e| {
        trf!(", exact EMD {e:.3}", ", 정확한 EMD {e:.3}")
    });
    let (step, w) = (snap.step, snap.stats.w_estimate);
    trf!(
        "Training plot of real (orange) and generated (blue) samples at step {step}{modes}, W estimate {w:.3}{emd}",
        "{step}단계의 실제(주황) 및 생성된(파랑) 샘플 학습 플롯{modes}, W 추정치 {w:.3}{emd}"
    )
}

/// The charts' text alternatives (their `aria-label`s), in the order w, g, emd, modes,
/// weights, layers: what a sighted student reads off each, as numbers.
fn chart_labels(snap: Option<&Snapshot>, history: &[MetricsRow]) -> [String; 6] {
    let Some(s) = snap else {
        return std::array::from_fn(|_| {
            tr!(
                "Chart: waiting for the first snapshot",
                "차트: 첫 스냅샷을 기다리는 중"
            )
            .to_string()
        });
    };
    let n = history.len();
    let list = |v: &[f32]| {
        v.iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let modes = s.modes.as_ref().map_or(
        tr!("no modes for this data", "이 데이터에는 모드가 없음").to_string(),
        |m| {
            let counts: Vec<String> = m.per_mode.iter().map(|c| c.to_string()).collect();
            let counts = counts.join(", ");
            trf!("samples per mode: {counts}", "모드별 샘플 수: {counts}")
        },
    );
    let bound = s.clip_share.map_or(String::new(), |c| {
        let share = 100.0 * c;
        trf!(
            ", {share:.0} % of them within 1 % of ±c",
            ", 그중 {share:.0} %가 ±c의 1 % 이내"
        )
    });
    let (w, gp, g, range) = (
        s.stats.w_estimate,
        s.stats.penalty,
        s.stats.g_loss,
        s.weight_range,
    );
    let emd = s.emd.map_or(tr!("not computed", "계산 안 됨").into(), |e| {
        format!("{e:.4}")
    });
    let hq = s
        .modes
        .as_ref()
        .map_or("–".into(), |m| format!("{:.0} %", 100.0 * m.high_quality));
    let norms = list(&s.stats.layer_grad_norms);
    [
        trf!(
            "W estimate over {n} snapshots: now {w:.4}; gradient penalty term {gp:.4}",
            "스냅샷 {n}개의 W 추정치: 현재 {w:.4}, 그래디언트 페널티 항 {gp:.4}"
        ),
        trf!(
            "Generator loss over {n} snapshots: now {g:.4}",
            "스냅샷 {n}개의 생성자 손실: 현재 {g:.4}"
        ),
        trf!(
            "Exact EMD over {n} snapshots: now {emd}; high-quality samples {hq}",
            "스냅샷 {n}개의 정확한 EMD: 현재 {emd}, 고품질 샘플 {hq}"
        ),
        trf!("Bar chart of {modes}", "막대 차트: {modes}"),
        trf!(
            "Histogram of the critic's weights over ±{range:.3}{bound}",
            "±{range:.3} 범위의 비평가 가중치 히스토그램{bound}"
        ),
        trf!(
            "Critic gradient norm by layer, input layer first: {norms}",
            "층별 비평가 그래디언트 노름 (입력층부터): {norms}"
        ),
    ]
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

fn write_hash(state: &ShareState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&url::encode(state)),
        );
    }
}

fn median_filter(points: &[(f64, f64)], half: usize) -> Vec<(f64, f64)> {
    (0..points.len())
        .map(|i| {
            let lo = i.saturating_sub(half);
            let hi = (i + half + 1).min(points.len());
            let mut w: Vec<f64> = points[lo..hi].iter().map(|p| p.1).collect();
            w.sort_by(f64::total_cmp);
            (points[i].0, w[w.len() / 2])
        })
        .collect()
}

impl Lab {
    fn apply_config(&mut self, config: TrainConfig, run: &mut Run) {
        let rebuild = config.width != self.share.config.width
            || config.depth != self.share.config.depth
            || config.activation != self.share.config.activation
            || config.noise_dim != self.share.config.noise_dim
            || config.seed != self.share.config.seed;
        self.share.config = config;
        self.share.preset = None;
        if rebuild {
            run.reset(self, false);
        } else {
            run.send(ToWorker::Configure(Settings::Toy(
                self.share.config.clone(),
            )));
            write_hash(&self.share);
        }
    }

    /// Takes a lecture slide's preset and layers (the caller makes the run).
    fn apply_cue(&mut self, cue: LabCue) {
        if let Some(p) = PRESETS.iter().find(|p| p.id == cue.preset) {
            self.share.config = (p.config)();
            self.share.data = Dataset::Toy(p.data);
            self.share.preset = Some(p.id.to_string());
        }
        self.share.layers = cue.layers.iter().map(|l| l.to_string()).collect();
        self.field_errors.clear();
        self.drafts.clear();
    }

    /// Whether a classroom link (`hide=…`) hides this control.
    fn hidden(&self, key: &str) -> bool {
        self.share.hidden.iter().any(|h| h == key)
    }

    fn canvas(r: &NodeRef) -> Option<HtmlCanvasElement> {
        r.cast::<HtmlCanvasElement>()
    }

    fn redraw(&self) {
        let Some(snap) = &self.snapshot else { return };

        if let Some(c) = Self::canvas(&self.main_canvas) {
            plot::draw_main(
                &c,
                snap,
                &Layers::from_names(&self.share.layers),
                &self.drawn,
            );
        }
        let series = |f: fn(&MetricsRow) -> Option<f64>| -> Vec<(f64, f64)> {
            self.history
                .iter()
                .filter_map(|h| f(h).map(|v| (h.step, v)))
                .collect()
        };
        if let Some(c) = Self::canvas(&self.w_canvas) {
            let w = series(|h| Some(h.w));
            let smooth = median_filter(&w, 10);
            let gp = series(|h| Some(h.penalty));
            plot::draw_lines(
                &c,
                &[
                    (&w, RGBColorExt::light(FAKE)),
                    (&smooth, FAKE),
                    (&gp, RGBColorExt::gp()),
                ],
                false,
            );
        }
        if let Some(c) = Self::canvas(&self.g_canvas) {
            let g = series(|h| Some(h.g_loss));
            plot::draw_lines(&c, &[(&g, RGBColorExt::weights())], false);
        }
        if let Some(c) = Self::canvas(&self.emd_canvas) {
            let emd = series(|h| h.emd);
            let hq = series(|h| h.high_quality);
            plot::draw_lines(&c, &[(&emd, REAL), (&hq, RGBColorExt::hq())], false);
        }
        if let Some(c) = Self::canvas(&self.modes_canvas) {
            let bars: Vec<f64> = snap
                .modes
                .as_ref()
                .map(|m| m.per_mode.iter().map(|&v| v as f64).collect())
                .unwrap_or_default();
            plot::draw_bars(&c, &bars, FAKE, false);
        }
        if let Some(c) = Self::canvas(&self.weights_canvas) {
            let bars: Vec<f64> = snap.weight_hist.iter().map(|&v| v as f64).collect();
            plot::draw_bars(
                &c,
                &bars,
                RGBColorExt::weights(),
                self.share.config.loss == LossKind::WganClip,
            );
        }
        if let Some(c) = Self::canvas(&self.layers_canvas) {
            let bars: Vec<f64> = snap
                .stats
                .layer_grad_norms
                .iter()
                .map(|&v| (v.max(1e-12) as f64).log10() + 12.0)
                .collect();
            plot::draw_bars(&c, &bars, RGBColorExt::gp(), false);
        }
    }
}

impl Experiment for Lab {
    type Props = LabProps;
    type Msg = Msg;
    type Config = TrainConfig;
    const PREFIX: &'static str = "";
    const FILE_WORD: Option<&'static str> = None;
    const STEP_PARTS: bool = true;
    const SPEED: Option<u32> = Some(50);

    fn create(props: &LabProps, run: &mut Run, _: &Scope<Tab<Self>>) -> Self {
        let decoded = url::decode(&current_hash());
        run.notices
            .extend(decoded.notices.iter().map(text::link_notice));
        let mut lab = Self {
            share: decoded.state,
            snapshot: None,
            history: vec![],
            field_errors: BTreeMap::new(),
            drafts: BTreeMap::new(),
            drawing: false,
            drawn: vec![],
            csv_text: String::new(),
            csv_errors: vec![],
            main_canvas: NodeRef::default(),
            plot_label: String::new(),
            plot_label_at: f64::NEG_INFINITY,
            chart_labels: chart_labels(None, &[]),
            labels_lang: crate::i18n::lang(),
            w_canvas: NodeRef::default(),
            g_canvas: NodeRef::default(),
            emd_canvas: NodeRef::default(),
            modes_canvas: NodeRef::default(),
            weights_canvas: NodeRef::default(),
            layers_canvas: NodeRef::default(),
        };
        // A slide opened from a link: its run is made when the worker is ready.
        if let Some(cue) = props.cue {
            lab.apply_cue(cue);
            write_hash(&lab.share);
            run.cue.changed(&None, &Some(cue), false);
        }
        run.start();
        lab
    }

    fn setup(&mut self, _: bool) -> Setup {
        self.history.clear();
        self.snapshot = None;
        write_hash(&self.share);
        Setup::Toy {
            config: self.share.config.clone(),
            data: self.share.data.clone(),
        }
    }

    fn snapshot(&mut self, view: View, props: &LabProps) -> After {
        let View::Toy(snap) = view else {
            return After::Ignored;
        };
        let snap = *snap;
        if self
            .history
            .last()
            .is_some_and(|h| h.step as u64 > snap.step)
        {
            self.history.clear();
        }
        if self
            .history
            .last()
            .is_none_or(|h| (h.step as u64) < snap.step)
        {
            self.history.push(MetricsRow {
                step: snap.step as f64,
                w: snap.stats.w_estimate as f64,
                penalty: snap.stats.penalty as f64,
                g_loss: snap.stats.g_loss as f64,
                emd: snap.emd,
                high_quality: snap.modes.as_ref().map(|m| m.high_quality),
            });
            if self.history.len() > 2000 {
                // Keep every other point: the chart stays light on long runs.
                self.history = self.history.iter().step_by(2).cloned().collect();
            }
        }
        let now = now_ms();
        // At most once a second while training; a paused snapshot (rare) always, so the text
        // never lags behind a stopped plot.
        if now - self.plot_label_at >= 1000.0 || self.plot_label.is_empty() || !snap.playing {
            self.plot_label_at = now;
            self.plot_label = plot_label(&snap);
            self.chart_labels = chart_labels(Some(&snap), &self.history);
            self.labels_lang = crate::i18n::lang();
        }
        props.live.set(LiveData {
            step: snap.step,
            loss: self.share.config.loss,
            real: snap.real.clone(),
            fake: snap.fake.clone(),
            surface: snap.surface.clone(),
        });
        self.snapshot = Some(snap);
        After::Shown
    }

    fn weights_loaded(&mut self, config: TrainConfig) {
        self.share.config = config;
        self.share.preset = None;
        self.field_errors.clear();
        self.drafts.clear();
        self.history.clear();
        self.snapshot = None;
        write_hash(&self.share);
    }

    fn update(&mut self, msg: Msg, run: &mut Run, _: &LabProps) -> bool {
        match msg {
            Msg::ExportPng => {
                let url = Self::canvas(&self.main_canvas).and_then(|c| c.to_data_url().ok());
                let step = self.snapshot.as_ref().map_or(0, |s| s.step);
                if let Err(e) = url
                    .ok_or_else(|| {
                        tr!(
                            "the plot is not drawn yet",
                            "플롯이 아직 그려지지 않았습니다"
                        )
                        .to_string()
                    })
                    .and_then(|u| download::save_url(&format!("earthmover-step-{step}.png"), &u))
                {
                    run.error = Some(trf!(
                        "could not save the plot: {e}",
                        "플롯을 저장하지 못했습니다: {e}"
                    ));
                }
            }
            Msg::ExportCsv => {
                let csv = to_csv(&self.history);
                if let Err(e) =
                    download::save_bytes("earthmover-metrics.csv", csv.as_bytes(), "text/csv")
                {
                    run.error = Some(trf!(
                        "could not save the metrics: {e}",
                        "지표를 저장하지 못했습니다: {e}"
                    ));
                }
            }
            Msg::Typing(key, value) => {
                self.drafts.insert(key, value);
                // The DOM already shows it; nothing to redraw.
                return false;
            }
            Msg::Field(key, value) => {
                let Some((_, _, _, set)) = FIELDS.iter().find(|f| f.0 == key) else {
                    return false;
                };
                let mut next = self.share.config.clone();
                match set(&mut next, &value).and_then(|_| {
                    next.validate()
                        .map_err(|e| text::config_problem(&e.problem))
                }) {
                    Ok(()) => {
                        self.drafts.remove(key);
                        self.field_errors.remove(key);
                        self.apply_config(next, run);
                    }
                    Err(e) => {
                        // Kept as typed, beside its message, until corrected.
                        self.drafts.insert(key, value);
                        self.field_errors.insert(key, e);
                    }
                }
            }
            Msg::Averaged(on) => {
                let next = self.share.config.clone().with_averaged(on);
                self.apply_config(next, run);
            }
            Msg::Loss(name) => {
                if let Some(loss) = LossKind::parse(&name) {
                    let mut next = self.share.config.clone().with_loss(loss);
                    // The original GAN alternates one D step with one G step.
                    if !loss.is_wasserstein() {
                        next.n_critic = 1;
                    }
                    self.apply_config(next, run);
                }
            }
            Msg::Dataset(name) => {
                if name == "points" {
                    self.drawing = true;
                    if let Ok(u) = UserPoints::new(self.drawn.clone(), DEFAULT_JITTER) {
                        self.share.data = Dataset::User(u);
                        run.reset(self, false);
                    }
                } else if let Ok(t) = ToyData::parse(&name) {
                    self.drawing = false;
                    self.share.data = Dataset::Toy(t);
                    run.reset(self, false);
                }
            }
            Msg::Preset(name) => {
                if let Some(p) = PRESETS.iter().find(|p| p.id == name) {
                    let Preset { config, data, .. } = p;
                    self.share.config = config();
                    self.share.data = Dataset::Toy(*data);
                    self.share.preset = Some(p.id.to_string());
                    self.field_errors.clear();
                    self.drafts.clear();
                    run.reset(self, false);
                }
            }
            Msg::Layer(name) => {
                if let Some(i) = self.share.layers.iter().position(|l| l == name) {
                    self.share.layers.remove(i);
                } else {
                    self.share.layers.push(name.to_string());
                }
                write_hash(&self.share);
                self.redraw();
            }
            Msg::PlotClick(x, y) => {
                if !self.drawing {
                    return false;
                }
                self.drawn.push([x, y]);
                if let Ok(u) = UserPoints::new(self.drawn.clone(), DEFAULT_JITTER) {
                    let first = !matches!(self.share.data, Dataset::User(_));
                    self.share.data = Dataset::User(u);
                    if first {
                        run.reset(self, false);
                    } else {
                        run.send(ToWorker::SetData(self.share.data.clone()));
                        write_hash(&self.share);
                    }
                }
            }
            Msg::ToggleDraw => {
                self.drawing = !self.drawing;
                if self.drawing {
                    self.drawn.clear();
                }
            }
            Msg::CsvText(t) => {
                // The textarea already shows what was typed: no re-render, so a keystroke
                // never redraws the canvases.
                self.csv_text = t;
                return false;
            }
            Msg::UseCsv => match points_from_csv(&self.csv_text, DEFAULT_JITTER) {
                Ok(u) => {
                    self.csv_errors.clear();
                    self.drawn = u.points().to_vec();
                    self.share.data = Dataset::User(u);
                    run.reset(self, false);
                }
                Err(errors) => self.csv_errors = errors.iter().map(text::csv_error).collect(),
            },
        }
        true
    }

    fn changed(&mut self, old: &LabProps, props: &LabProps, run: &mut Run) -> bool {
        let cue = props.cue;
        if cue != old.cue
            && let Some(cue) = cue
        {
            // The pause of the slide left goes first; then the new slide's run is made.
            if old.cue.is_some() {
                run.send(ToWorker::Pause);
            }
            self.apply_cue(cue);
            run.reset(self, false);
        }
        let ready = run.ready();
        for m in run.cue.changed(&old.cue, &cue, ready) {
            if !(matches!(m, ToWorker::Pause) && cue.is_some()) {
                run.send(m);
            }
        }
        true
    }

    fn rendered(&mut self, props: &LabProps, _: &Run) {
        if props.visible {
            self.redraw();
        }
    }

    fn view(&self, _: &LabProps, run: &Run, scope: &Scope<Tab<Self>>) -> Html {
        let link = Own(scope);
        let snap = self.snapshot.as_ref();
        let fmt = |v: Option<f64>, digits: usize| {
            v.map_or("–".to_string(), |v| format!("{v:.digits$}"))
        };
        // The run exists once the worker has sent its first snapshot.
        let not_ready = snap.is_none();
        let on_plot_click = {
            let extent = snap.map_or(2.0, |s| s.surface.extent);
            link.callback(move |e: MouseEvent| {
                let target: HtmlCanvasElement = e.target_unchecked_into();
                let r = target.get_bounding_client_rect();
                let fx = (e.client_x() as f64 - r.left()) / r.width();
                let fy = (e.client_y() as f64 - r.top()) / r.height();
                Msg::PlotClick(
                    ((2.0 * fx - 1.0) * extent as f64) as f32,
                    ((1.0 - 2.0 * fy) * extent as f64) as f32,
                )
            })
        };
        let data_name = match &self.share.data {
            Dataset::Toy(t) => t.name(),
            Dataset::User(_) => "points".into(),
        };
        let modes = snap.and_then(|s| s.modes.as_ref());
        // Written afresh in the new language right after a switch (a paused run sends no
        // snapshot to renew them).
        let fresh;
        let (plot_text, labels) = if self.labels_lang == crate::i18n::lang() {
            (&self.plot_label, &self.chart_labels)
        } else {
            fresh = (
                snap.map_or(String::new(), plot_label),
                chart_labels(snap, &self.history),
            );
            (&fresh.0, &fresh.1)
        };
        html! {
            <section class="lab">
                { run.view_notices::<Self>() }
                { run.view_toolbar(scope, html! {}) }
                <div class="toolbar exports">
                    <span>{ tr!("Export:", "내보내기:") }</span>
                    <button id="export-png" disabled={not_ready} onclick={link.callback(|_| Msg::ExportPng)}>{ tr!("plot PNG", "플롯 PNG") }</button>
                    <button id="export-csv" disabled={not_ready} onclick={link.callback(|_| Msg::ExportCsv)}>{ tr!("metrics CSV", "지표 CSV") }</button>
                    { run.view_weights(scope) }
                </div>
                <div class="lab-grid">
                    <div class="plot-column">
                        <canvas id="main-plot" ref={self.main_canvas.clone()} width="480" height="480"
                            role="img" aria-label={if plot_text.is_empty() { tr!("Training plot: waiting for the first snapshot", "학습 플롯: 첫 스냅샷을 기다리는 중").to_string() } else { plot_text.clone() }}
                            class={classes!(self.drawing.then_some("drawing"))} onclick={on_plot_click} />
                        <div class="layers">
                            { for LAYERS.iter().map(|(id, label)| {
                                let on = self.share.layers.iter().any(|l| l == id);
                                html! { <label><input type="checkbox" id={format!("layer-{id}")} checked={on}
                                    onchange={link.callback(move |_| Msg::Layer(id))} />{ label() }</label> }
                            }) }
                        </div>
                        <p class="legend"><span class="real">{ tr!("● real", "● 실제") }</span>{ " " }<span class="fake" id="fake-legend">{
                            // Fixed-generator mode draws what the critic is trained against.
                            if self.share.config.fixed_generator {
                                tr!("● real + N(0, 1) noise: what the critic is trained against (the generator is held fixed)",
                                    "● 실제 + N(0, 1) 노이즈: 비평가가 상대로 학습하는 샘플 (생성자는 고정됨)")
                            } else {
                                tr!("● generated", "● 생성된 샘플")
                            }
                        }</span>
                            { tr!(" · arrows: where the loss pushes each generated point (red: ‖∇D‖ > 1)",
                                " · 화살표: 손실이 각 생성된 점을 미는 방향 (빨강: ‖∇D‖ > 1)") }
                            { tr!(" · purple ×: GP interpolates x̂ · green grid: the generator manifold · grey segments: the exact EMD matching",
                                " · 보라색 ×: GP 보간점 x̂ · 초록 격자: 생성자 다양체 · 회색 선분: 정확한 EMD 매칭") }</p>
                    </div>
                    <div class="metrics">
                        <dl>
                            <dt>{ tr!("W estimate E[D(real)] − E[D(fake)]", "W 추정치 E[D(실제)] − E[D(생성)]") }</dt><dd id="w-estimate">{ fmt(snap.map(|s| s.stats.w_estimate as f64), 4) }</dd>
                            <dt>{ tr!("gradient penalty term", "그래디언트 페널티 항") }</dt><dd id="penalty">{ fmt(snap.map(|s| s.stats.penalty as f64), 4) }</dd>
                            <dt>{ tr!("G loss (not meaningful on its own)", "G 손실 (그 자체로는 의미 없음)") }</dt><dd id="g-loss">{ fmt(snap.map(|s| s.stats.g_loss as f64), 4) }</dd>
                            <dt>{ tr!("modes covered", "포착된 모드") }</dt><dd id="modes">{ modes.map_or("–".into(), |m| format!("{}/{}", m.covered, m.per_mode.len())) }</dd>
                            <dt>{ tr!("high-quality samples", "고품질 샘플") }</dt><dd id="hq">{ modes.map_or("–".into(), |m| format!("{:.1} %", 100.0 * m.high_quality)) }</dd>
                            <dt>{ tr!("exact EMD(real, fake)", "정확한 EMD(실제, 생성)") }</dt><dd id="emd">{ fmt(snap.and_then(|s| s.emd), 4) }</dd>
                        </dl>
                        <h3>{ tr!("W estimate (raw, median) and GP", "W 추정치 (원값, 중앙값)와 GP") }</h3>
                        <canvas id="chart-w" ref={self.w_canvas.clone()} width="360" height="120" role="img" aria-label={labels[0].clone()} />
                        <h3>{ tr!("G loss (not meaningful on its own: it moves with the critic's offset)", "G 손실 (그 자체로는 의미 없음: 비평가의 오프셋을 따라 움직임)") }</h3>
                        <canvas id="chart-g" ref={self.g_canvas.clone()} width="360" height="80" role="img" aria-label={labels[1].clone()} />
                        <h3>{ tr!("EMD (orange) and share of high-quality samples (green)", "EMD (주황)와 고품질 샘플 비율 (초록)") }</h3>
                        <canvas id="chart-emd" ref={self.emd_canvas.clone()} width="360" height="120" role="img" aria-label={labels[2].clone()} />
                        <h3>{ tr!("samples per mode", "모드별 샘플 수") }</h3>
                        <canvas id="chart-modes" ref={self.modes_canvas.clone()} width="360" height="80" role="img" aria-label={labels[3].clone()} />
                        <h3>{ tr!("critic weights (clipping piles them at ±c)", "비평가 가중치 (클리핑하면 ±c에 몰림)") }</h3>
                        <canvas id="chart-weights" ref={self.weights_canvas.clone()} width="360" height="80" role="img" aria-label={labels[4].clone()} />
                        if let Some(share) = snap.and_then(|s| s.clip_share) {
                            <p class="chart-note">{ tr!("weights within 1 % of ±c: ", "±c의 1 % 이내인 가중치: ") }<b id="clip-share">{ format!("{:.0} %", 100.0 * share) }</b></p>
                        }
                        if let Some(gap) = snap.and_then(|s| s.gp_gap) {
                            <p class="chart-note" title={tr!("WGAN-GP asks for ‖∇D‖ = 1 at points between real and generated samples; 0 means it holds exactly", "WGAN-GP는 실제와 생성된 샘플 사이의 점에서 ‖∇D‖ = 1을 요구합니다. 0이면 정확히 지켜진 것입니다")}>
                                { tr!("mean |‖∇D(x̂)‖ − 1| at the interpolates: ", "보간점에서의 평균 |‖∇D(x̂)‖ − 1|: ") }<b id="gp-gap">{ format!("{gap:.3}") }</b></p>
                        }
                        <h3>{ tr!("critic gradient norm by layer (log scale)", "층별 비평가 그래디언트 노름 (로그 척도)") }</h3>
                        <canvas id="chart-layers" ref={self.layers_canvas.clone()} width="360" height="80" role="img" aria-label={labels[5].clone()} />
                        <p class="chart-note" id="layer-norms">{ snap.map_or(String::new(), |s| s.stats.layer_grad_norms.iter().map(|v| format!("{v:.2e}")).collect::<Vec<_>>().join(" · ")) }</p>
                    </div>
                    <div class="controls">
                        <label>{ tr!("preset ", "프리셋 ") }
                            <select id="preset" onchange={link.callback(|e: Event| Msg::Preset(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                                <option value="" selected={self.share.preset.is_none()}>{ "—" }</option>
                                { for PRESETS.iter().map(|p| html! {
                                    <option value={p.id} selected={self.share.preset.as_deref() == Some(p.id)}>{ preset_text::label(p.id) }</option>
                                }) }
                            </select>
                        </label>
                        if let Some(p) = self.share.preset.as_deref().and_then(|id| PRESETS.iter().find(|p| p.id == id)) {
                            <p class="preset-note"><b>{ tr!("Notice: ", "살펴볼 점: ") }</b>{ preset_text::notice(p.id) }<br/><small>{ preset_text::provenance(p.id) }</small></p>
                        }
                        <label hidden={self.hidden("data")}>{ tr!("data ", "데이터 ") }
                            <select id="dataset" onchange={link.callback(|e: Event| Msg::Dataset(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                                { for DATASETS.iter().map(|(id, label)| html! { <option value={*id} selected={data_name == *id}>{ label() }</option> }) }
                            </select>
                        </label>
                        <button id="draw" onclick={link.callback(|_| Msg::ToggleDraw)}>
                            { if self.drawing { tr!("Stop drawing", "그리기 멈춤") } else { tr!("Draw your own (click the plot)", "직접 그리기 (플롯을 클릭)") } }</button>
                        <label hidden={self.hidden("loss")}>{ tr!("loss ", "손실 ") }
                            <select id="loss" onchange={link.callback(|e: Event| {
                                let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                                Msg::Loss(v)
                            })}>
                                { for LossKind::ALL.iter().map(|l| html! { <option value={l.name()} selected={*l == self.share.config.loss}>{ crate::names::loss(*l) }</option> }) }
                            </select>
                        </label>
                        <label hidden={self.hidden("averaged")}>{ tr!("samples from ", "샘플을 그리는 생성자 ") }
                            <select id="generator-shown" disabled={self.share.config.fixed_generator || self.share.config.ema == 0.0}
                                onchange={link.callback(|e: Event| Msg::Averaged(e.target_unchecked_into::<HtmlSelectElement>().value() == "averaged"))}>
                                <option value="raw" selected={!self.share.config.averaged}>{ tr!("raw G (being trained)", "원래 G (학습 중)") }</option>
                                <option value="averaged" selected={self.share.config.averaged}>{ tr!("averaged G (weight average)", "평균 G (가중치 평균)") }</option>
                            </select>
                        </label>
                        { for FIELDS.iter().filter(|f| !self.hidden(f.0)).map(|(key, label, get, _)| {
                            let key: &'static str = key;
                            html! {
                                <label class="field">{ label() }
                                    <input id={format!("field-{key}")}
                                        value={self.drafts.get(key).cloned().unwrap_or_else(|| get(&self.share.config))}
                                        oninput={link.callback(move |e: InputEvent| Msg::Typing(key, e.target_unchecked_into::<HtmlInputElement>().value()))}
                                        onchange={link.callback(move |e: Event| Msg::Field(key, e.target_unchecked_into::<HtmlInputElement>().value()))} />
                                    if let Some(err) = self.field_errors.get(key) { <span class="field-error">{ err }</span> }
                                </label>
                            }
                        }) }
                        <label>{ tr!("paste x,y points", "x,y 점 붙여넣기") }
                            <textarea id="csv" rows="4" value={self.csv_text.clone()}
                                oninput={link.callback(|e: InputEvent| Msg::CsvText(e.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
                        </label>
                        <button id="use-csv" onclick={link.callback(|_| Msg::UseCsv)}>{ tr!("Use these points", "이 점 사용") }</button>
                        { for self.csv_errors.iter().map(|e| html! { <div class="field-error csv-error">{ e }</div> }) }
                    </div>
                </div>
            </section>
        }
    }
}
