//! Race mode: two configurations trained side by side on the same data and seed, each in its own
//! worker (its own model, its own GPU thread), each with its own plot and metrics, driven by one
//! set of controls. The default race is the WGAN-GP paper's Figure 1(a), for the lecture's slide
//! 7: weight clipping against the gradient penalty, each critic trained against a generator held
//! at real + N(0, 1) on 25 Gaussians.

use web_sys::{HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

use super::cue::CueFollower;
use super::plot::{self, Layers};
use super::preset_text;
use super::shell::TabProps;
use super::worker_link::{Incoming, Needs, WorkerLink};
use earthmover_core::data::Dataset;
use earthmover_core::data::ToyData;
use earthmover_core::presets::PRESETS;
use earthmover_protocol::{Backend, FromWorker, Setup, Snapshot, ToWorker, View};

const DATASETS: &[&str] = &["8gaussians", "25gaussians", "swissroll", "ring8", "blobs3"];

/// A dataset's label in the data menu: its id (the option's value) in English, words in Korean.
fn data_label(id: &str) -> &str {
    match id {
        "8gaussians" => tr!("8gaussians", "가우시안 8개"),
        "25gaussians" => tr!("25gaussians", "가우시안 25개"),
        "swissroll" => tr!("swissroll", "스위스 롤"),
        "ring8" => tr!("ring8", "고리"),
        "blobs3" => tr!("blobs3", "떨어진 덩어리"),
        other => other,
    }
}

/// One contestant.
struct Side {
    preset: &'static str,
    link: Option<WorkerLink>,
    snapshot: Option<Snapshot>,
    error: Option<String>,
    canvas: NodeRef,
}

pub enum Msg {
    Worker(usize, Incoming),
    Preset(usize, String),
    Dataset(String),
    Play,
    Pause,
    Reset,
}

pub struct Race {
    sides: [Side; 2],
    data: String,
    seed: u64,
    /// Plays and pauses both sides as a lecture slide opens and closes.
    cue: CueFollower,
    /// Which sides' workers have made their run.
    ready: [bool; 2],
}

fn backend_pref() -> Backend {
    crate::shell::backend_from_query().unwrap_or(Backend::WebGpu)
}

impl Race {
    fn reset(&mut self, i: usize) {
        let Some(p) = PRESETS.iter().find(|p| p.id == self.sides[i].preset) else {
            return;
        };
        // Same data and seed on both sides: only the configuration differs.
        let config = (p.config)().with_seed(self.seed);
        let data = ToyData::parse(&self.data).unwrap_or(ToyData::EightGaussians);
        let side = &mut self.sides[i];
        side.snapshot = None;
        side.error = None;
        if let Some(l) = &side.link {
            l.send(&ToWorker::Reset(Setup::Toy {
                config,
                data: Dataset::Toy(data),
            }));
        }
    }

    fn send_both(&self, msg: ToWorker) {
        for s in &self.sides {
            if let Some(l) = &s.link {
                l.send(&msg);
            }
        }
    }
}

impl Component for Race {
    type Message = Msg;
    type Properties = TabProps;

    fn create(ctx: &Context<Self>) -> Self {
        let side = |i: usize, preset: &'static str| {
            let cb = ctx.link().callback(move |m| Msg::Worker(i, m));
            let (link, error) = match WorkerLink::spawn(Needs::AnyBackend, move |m| cb.emit(m)) {
                Ok(l) => (Some(l), None),
                Err(e) => (None, Some(e)),
            };
            Side {
                preset,
                link,
                snapshot: None,
                error,
                canvas: NodeRef::default(),
            }
        };
        Self {
            sides: [side(0, "clipping-fixed"), side(1, "gp-follows")],
            data: "25gaussians".into(),
            seed: 1,
            cue: {
                // Opened by a lecture slide: play once both sides have made their run.
                let mut cue = CueFollower::default();
                cue.changed(&None, &ctx.props().cue, false);
                cue
            },
            ready: [false; 2],
        }
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Worker(
                i,
                Incoming::Message(FromWorker::Ready {
                    backend,
                    webgpu_available,
                }),
            ) => {
                let want = if webgpu_available {
                    backend_pref()
                } else {
                    Backend::Cpu
                };
                if want != backend
                    && let Some(l) = &self.sides[i].link
                {
                    l.send(&ToWorker::UseBackend(want));
                }
                self.reset(i);
                // A slide's Play starts both sides together, once both have a run.
                self.ready[i] = true;
                if self.ready == [true, true]
                    && let Some(play) = self.cue.ready()
                {
                    self.send_both(play);
                }
            }
            Msg::Worker(i, Incoming::Message(FromWorker::Snapshot(View::Toy(s)))) => {
                self.sides[i].snapshot = Some(*s)
            }
            Msg::Worker(i, Incoming::Message(FromWorker::Rejected(r))) => {
                self.sides[i].error = Some(crate::text::refusal(&r))
            }
            Msg::Worker(i, Incoming::Message(FromWorker::Diverged { step, restored })) => {
                self.sides[i].error = Some(crate::text::diverged(step, restored))
            }
            Msg::Worker(_, Incoming::Message(_)) => return false,
            Msg::Worker(i, failed @ (Incoming::Unreadable(_) | Incoming::Died(_))) => {
                let e = failed.failure().unwrap_or_default();
                self.sides[i].error = Some(trf!(
                    "this side's worker failed ({e})",
                    "이쪽 워커가 실패했습니다 ({e})"
                ))
            }
            Msg::Preset(i, id) => {
                if let Some(p) = PRESETS.iter().find(|p| p.id == id) {
                    self.sides[i].preset = p.id;
                    self.reset(i);
                }
            }
            Msg::Dataset(d) => {
                self.data = d;
                self.reset(0);
                self.reset(1);
            }
            Msg::Play => self.send_both(ToWorker::Play),
            Msg::Pause => self.send_both(ToWorker::Pause),
            Msg::Reset => {
                self.reset(0);
                self.reset(1);
            }
        }
        true
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &TabProps) -> bool {
        let ready = self.ready == [true, true];
        for m in self.cue.changed(&old.cue, &ctx.props().cue, ready) {
            self.send_both(m);
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        let layers = Layers::from_names(&["surface", "real", "fake", "arrows"].map(String::from));
        for s in &self.sides {
            if let (Some(snap), Some(c)) = (&s.snapshot, s.canvas.cast::<HtmlCanvasElement>()) {
                plot::draw_main(&c, snap, &layers, &[]);
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let playing = self
            .sides
            .iter()
            .any(|s| s.snapshot.as_ref().is_some_and(|x| x.playing));
        let ready = self.ready == [true, true];
        let side = |i: usize| {
            let s = &self.sides[i];
            let snap = s.snapshot.as_ref();
            let modes = snap.and_then(|x| x.modes.as_ref());
            let preset = PRESETS.iter().find(|p| p.id == s.preset);
            let n = i + 1;
            let onchange = link.callback(move |e: Event| {
                Msg::Preset(i, e.target_unchecked_into::<HtmlSelectElement>().value())
            });
            html! {
                <div class="race-side" id={format!("race-{i}")}>
                    <select class="race-preset" aria-label={trf!("preset of side {n}", "{n}번 편의 프리셋")} {onchange}>
                        { for PRESETS.iter().map(|p| html! { <option value={p.id} selected={p.id == s.preset}>{ preset_text::label(p.id) }</option> }) }
                    </select>
                    if let Some(p) = preset { <p class="preset-note">{ preset_text::notice(p.id) }</p> }
                    if let Some(e) = &s.error { <div class="notice error">{ e }</div> }
                    <canvas ref={s.canvas.clone()} class="race-plot" width="400" height="400" role="img"
                        aria-label={snap.map_or(tr!("Training plot: starting", "학습 플롯: 시작 중").to_string(), crate::lab::plot_label)} />
                    <dl class="readout">
                        <dt>{ tr!("backend", "백엔드") }</dt><dd class="race-backend">{ snap.map_or(tr!("starting…", "시작 중…"), |x| x.backend.label()) }</dd>
                        <dt>{ tr!("step", "단계") }</dt><dd class="race-step">{ snap.map_or(0, |x| x.step) }</dd>
                        <dt>{ tr!("W estimate", "W 추정치") }</dt><dd class="race-w">{ snap.map_or("–".into(), |x| format!("{:.4}", x.stats.w_estimate)) }</dd>
                        <dt>{ tr!("exact EMD(real, fake)", "정확한 EMD(실제, 생성)") }</dt><dd class="race-emd">{ snap.and_then(|x| x.emd).map_or("–".into(), |v| format!("{v:.4}")) }</dd>
                        <dt>{ tr!("modes covered", "포착된 모드") }</dt><dd class="race-modes">{ modes.map_or("–".into(), |m| format!("{}/{}", m.covered, m.per_mode.len())) }</dd>
                        <dt>{ tr!("high-quality samples", "고품질 샘플") }</dt><dd>{ modes.map_or("–".into(), |m| format!("{:.1} %", 100.0 * m.high_quality)) }</dd>
                    </dl>
                </div>
            }
        };
        html! {
            <section class="panel" id="panel-race">
                <h2>{ tr!("Race: two configurations, same data, same seed", "경주: 두 설정, 같은 데이터, 같은 시드") }</h2>
                <p class="lead">{ tr!("Each side trains in its own worker. Pick a preset per side; the data and the seed are shared, so only the method differs.",
                    "양쪽은 각자의 워커에서 학습합니다. 편마다 프리셋을 고르세요. 데이터와 시드는 공유되므로 방법만 다릅니다.") }</p>
                <div class="toolbar">
                    if playing {
                        <button id="race-pause" onclick={link.callback(|_| Msg::Pause)}>{ tr!("Pause both", "둘 다 일시 정지") }</button>
                    } else {
                        <button id="race-play" disabled={!ready} onclick={link.callback(|_| Msg::Play)}>{ tr!("▶ Play both", "▶ 둘 다 재생") }</button>
                    }
                    <button id="race-reset" onclick={link.callback(|_| Msg::Reset)}>{ tr!("↺ Reset both", "↺ 둘 다 초기화") }</button>
                    <label>{ tr!("data ", "데이터 ") }
                        <select id="race-data" onchange={link.callback(|e: Event| Msg::Dataset(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                            { for DATASETS.iter().map(|d| html! { <option value={*d} selected={*d == self.data}>{ data_label(d) }</option> }) }
                        </select>
                    </label>
                </div>
                <div class="race">{ side(0) }{ side(1) }</div>
            </section>
        }
    }
}
