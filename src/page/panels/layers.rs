//! The WGAN-GP paper's Figure 1(b), live (lecture slide 7): a deep critic (8 hidden layers, 256
//! wide) trained on the Swiss roll with weight clipping at c = 0.1, 0.01 and 0.001 and with the
//! gradient penalty, and each layer's gradient norm on one log-scale chart.
//!
//! The four runs are ordinary toy runs with the settings of [`earthmover_core::figures`], sent
//! one after another to one training worker of the panel's own (started only when the student
//! presses Run): the numbers are the engine's, the same `earthmover-cli layers` prints.

use yew::prelude::*;

use super::Panel;
use crate::i18n::Lang;
use crate::svg::Frame;
use crate::worker_link::{Incoming, Needs, WorkerLink};
use earthmover_core::data::Dataset;
use earthmover_core::figures::{CURVES, Constraint, FIGURE_DATA, FIGURE_STEPS, config};
use earthmover_protocol::{FromWorker, Setup, ToWorker, View};

pub const PANEL: Panel = Panel {
    key: "layers",
    label: || tr!("Gradient norms by layer", "층별 그래디언트 노름"),
    render: |_| html! { <LayersView /> },
};

/// The panel in the page's language (a struct component re-renders when its props change).
#[function_component(LayersView)]
fn layers_view() -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    html! { <LayersPanel {lang} /> }
}

#[derive(Properties, PartialEq)]
pub struct LayersProps {
    pub lang: Lang,
}

/// The curves' colours, in [`CURVES`]' order: clipping from dark to light red, the penalty blue
/// (the legend's `.swatch-N` in the style sheet match them).
const COLOURS: [&str; 4] = ["#9b1c1c", "#d9480f", "#b7791f", "#1950c8"];

fn curve_name(c: Constraint) -> String {
    match c {
        Constraint::Clip(c) => trf!("weight clipping, c = {c}", "가중치 클리핑, c = {c}"),
        Constraint::Penalty => tr!("gradient penalty", "그래디언트 페널티").into(),
    }
}

pub enum Msg {
    Run,
    Worker(Incoming),
}

pub struct LayersPanel {
    link: Option<WorkerLink>,
    ready: bool,
    running: bool,
    /// The curve being computed.
    curve: usize,
    /// Set once the current run has sent a snapshot from before its last step, so a late
    /// snapshot of the previous run never counts for it.
    armed: bool,
    /// The step the current run has reached.
    step: u64,
    /// Generator steps per run: the figure's 100, or `?steps=` (1–1000) for a quicker look.
    steps: u64,
    norms: [Option<Vec<f32>>; 4],
    error: Option<String>,
}

impl LayersPanel {
    fn send(&self, m: ToWorker) {
        if let Some(l) = &self.link {
            l.send(&m);
        }
    }

    fn start(&mut self, i: usize) {
        self.curve = i;
        self.armed = false;
        self.step = 0;
        self.send(ToWorker::Reset(Setup::Toy {
            config: config(CURVES[i]),
            data: Dataset::Toy(FIGURE_DATA),
        }));
        self.send(ToWorker::Speed(50));
        self.send(ToWorker::Play);
    }
}

impl Component for LayersPanel {
    type Message = Msg;
    type Properties = LayersProps;

