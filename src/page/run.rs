//! One experiment's run as the page sees it, written once for every tab: the worker's life
//! (start, Ready, and a new worker on the CPU from the last checkpoint when a lost GPU ends the
//! old one), the backend badge and switch, play, step, reset and pace, weights save and load,
//! and the notices all of these raise.
//!
//! What differs between experiments reaches it through [`Experiment`](crate::tab::Experiment):
//! the setup a reset sends, what a snapshot changes, and a weights file's settings. The tab
//! skeleton ([`crate::tab`]) owns one `Run` beside the experiment's state.

use std::any::Any;

use yew::html::Scope;
use yew::prelude::*;

use crate::cue::CueFollower;
use crate::download;
use crate::tab::{After, Experiment, Tab, TabMsg};
use crate::text;
use crate::worker_link::{Incoming, Needs, Resume, WorkerLink};
use earthmover_core::share::weights;
use earthmover_protocol::{Backend, FromWorker, RunStatus, StepKind, ToWorker, WeightsPurpose};

/// What the shared controls and the worker ask of a run.
pub enum RunMsg {
    Worker(Incoming),
    Play,
    Pause,
    Step(StepKind),
    Reset,
    /// Steps per tick, committed (Enter or leaving the field).
    Speed(String),
    /// Steps per tick being typed, not yet committed.
    SpeedTyping(String),
    SwitchBackend,
    /// `?debug=1`'s test hook: the worker fails as if the GPU were lost.
    SimulateFailure,
    ExportWeights,
    /// A weights file the student picked: its name and bytes (or why it could not be read).
    WeightsFile(String, Result<Vec<u8>, String>),
}

/// A weights file's outcome, shown until the next one (or a reset).
struct WeightsNotice {
    text: String,
    refused: bool,
}

/// The run's state on the page (the model itself lives in the worker).
pub struct Run {
    /// Where the worker's messages go: kept, so a replacement worker reports to the same tab.
    on_event: Callback<Incoming>,
    link: Option<WorkerLink>,
    /// Whether the worker has said Ready (before that its handler may not be installed, and
    /// whatever the student chose goes with the first reset anyway).
    ready: bool,
    /// The last snapshot's step, pace, play state and backend; `None` until the run exists.
    status: Option<RunStatus>,
    backend: Option<Backend>,
    /// The student's (or the link's `?backend=`) choice; `None` lets the experiment choose.
    backend_pref: Option<Backend>,
    /// Why the backend last changed, in words (the badge's tooltip).
    backend_note: Option<String>,
    webgpu_available: bool,
    /// The latest weights checkpoint from a WebGPU run: (step, weights file).
    checkpoint: Option<(u64, Vec<u8>)>,
    /// A weights file the worker is checking: its name and its settings (the experiment's
    /// `Config`, read by the page), applied when the worker says it loaded.
    loading: Option<(String, Box<dyn Any>)>,
    /// Set while a new worker replaces one that died.
    recovering: Option<Resume>,
    /// Whether the experiment trains on WebGPU unasked where there is an adapter; if not, its
    /// worker is the CPU-only build unless the student or the link asks for WebGPU.
    gpu_default: bool,
    /// Plays and pauses the run as lecture slides open and close.
    pub cue: CueFollower,
    /// `?debug=1`: shows the test hook that makes the worker fail like a lost GPU.
    debug: bool,
    /// Steps per tick, where the experiment shows the field.
    speed: u32,
    /// What the student is typing (or typed, if refused) in the steps-per-tick field: shown
    /// instead of `speed`, so the re-renders of a training run do not undo the typing.
    speed_draft: Option<String>,
    /// Things the student should know (a link's skipped values, a divergence, a recovery).
    pub notices: Vec<String>,
    weights_notice: Option<WeightsNotice>,
    /// The last refusal or failure, shown as an alert.
    pub error: Option<String>,
}

