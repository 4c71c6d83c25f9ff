//! The 1D lab's tab: a mixture of Gaussians on a line, the real and generated densities as
//! histograms, the critic as a curve whose slope turns red where |D′| > 1, the generator's push
//! arrows on the axis, and the exact W1. Lecture slides 3 and 4, live: in one dimension the
//! student sees the Lipschitz constraint on the trained function itself.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::html::Scope;
use yew::prelude::*;

use super::live::LiveCurve;
use super::shell::TabProps;
use crate::run::Run;
use crate::tab::{After, Experiment, Own, Tab};
use earthmover_core::config::LossKind;
use earthmover_core::line::{LineConfig, Mixture};
use earthmover_core::share::line_link;
use earthmover_protocol::{Backend, LINE_BINS, LineSnapshot, Settings, Setup, ToWorker, View};

/// The losses the tab offers: the lecture's three, and the one-sided penalty, with which the
/// generator settles (see [`LineConfig::converging`]).
const LOSSES: [LossKind; 4] = [
    LossKind::WganGp,
    LossKind::WganGpOneSided,
    LossKind::WganClip,
    LossKind::Bce,
];

/// The 1D lab's tab.
pub type LineTab = Tab<Line>;

pub enum Msg {
    Loss(String),
    Data(String),
    /// A number field changed: its name and text.
    Field(&'static str, String),
    /// Start again with the settings under which the generator settles.
    Converge,
}

/// The 1D lab's state on the page.
pub struct Line {
    config: LineConfig,
    data: String,
    snapshot: Option<LineSnapshot>,
    /// The number field that was refused, and why.
    field_error: Option<(&'static str, String)>,
}

impl Line {
    fn mixture(&self) -> Mixture {
        Mixture::preset(&self.data).unwrap_or_else(Mixture::two)
    }

    fn write_link(&self) {
        let value = line_link::encode(&self.config, &self.data);
        crate::shell::write_query_param(line_link::PARAM, Some(&value));
    }
}

impl Experiment for Line {
    type Props = TabProps;
    type Msg = Msg;
    type Config = LineConfig;
    const PREFIX: &'static str = "line-";
    const FILE_WORD: Option<&'static str> = Some("line");

    fn create(props: &TabProps, run: &mut Run, _: &Scope<Tab<Self>>) -> Self {
        let decoded = crate::shell::query_param(line_link::PARAM).map(|v| line_link::decode(&v));
        let (config, data) = match decoded {
            Some(d) => {
                run.notices
                    .extend(d.notices.iter().map(crate::text::link_notice));
                (d.config, d.data)
            }
            None => (LineConfig::default(), "two".to_string()),
        };
        // Opened by a lecture slide: play once the worker has made the run.
        run.cue.changed(&None, &props.cue, false);
        run.start();
        Self {
            config,
            data,
            snapshot: None,
            field_error: None,
        }
    }

    fn setup(&mut self, _: bool) -> Setup {
        self.snapshot = None;
        self.write_link();
        Setup::Line {
            config: self.config.clone(),
            data: self.mixture(),
        }
    }

    fn snapshot(&mut self, view: View, props: &TabProps) -> After {
        let View::Line(s) = view else {
            return After::Ignored;
        };
        if let Some(live) = &props.live {
            live.set_line(LiveCurve {
                step: s.step,
                values: s.curve.clone(),
                lo: s.range.0,
                hi: s.range.1,
                wasserstein: self.config.loss.is_wasserstein(),
            });
        }
        self.snapshot = Some(*s);
        After::Shown
    }

    fn weights_loaded(&mut self, config: LineConfig) {
        self.config = config;
        self.field_error = None;
        self.snapshot = None;
        self.write_link();
    }

    /// Networks this small train faster on the CPU; WebGPU only on request.
    fn default_backend(_: bool) -> Backend {
        Backend::Cpu
    }

    fn update(&mut self, msg: Msg, run: &mut Run, _: &TabProps) -> bool {
        match msg {
            Msg::Loss(name) => {
                if let Some(l) = LossKind::parse(&name) {
                    self.config.loss = l;
                    run.send(ToWorker::Configure(Settings::Line(self.config.clone())));
                    self.write_link();
                }
            }
            Msg::Converge => {
                self.config = LineConfig::converging().with_seed(self.config.seed);
                self.field_error = None;
                run.reset(self, false);
            }
            Msg::Data(name) => {
                if Mixture::preset(&name).is_some() {
                    self.data = name;
                    run.reset(self, false);
                }
            }
            Msg::Field(name, text) => {
                let mut next = self.config.clone();
                let parsed = match name {
                    "lambda" => text.parse().map(|v| next.lambda = v).is_ok(),
                    "clip" => text.parse().map(|v| next.clip = v).is_ok(),
                    "lr" => text.parse().map(|v| next.lr = v).is_ok(),
                    "n_critic" => text.parse().map(|v| next.n_critic = v).is_ok(),
                    _ => false,
                };
                let checked = if parsed {
                    next.validate()
                        .map_err(|e| crate::text::config_problem(&e.problem))
                } else {
                    Err(trf!(
                        "“{text}” is not a number",
                        "“{text}”은(는) 숫자가 아닙니다"
                    ))
                };
                match checked {
                    Ok(()) => {
                        self.field_error = None;
                        self.config = next;
                        run.send(ToWorker::Configure(Settings::Line(self.config.clone())));
                        self.write_link();
                    }
                    Err(e) => self.field_error = Some((name, e)),
                }
            }
        }
        true
    }

