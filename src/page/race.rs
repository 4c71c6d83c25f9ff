//! Race mode: two configurations trained side by side on the same data and seed, each in its own
//! worker (its own model, its own GPU thread), each with its own plot and metrics, driven by one
//! set of controls. The default race is the lecture's: weight clipping against gradient penalty.

use web_sys::{HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

use super::plot::{self, Layers};
use super::worker_link::{Incoming, WorkerLink};
use earthmover_core::data::ToyData;
use earthmover_core::data::Dataset;
use earthmover_core::presets::PRESETS;
use earthmover_protocol::{Backend, FromWorker, Setup, Snapshot, ToWorker, View};

const DATASETS: &[&str] = &["8gaussians", "25gaussians", "swissroll", "ring8", "blobs3"];

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
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let side = |i: usize, preset: &'static str| {
            let cb = ctx.link().callback(move |m| Msg::Worker(i, m));
            let (link, error) = match WorkerLink::spawn(move |m| cb.emit(m)) {
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
            sides: [side(0, "clipping-simple"), side(1, "gp-follows")],
            data: "8gaussians".into(),
            seed: 1,
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
            Msg::Worker(i, Incoming::Unreadable(e) | Incoming::Died(e)) => {
                self.sides[i].error = Some(format!("this side's worker failed: {e}"))
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
        let ready = self.sides.iter().all(|s| s.snapshot.is_some());
        let side = |i: usize| {
            let s = &self.sides[i];
            let snap = s.snapshot.as_ref();
            let modes = snap.and_then(|x| x.modes.as_ref());
            let preset = PRESETS.iter().find(|p| p.id == s.preset);
            let onchange = link.callback(move |e: Event| {
                Msg::Preset(i, e.target_unchecked_into::<HtmlSelectElement>().value())
            });
            html! {
                <div class="race-side" id={format!("race-{i}")}>
                    <select class="race-preset" aria-label={format!("preset of side {}", i + 1)} {onchange}>
                        { for PRESETS.iter().map(|p| html! { <option value={p.id} selected={p.id == s.preset}>{ p.label }</option> }) }
                    </select>
                    if let Some(p) = preset { <p class="preset-note">{ p.notice }</p> }
                    if let Some(e) = &s.error { <div class="notice error">{ e }</div> }
                    <canvas ref={s.canvas.clone()} class="race-plot" width="400" height="400" role="img"
                        aria-label={snap.map_or("Training plot: starting".to_string(), crate::lab::plot_label)} />
                    <dl class="readout">
                        <dt>{ "backend" }</dt><dd class="race-backend">{ snap.map_or("starting…", |x| x.backend.label()) }</dd>
                        <dt>{ "step" }</dt><dd class="race-step">{ snap.map_or(0, |x| x.step) }</dd>
                        <dt>{ "W estimate" }</dt><dd class="race-w">{ snap.map_or("–".into(), |x| format!("{:.4}", x.stats.w_estimate)) }</dd>
                        <dt>{ "exact EMD(real, fake)" }</dt><dd class="race-emd">{ snap.and_then(|x| x.emd).map_or("–".into(), |v| format!("{v:.4}")) }</dd>
                        <dt>{ "modes covered" }</dt><dd class="race-modes">{ modes.map_or("–".into(), |m| format!("{}/{}", m.covered, m.per_mode.len())) }</dd>
                        <dt>{ "high-quality samples" }</dt><dd>{ modes.map_or("–".into(), |m| format!("{:.1} %", 100.0 * m.high_quality)) }</dd>
                    </dl>
                </div>
            }
        };
        html! {
            <section class="panel" id="panel-race">
                <h2>{ "Race: two configurations, same data, same seed" }</h2>
                <p class="lead">{ "Each side trains in its own worker. Pick a preset per side; the data and the seed are shared, so only the method differs." }</p>
                <div class="toolbar">
                    if playing {
                        <button id="race-pause" onclick={link.callback(|_| Msg::Pause)}>{ "Pause both" }</button>
                    } else {
                        <button id="race-play" disabled={!ready} onclick={link.callback(|_| Msg::Play)}>{ "▶ Play both" }</button>
                    }
                    <button id="race-reset" onclick={link.callback(|_| Msg::Reset)}>{ "↺ Reset both" }</button>
                    <label>{ "data " }
                        <select id="race-data" onchange={link.callback(|e: Event| Msg::Dataset(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                            { for DATASETS.iter().map(|d| html! { <option value={*d} selected={*d == self.data}>{ *d }</option> }) }
                        </select>
                    </label>
                </div>
                <div class="race">{ side(0) }{ side(1) }</div>
            </section>
        }
    }
}