impl Run {
    /// A run whose worker is not started yet ([`Run::start`]).
    pub fn new(on_event: Callback<Incoming>, default_speed: u32, gpu_default: bool) -> Self {
        Self {
            on_event,
            link: None,
            ready: false,
            status: None,
            backend: None,
            backend_pref: crate::shell::backend_from_query(),
            backend_note: None,
            webgpu_available: false,
            checkpoint: None,
            loading: None,
            recovering: None,
            gpu_default,
            cue: CueFollower::default(),
            debug: crate::shell::query_param("debug").as_deref() == Some("1"),
            speed: default_speed,
            speed_draft: None,
            notices: vec![],
            weights_notice: None,
            error: None,
        }
    }

    /// Starts a worker; it answers Ready, and the run is made then.
    pub fn start(&mut self) {
        let cb = self.on_event.clone();
        let needs = if self.gpu_default || self.backend_pref == Some(Backend::WebGpu) {
            Needs::AnyBackend
        } else {
            Needs::Cpu
        };
        match WorkerLink::spawn(needs, move |m| cb.emit(m)) {
            Ok(l) => self.link = Some(l),
            Err(e) => self.error = Some(e),
        }
    }

    /// Sends a command once the worker has said Ready; before, it is dropped (the first reset
    /// carries the settings in force).
    pub fn send(&self, msg: ToWorker) {
        if let (Some(l), true) = (&self.link, self.ready) {
            l.send(&msg);
        }
    }

    /// Whether the worker has said Ready.
    pub fn ready(&self) -> bool {
        self.ready
    }

    pub fn playing(&self) -> bool {
        self.status.is_some_and(|s| s.playing)
    }

    /// The lecture slide showing this tab changed from `old` to `new`: play on entry (once the
    /// run exists), pause on exit.
    pub fn follow_cue<C: PartialEq>(&mut self, old: &Option<C>, new: &Option<C>) {
        let ready = self.status.is_some();
        for m in self.cue.changed(old, new, ready) {
            self.send(m);
        }
    }

    /// Restarts the run from the seed with the experiment's current settings (`fresh_worker`
    /// right after a worker started).
    pub fn reset<E: Experiment>(&mut self, exp: &mut E, fresh_worker: bool) {
        // A file still being checked is superseded: the worker's reset comes after its load.
        self.loading = None;
        // A checkpoint belongs to the run it came from (and maybe another architecture).
        self.checkpoint = None;
        self.status = None;
        self.send(ToWorker::Reset(exp.setup(fresh_worker)));
    }

    /// Handles a shared control or a worker message; returns whether to re-render.
    pub fn update<E: Experiment>(&mut self, msg: RunMsg, exp: &mut E, props: &E::Props) -> bool {
        match msg {
            RunMsg::Worker(Incoming::Message(m)) => return self.on_worker(m, exp, props),
            RunMsg::Worker(Incoming::Died(why)) => self.recover(why),
            RunMsg::Worker(unreadable @ Incoming::Unreadable(_)) => {
                let e = unreadable.failure().unwrap_or_default();
                self.error = Some(trf!(
                    "a message from the worker was unreadable ({e})",
                    "워커가 보낸 메시지를 읽을 수 없습니다 ({e})"
                ))
            }
            RunMsg::Play => {
                self.error = None;
                self.send(ToWorker::Play);
            }
            RunMsg::Pause => self.send(ToWorker::Pause),
            RunMsg::Step(k) => self.send(ToWorker::Step(k)),
            RunMsg::Reset => {
                self.notices.clear();
                self.error = None;
                self.weights_notice = None;
                self.reset(exp, false);
            }
            RunMsg::Speed(s) => match s.trim().parse::<u32>() {
                Ok(v @ 1..=1000) => {
                    self.speed = v;
                    self.speed_draft = None;
                    self.error = None;
                    self.send(ToWorker::Speed(v));
                }
                // The pace stays as it was, and the student is told why.
                _ => {
                    // Kept as typed, beside its message, until corrected.
                    self.speed_draft = Some(s.clone());
                    let s = s.trim();
                    self.error = Some(trf!(
                        "steps per tick must be a whole number from 1 to 1000, not “{s}”; the pace is unchanged",
                        "틱당 단계는 1부터 1000까지의 정수여야 합니다. “{s}”은(는) 쓸 수 없어 속도는 그대로입니다"
                    ));
                }
            },
            RunMsg::SpeedTyping(s) => {
                self.speed_draft = Some(s);
                // The field already shows it; nothing to redraw.
                return false;
            }
            RunMsg::SwitchBackend => {
                let next = match self.backend {
                    Some(Backend::WebGpu) => Backend::Cpu,
                    _ => Backend::WebGpu,
                };
                self.backend_pref = Some(next);
                self.send(ToWorker::UseBackend(next));
            }
            RunMsg::SimulateFailure => self.send(ToWorker::SimulateFailure),
            RunMsg::ExportWeights => self.send(ToWorker::ExportWeights(WeightsPurpose::Export)),
            RunMsg::WeightsFile(name, bytes) => {
                // The page checks the file's settings; the worker checks its tensors and
                // answers WeightsLoaded or WeightsRefused before anything here changes.
                let checked = bytes.and_then(|b| {
                    weights::read::<E::Config>(&b)
                        .map(|meta| (meta.config, b))
                        .map_err(|p| text::weights_problem(&p))
                });
                match checked {
                    Ok((config, bytes)) => {
                        self.loading = Some((name, Box::new(config)));
                        self.send(ToWorker::LoadWeights { bytes });
                    }
                    Err(e) => self.weights_refused(trf!(
                        "Weights not loaded from {name}: {e}. The run is unchanged.",
                        "가중치를 불러오지 못했습니다({name}): {e}. 실행은 바뀌지 않았습니다."
                    )),
                }
            }
        }
        true
    }