    fn changed(&mut self, old: &TabProps, props: &TabProps, run: &mut Run) -> bool {
        run.follow_cue(&old.cue, &props.cue);
        true
    }

    fn view(&self, _: &TabProps, run: &Run, scope: &Scope<Tab<Self>>) -> Html {
        let link = Own(scope);
        let snap = self.snapshot.as_ref();
        let c = &self.config;
        let field = |name: &'static str, label: &'static str, value: String| {
            let bad = self.field_error.as_ref().is_some_and(|(f, _)| *f == name);
            let onchange = link.callback(move |e: Event| {
                Msg::Field(name, e.target_unchecked_into::<HtmlInputElement>().value())
            });
            html! {
                <label class={classes!("field", bad.then_some("invalid"))}>{ label }
                    <input id={format!("line-{name}")} {value} {onchange} />
                </label>
            }
        };
        let on_loss = link
            .callback(|e: Event| Msg::Loss(e.target_unchecked_into::<HtmlSelectElement>().value()));
        let on_data = link
            .callback(|e: Event| Msg::Data(e.target_unchecked_into::<HtmlSelectElement>().value()));
        html! {
            <section class="panel" id="panel-line">
                <h2>{ tr!("1D lab: a critic you can see whole", "1차원 실험실: 한눈에 보이는 비평가") }</h2>
                <p class="lead">{ tr!("Real data (orange) is a mixture of Gaussians on a line; generated samples are blue. The critic is drawn as a curve: where its slope exceeds 1 in size it turns red and dashed, which a 1-Lipschitz critic never does. Arrows show where the generator is pushed.", "실제 데이터(주황)는 직선 위 가우시안들의 혼합이고, 생성된 샘플은 파란색입니다. 비평가는 곡선으로 그려집니다: 기울기의 크기가 1을 넘는 곳은 빨간 점선으로 바뀌는데, 1-립시츠 비평가라면 그런 곳이 없습니다. 화살표는 생성자가 밀려가는 방향입니다.") }</p>
                { run.view_notices::<Self>() }
                if let Some((_, e)) = &self.field_error { <div class="notice error" id="line-field-error" role="alert">{ e }</div> }
                { run.view_toolbar(scope, run.view_weights(scope)) }
                <div class="toolbar">
                    <label>{ tr!("data ", "데이터 ") }
                        <select id="line-data" onchange={on_data}>
                            { for Mixture::PRESETS.iter().map(|d| html! { <option value={*d} selected={*d == self.data}>{ data_label(d) }</option> }) }
                        </select>
                    </label>
                    <label>{ tr!("loss ", "손실 ") }
                        <select id="line-loss" onchange={on_loss}>
                            { for LOSSES.iter().map(|l| html! { <option value={l.name()} selected={*l == c.loss}>{ crate::names::loss(*l) }</option> }) }
                        </select>
                    </label>
                    { field("lambda", "λ ", c.lambda.to_string()) }
                    { field("clip", "c ", c.clip.to_string()) }
                    { field("lr", "lr ", c.lr.to_string()) }
                    { field("n_critic", "n_critic ", c.n_critic.to_string()) }
                    <button id="line-converge" onclick={link.callback(|_| Msg::Converge)}
                        title={tr!("Start again with a one-sided penalty, λ 10, n_critic 10, width 128 and an averaged generator: W1 then falls below 0.05 within about 5,000 steps", "단측 페널티, λ 10, n_critic 10, 너비 128, 평균한 생성자로 다시 시작합니다: 그러면 약 5,000 스텝 안에 W1이 0.05 아래로 내려갑니다")}>
                        { tr!("Settings that settle", "수렴하는 설정") }
                    </button>
                </div>
                { plot(snap) }
                <dl class="readout">
                    <dt>{ tr!("exact W1(real, fake)", "정확한 W1(실제, 생성)") }</dt><dd id="line-w1">{ snap.and_then(|s| s.w1).map_or("–".into(), |w| format!("{w:.4}")) }</dd>
                    <dt>{ tr!("W estimate", "W 추정값") }</dt><dd id="line-w-estimate">{ snap.map_or("–".into(), |s| format!("{:.4}", s.stats.w_estimate)) }</dd>
                    <dt>{ tr!("generator drawn", "그려진 생성자") }</dt><dd id="line-drawn">{ if c.ema > 0.0 { trf!("weight average (β {})", "가중치 평균 (β {})", c.ema) } else { tr!("the one being trained", "학습 중인 생성자").to_string() } }</dd>
                    <dt>{ tr!("largest |D′| where there is data", "데이터가 있는 곳의 최대 |D′|") }</dt><dd id="line-max-slope">{ snap.map_or("–".into(), |s| format!("{:.3}", max_slope_on_data(s))) }</dd>
                </dl>
            </section>
        }
    }
}

/// A data preset's name as the menu shows it (its value stays the name).
fn data_label(name: &str) -> &str {
    match name {
        "two" => tr!("two", "가우시안 2개"),
        "three" => tr!("three", "가우시안 3개"),
        "skewed" => tr!("skewed", "비대칭"),
        other => other,
    }
}

/// The largest |D′| over the curve's points where real or generated samples lie (the critic's
/// slope elsewhere does not matter to either loss).
pub fn max_slope_on_data(s: &LineSnapshot) -> f32 {
    let (lo, hi) = s.range;
    let n = s.slope.len();
    (0..n)
        .filter(|&i| {
            let x = lo + (hi - lo) * i as f32 / (n - 1) as f32;
            let bin = (((x - lo) / (hi - lo)) * LINE_BINS as f32) as usize;
            let bin = bin.min(LINE_BINS - 1);
            s.real_hist.get(bin).is_some_and(|c| *c > 0)
                || s.fake_hist.get(bin).is_some_and(|c| *c > 0)
        })
        .map(|i| s.slope[i].abs())
        .fold(0.0, f32::max)
}

/// The plot, as SVG: histograms, the critic curve (red where |D′| > 1), push arrows.
fn plot(snap: Option<&LineSnapshot>) -> Html {
    const W: f32 = 760.0;
    const H: f32 = 320.0;
    const BASE: f32 = 270.0;
    let Some(s) = snap else {
        return html! { <svg id="line-plot" class="line-plot" viewBox="0 0 760 320" role="img" aria-label={tr!("1D lab: starting", "1차원 실험실: 시작하는 중")}></svg> };
    };
    let (lo, hi) = s.range;
    let sx = |x: f32| (x - lo) / (hi - lo) * W;
    let total = |h: &[u32]| h.iter().sum::<u32>().max(1) as f32;
    let peak = s
        .real_hist
        .iter()
        .map(|c| *c as f32 / total(&s.real_hist))
        .chain(s.fake_hist.iter().map(|c| *c as f32 / total(&s.fake_hist)))
        .fold(1e-6, f32::max);
    let bw = W / LINE_BINS as f32;
    let bars = |h: &[u32], class: &'static str| -> Html {
        let t = total(h);
        h.iter()
            .enumerate()
            .map(|(i, c)| {
                let height = (*c as f32 / t) / peak * 200.0;
                html! { <rect class={class} x={(i as f32 * bw).to_string()} y={(BASE - height).to_string()} width={(bw - 1.0).to_string()} height={height.to_string()} /> }
            })
            .collect()
    };
    // The critic, scaled into the upper band of the plot.
    let (cmin, cmax) = s
        .curve
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let span = (cmax - cmin).max(1e-6);
    let n = s.curve.len();
    let cx = |i: usize| lo + (hi - lo) * i as f32 / (n - 1) as f32;
    let cy = |v: f32| 250.0 - (v - cmin) / span * 220.0;
    let segments = (1..n).map(|i| {
        // 5 % over 1 before it counts: a penalised critic sits at 1 to rounding.
        let steep = s.slope[i - 1].abs() > 1.05 || s.slope[i].abs() > 1.05;
        html! { <line class={classes!("critic", steep.then_some("steep"))}
        x1={sx(cx(i - 1)).to_string()} y1={cy(s.curve[i - 1]).to_string()}
        x2={sx(cx(i)).to_string()} y2={cy(s.curve[i]).to_string()} /> }
    });
    let push_peak = s.arrow_push.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
    let arrows = s.arrow_at.iter().zip(&s.arrow_push).map(|(x, p)| {
        let x0 = sx(*x);
        let x1 = x0 + p / push_peak * 40.0;
        html! { <line class="push" x1={x0.to_string()} y1="292" x2={x1.to_string()} y2="292" marker-end="url(#line-arrow)" /> }
    });
    let label = trf!(
        "1D lab at step {}: real and generated histograms, the critic's curve (largest slope where there is data {:.2}), W1 {}",
        "1차원 실험실 {}단계: 실제와 생성된 샘플의 히스토그램, 비평가 곡선 (데이터가 있는 곳의 최대 기울기 {:.2}), W1 {}",
        s.step,
        max_slope_on_data(s),
        s.w1.map_or(tr!("not yet computed", "아직 계산 전").into(), |w| format!(
            "{w:.3}"
        ))
    );
    html! {
        <svg id="line-plot" class="line-plot" viewBox={format!("0 0 {W} {H}")} role="img" aria-label={label}>
            <defs>
                <marker id="line-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" fill="#282828" />
                </marker>
            </defs>
            { bars(&s.real_hist, "real") }
            { bars(&s.fake_hist, "fake") }
            <line class="axis" x1="0" y1={BASE.to_string()} x2={W.to_string()} y2={BASE.to_string()} />
            { for segments }
            { for arrows }
        </svg>
    }
}