    fn create(_: &Context<Self>) -> Self {
        let steps = crate::shell::query_param("steps")
            .and_then(|s| s.parse::<u64>().ok())
            .map_or(FIGURE_STEPS, |s| s.clamp(1, 1000));
        Self {
            link: None,
            ready: false,
            running: false,
            curve: 0,
            armed: false,
            step: 0,
            steps,
            norms: Default::default(),
            error: None,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Run => {
                self.norms = Default::default();
                self.error = None;
                self.running = true;
                if self.link.is_none() {
                    let cb = ctx.link().callback(Msg::Worker);
                    match WorkerLink::spawn(Needs::Cpu, move |m| cb.emit(m)) {
                        Ok(l) => self.link = Some(l),
                        Err(e) => {
                            self.error = Some(e);
                            self.running = false;
                        }
                    }
                } else if self.ready {
                    self.start(0);
                }
            }
            Msg::Worker(Incoming::Message(m)) => match m {
                FromWorker::Ready { .. } => {
                    // Small dense layers: the CPU backend, whatever the browser offers.
                    self.ready = true;
                    if self.running {
                        self.start(self.curve);
                    }
                }
                FromWorker::Snapshot(View::Toy(s)) if self.running => {
                    self.step = s.step.min(self.steps);
                    if s.step < self.steps {
                        self.armed = true;
                    } else if self.armed {
                        self.send(ToWorker::Pause);
                        self.norms[self.curve] = Some(s.stats.layer_grad_norms.clone());
                        if self.curve + 1 < CURVES.len() {
                            self.start(self.curve + 1);
                        } else {
                            self.running = false;
                        }
                    }
                }
                FromWorker::Rejected(r) => {
                    self.error = Some(crate::text::refusal(&r));
                    self.running = false;
                }
                FromWorker::Diverged { step, restored } => {
                    self.error = Some(crate::text::diverged(step, restored));
                    self.running = false;
                }
                _ => return false,
            },
            Msg::Worker(failed @ (Incoming::Unreadable(_) | Incoming::Died(_))) => {
                let e = failed.failure().unwrap_or_default();
                self.error = Some(trf!(
                    "the figure's worker failed ({e})",
                    "그림을 계산하던 워커가 멈췄습니다 ({e})"
                ));
                self.running = false;
                self.link = None;
                self.ready = false;
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let done: Vec<(usize, &Vec<f32>)> = self
            .norms
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.as_ref().map(|n| (i, n)))
            .collect();
        let layers = done.iter().map(|(_, n)| n.len()).max().unwrap_or(9).max(2);
        // Decades spanned by every value so far, at least 1e-3 … 1e1.
        let logs = done
            .iter()
            .flat_map(|(_, n)| n.iter())
            .map(|v| (v.max(1e-30) as f64).log10());
        let (lo, hi) = logs.fold((-3.0f64, 1.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let (lo, hi) = (lo.floor(), hi.ceil());
        // Room left of layer 1 for the decades and below the lowest decade for the layers.
        let f = Frame {
            x: (0.0, layers as f64 + 0.5),
            y: (lo - 0.8, hi + 0.3),
            w: 560.0,
            h: 300.0,
        };
        let decades = (lo as i32..=hi as i32).step_by(((hi - lo) as usize / 8).max(1));
        let label = if done.is_empty() {
            tr!(
                "Chart of each critic layer's gradient norm, log scale: not computed yet",
                "비평가 층별 그래디언트 노름 차트 (로그 척도): 아직 계산하지 않음"
            )
            .to_string()
        } else {
            let lines: Vec<String> = done
                .iter()
                .map(|(i, n)| {
                    let v: Vec<String> = n.iter().map(|x| format!("{x:.1e}")).collect();
                    format!("{}: {}", curve_name(CURVES[*i]), v.join(", "))
                })
                .collect();
            trf!(
                "Each critic layer's gradient norm, input layer first, log scale. {}",
                "비평가 층별 그래디언트 노름, 입력층부터, 로그 척도. {}",
                lines.join("; ")
            )
        };
        let status = if self.running {
            let (i, total) = (self.curve + 1, CURVES.len());
            let (step, steps) = (self.step, self.steps);
            trf!(
                "training run {i} of {total}: step {step} of {steps}",
                "{total}개 중 {i}번째 학습: {steps}단계 중 {step}단계"
            )
        } else if done.len() == CURVES.len() {
            tr!("done", "완료").to_string()
        } else {
            String::new()
        };
        html! {
            <section class="panel" id="panel-layers">
                <h2>{ tr!("Gradient norms through a deep critic (the WGAN-GP paper's Figure 1(b))", "깊은 비평가 안의 그래디언트 노름 (WGAN-GP 논문의 그림 1(b))") }</h2>
                <p class="lead">{ tr!(
                    "A critic 8 hidden layers deep trains on the Swiss roll four times: with its weights clipped at c = 0.1, 0.01 and 0.001, and with the gradient penalty. The chart shows how large the loss's gradient is at each layer after the last step. Clipping makes it explode or vanish through the layers; the penalty keeps every layer near 1.",
                    "은닉층 8개짜리 비평가를 스위스 롤에서 네 번 학습시킵니다: 가중치를 c = 0.1, 0.01, 0.001로 클리핑한 경우와 그래디언트 페널티를 쓴 경우입니다. 차트는 마지막 단계 뒤 각 층에서 손실의 그래디언트가 얼마나 큰지 보여 줍니다. 클리핑하면 층을 지나며 폭발하거나 소실되고, 페널티는 모든 층을 1 근처로 지킵니다."
                ) }</p>
                <div class="toolbar">
                    <button id="fig1b-run" disabled={self.running} onclick={ctx.link().callback(|_| Msg::Run)}>
                        { trf!("▶ Run the four trainings ({} steps each; about 3 minutes on a laptop's CPU)", "▶ 네 가지 학습 실행 (각 {}단계, 노트북 CPU에서 약 3분)", self.steps) }</button>
                    <span id="fig1b-status" role="status">{ status }</span>
                </div>
                if let Some(e) = &self.error { <div class="notice error" role="alert">{ e }</div> }
                <svg id="fig1b-chart" viewBox={f.view_box()} role="img" aria-label={label}>
                    { for (lo as i32..=hi as i32).map(|d| html! {
                        <line class="grid" x1="0" x2={f.w.to_string()} y1={format!("{:.1}", f.py(d as f64))} y2={format!("{:.1}", f.py(d as f64))} />
                    }) }
                    { for decades.map(|d| html! {
                        <text class="tick" x="4" y={format!("{:.1}", f.py(d as f64) - 3.0)}>{ format!("1e{d}") }</text>
                    }) }
                    { for (1..=layers).map(|l| html! {
                        <text class="tick" x={format!("{:.1}", f.px(l as f64) - 4.0)} y={format!("{:.1}", f.h - 4.0)}>{ l }</text>
                    }) }
                    { for done.iter().map(|(i, n)| {
                        let pts = n.iter().enumerate().map(|(l, v)| [l as f64 + 1.0, (v.max(1e-30) as f64).log10()]);
                        let values: Vec<String> = n.iter().map(|v| v.to_string()).collect();
                        html! {
                            <path class="curve" d={crate::svg::path(&f, pts)} stroke={COLOURS[*i]}
                                data-curve={i.to_string()} data-norms={values.join(",")} />
                        }
                    }) }
                </svg>
                <p class="legend">{ tr!("Layer 1 is the input layer; the last is the output. ", "1번 층이 입력층, 마지막이 출력층입니다. ") }
                    { for CURVES.iter().enumerate().map(|(i, c)| html! {
                        <span class="swatch-label"><span class={format!("swatch swatch-{i}")} aria-hidden="true">{ "■ " }</span>{ curve_name(*c) }{ "  " }</span>
                    }) }</p>
            </section>
        }
    }
}