    fn weights_refused(&mut self, text: String) {
        self.weights_notice = Some(WeightsNotice {
            text,
            refused: true,
        });
    }

    fn on_worker<E: Experiment>(&mut self, msg: FromWorker, exp: &mut E, props: &E::Props) -> bool {
        match msg {
            FromWorker::Ready {
                backend,
                webgpu_available,
            } => {
                self.ready = true;
                self.backend = Some(backend);
                self.webgpu_available = webgpu_available;
                let want = self
                    .backend_pref
                    .unwrap_or_else(|| E::default_backend(webgpu_available));
                if want != backend {
                    self.send(ToWorker::UseBackend(want));
                }
                self.reset(exp, true);
                if E::SPEED.is_some() {
                    self.send(ToWorker::Speed(self.speed));
                }
                if let Some(play) = self.cue.ready() {
                    self.send(play);
                }
                for cmd in self
                    .recovering
                    .take()
                    .into_iter()
                    .flat_map(Resume::commands)
                {
                    self.send(cmd);
                }
            }
            FromWorker::Snapshot(view) => {
                let status = view.status();
                match exp.snapshot(view, props) {
                    After::Ignored => return false,
                    After::Reset => self.reset(exp, false),
                    After::Shown => {
                        self.backend = Some(status.backend);
                        self.status = Some(status);
                    }
                }
            }
            FromWorker::Rejected(r) => self.error = Some(text::refusal(&r)),
            // A file the student chose: the run is now the file's. (Without `loading` this is
            // a checkpoint resumed after a worker restart, which needs nothing here.)
            FromWorker::WeightsLoaded { step } => {
                if let Some((name, config)) = self.loading.take() {
                    if let Ok(config) = config.downcast::<E::Config>() {
                        exp.weights_loaded(*config);
                    }
                    self.checkpoint = None;
                    self.status = None;
                    self.weights_notice = Some(WeightsNotice {
                        text: trf!(
                            "Loaded weights from {name} (step {step}); the run's settings are now the file's.",
                            "가중치를 불러왔습니다({name}, {step}단계). 이제 실행 설정은 파일의 설정입니다."
                        ),
                        refused: false,
                    });
                }
            }
            FromWorker::WeightsRefused(r) => {
                let e = text::refusal(&r);
                let message = match self.loading.take() {
                    Some((name, _)) => trf!(
                        "Weights not loaded from {name}: {e}. The run is unchanged.",
                        "가중치를 불러오지 못했습니다({name}): {e}. 실행은 바뀌지 않았습니다."
                    ),
                    None => trf!(
                        "The checkpoint could not be resumed: {e}.",
                        "체크포인트에서 재개하지 못했습니다: {e}."
                    ),
                };
                self.weights_refused(message);
            }
            FromWorker::Weights {
                purpose: WeightsPurpose::Checkpoint,
                step,
                bytes,
            } => {
                self.checkpoint = Some((step, bytes));
                return false;
            }
            FromWorker::Weights {
                purpose: WeightsPurpose::Export,
                step,
                bytes,
            } => {
                if let Err(e) = download::save_weights(E::FILE_WORD, step, &bytes) {
                    self.error = Some(e);
                }
            }
            FromWorker::Diverged { step, restored } => {
                self.notices.push(text::diverged(step, restored))
            }
            FromWorker::BackendChanged { backend, reason } => {
                let asked = self.backend_pref;
                self.backend = Some(backend);
                let reason = text::backend_reason(&reason);
                self.backend_note = Some(reason.clone());
                // Only an explicit request that failed deserves a notice; auto-detection that
                // ends on the CPU is what a laptop without WebGPU should quietly do.
                if asked.is_some_and(|a| a != backend) {
                    let label = backend.label();
                    self.notices.push(trf!(
                        "Training on {label}: {reason}",
                        "{label}에서 학습합니다: {reason}"
                    ));
                }
            }
        }
        true
    }

    /// The worker died (a lost GPU device ends it with a panic): start a new one on the CPU
    /// and resume from the last checkpoint, saying so.
    fn recover(&mut self, why: String) {
        // The browser's own report, quoted and named in the student's language.
        let why = text::quoted(text::Source::Browser, &why);
        let resume = self.checkpoint.take();
        if let Some((name, _)) = self.loading.take() {
            self.weights_refused(trf!(
                "Weights not loaded from {name}: the worker stopped before checking the file. Load it again.",
                "가중치를 불러오지 못했습니다({name}): 파일을 확인하기 전에 워커가 멈췄습니다. 다시 불러오세요."
            ));
        }
        self.link = None;
        self.ready = false;
        self.backend = None;
        self.backend_pref = Some(Backend::Cpu);
        self.notices.push(match &resume {
            Some((step, _)) => trf!(
                "The training worker stopped ({why}); this happens when the GPU device is lost. \
                 Training continues on the CPU from the checkpoint at step {step}.",
                "학습 워커가 멈췄습니다({why}). GPU 장치를 잃으면 이렇게 됩니다. \
                 {step}단계의 체크포인트에서 CPU로 학습을 이어 갑니다."
            ),
            None => trf!(
                "The training worker stopped ({why}). It was restarted on the CPU; no checkpoint \
                 existed yet, so the run starts again from its seed.",
                "학습 워커가 멈췄습니다({why}). CPU에서 다시 시작했습니다. 아직 체크포인트가 \
                 없어서 시드부터 다시 실행합니다."
            ),
        });
        self.recovering = Some(Resume {
            weights: resume.map(|r| r.1),
            playing: self.playing(),
        });
        self.start();
    }

    /// The notices, the weights file's outcome and the last error.
    pub fn view_notices<E: Experiment>(&self) -> Html {
        let p = E::PREFIX;
        html! {
            <>
                { for self.notices.iter().map(|n| html! { <div class="notice" role="status">{ n }</div> }) }
                if let Some(w) = &self.weights_notice {
                    <div id={format!("{p}weights-notice")} class={classes!("notice", w.refused.then_some("error"))}
                        role={["status", "alert"][usize::from(w.refused)]}>{ &w.text }</div>
                }
                if let Some(e) = &self.error { <div id={format!("{p}rejected")} class="notice error" role="alert">{ e }</div> }
            </>
        }
    }

    /// The run's toolbar: backend badge and switch, step and pace, play or pause, the step
    /// buttons, reset, steps per tick and the debug hook; `extra` goes at its end.
    pub fn view_toolbar<E: Experiment>(&self, scope: &Scope<Tab<E>>, extra: Html) -> Html {
        let p = E::PREFIX;
        let id = |name: &str| format!("{p}{name}");
        let cb = |m: fn() -> RunMsg| scope.callback(move |_: MouseEvent| TabMsg::Run(m()));
        let not_ready = self.status.is_none();
        let rate = self.status.map_or("–".to_string(), |s| {
            if s.steps_per_s < 10.0 {
                format!("{:.2}", s.steps_per_s)
            } else {
                format!("{:.1}", s.steps_per_s)
            }
        });
        let on_speed = scope.callback(|e: Event| {
            TabMsg::Run(RunMsg::Speed(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            ))
        });
        let on_speed_typing = scope.callback(|e: InputEvent| {
            TabMsg::Run(RunMsg::SpeedTyping(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            ))
        });
        let speed = self
            .speed_draft
            .clone()
            .unwrap_or_else(|| self.speed.to_string());
        html! {
            <div class="toolbar">
                <span id={id("backend")} class="badge" title={self.backend_note.clone().unwrap_or_default()}>
                    { self.backend.map_or(tr!("starting…", "시작 중…"), |b| b.label()) }</span>
                if self.webgpu_available || self.backend == Some(Backend::WebGpu) {
                    <button id={id("switch-backend")} onclick={cb(|| RunMsg::SwitchBackend)}>
                        { if self.backend == Some(Backend::WebGpu) { tr!("use CPU", "CPU 사용") } else { tr!("use WebGPU", "WebGPU 사용") } }</button>
                }
                <span class="counter">{ tr!("step ", "단계 ") }<b id={id("step")}>{ self.status.map_or(0, |s| s.step) }</b></span>
                <span class="counter"><b id={id("rate")}>{ rate }</b>{ tr!(" steps/s", " 단계/초") }</span>
                if self.playing() {
                    <button id={id("pause")} onclick={cb(|| RunMsg::Pause)}>{ tr!("❚❚ Pause", "❚❚ 일시 정지") }</button>
                } else {
                    <button id={id("play")} disabled={not_ready} onclick={cb(|| RunMsg::Play)}>{ tr!("▶ Play", "▶ 재생") }</button>
                }
                if E::STEP_PARTS {
                    <button id={id("step-d")} disabled={not_ready} onclick={cb(|| RunMsg::Step(StepKind::Critic))}>{ tr!("Step D", "D 한 단계") }</button>
                    <button id={id("step-g")} disabled={not_ready} onclick={cb(|| RunMsg::Step(StepKind::Generator))}>{ tr!("Step G", "G 한 단계") }</button>
                }
                <button id={id("step-both")} disabled={not_ready} onclick={cb(|| RunMsg::Step(StepKind::Both))}>
                    { if E::STEP_PARTS { tr!("Step both", "둘 다 한 단계") } else { tr!("Step", "한 단계") } }</button>
                <button id={id("reset")} onclick={cb(|| RunMsg::Reset)}>{ tr!("↺ Reset", "↺ 초기화") }</button>
                if E::SPEED.is_some() {
                    <label>{ tr!("steps per tick ", "틱당 단계 ") }
                        <input id={id("speed")} type="number" min="1" max="1000" value={speed} oninput={on_speed_typing} onchange={on_speed} />
                    </label>
                }
                if self.debug {
                    <button id={id("simulate-failure")} onclick={cb(|| RunMsg::SimulateFailure)}>{ tr!("simulate GPU loss", "GPU 장치 손실 흉내") }</button>
                }
                { extra }
            </div>
        }
    }

    /// Save and load weights, the same for every experiment.
    pub fn view_weights<E: Experiment>(&self, scope: &Scope<Tab<E>>) -> Html {
        let p = E::PREFIX;
        let not_ready = self.status.is_none();
        let on_file = download::on_file_picked(
            scope.callback(|(name, bytes)| TabMsg::Run(RunMsg::WeightsFile(name, bytes))),
        );
        html! {
            <>
                <button id={format!("{p}export-weights")} disabled={not_ready}
                    onclick={scope.callback(|_: MouseEvent| TabMsg::Run(RunMsg::ExportWeights))}>{ tr!("save weights", "가중치 저장") }</button>
                <label class="file">{ tr!("load weights ", "가중치 불러오기 ") }
                    <input id={format!("{p}load-weights")} type="file" accept=".weights" disabled={not_ready} onchange={on_file} />
                </label>
            </>
        }
    }
}
