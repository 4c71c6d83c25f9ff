//! The Lipschitz cone (slide 4): a function, a double cone of slope K at the pointer, the part of
//! the graph inside the cone lit red, the function's computed Lipschitz constant, and a pairs
//! map of every (x₁, x₂) whose slope exceeds K. One choice is a slice of the Lab's live critic.

use web_sys::{HtmlCanvasElement, HtmlSelectElement, PointerEvent};
use yew::prelude::*;

use super::{LiveProps, slider, updater};
use crate::live::LiveCurve;
use crate::svg::{self, Frame};
use earthmover_explain::lipschitz::{Curve, inside_cone, lipschitz_constant, pair_ratio};

use super::Panel;

pub const PANEL: Panel = Panel {
    key: "lipschitz",
    label: || tr!("Lipschitz cone", "립시츠 원뿔"),
    render: |live| html! { <LipschitzPanel live={live.clone()} /> },
};

/// Samples drawn along the graph.
const SAMPLES: usize = 600;
/// Cells per side of the pairs map.
const PAIRS: usize = 90;

#[derive(Clone, PartialEq)]
struct State {
    kind: String,
    k_sine: f64,
    s_step: f64,
    big_k: f64,
    x0: f64,
    /// The Lab's critic surface as taken on request.
    critic: Option<Grab>,
    /// The horizontal line y = slice_y along which the critic is sliced.
    slice_y: f64,
    /// The critic was asked for before the Lab had one.
    no_critic: bool,
    /// The 1D lab's critic as taken on request, and whether it was asked for before the 1D lab
    /// had one.
    line: Option<LiveCurve>,
    no_line: bool,
}

/// A copy of the Lab's critic surface.
#[derive(Clone, PartialEq)]
struct Grab {
    values: Vec<f32>,
    res: usize,
    extent: f64,
    step: u64,
    /// A Wasserstein critic's value (else a discriminator's probability).
    wasserstein: bool,
}

impl Grab {
    /// The grid row nearest y, and that row's y.
    fn row(&self, y: f64) -> (usize, f64) {
        let last = (self.res - 1) as f64;
        let row = (((y + self.extent) / (2.0 * self.extent)) * last)
            .round()
            .clamp(0.0, last) as usize;
        (row, -self.extent + 2.0 * self.extent * row as f64 / last)
    }
}

impl State {
    fn curve(&self) -> Curve {
        match self.kind.as_str() {
            "abs" => Curve::Abs,
            "sine" => Curve::Sine { k: self.k_sine },
            "step" => Curve::Step { s: self.s_step },
            "critic" => match &self.critic {
                Some(g) => {
                    let (row, _) = g.row(self.slice_y);
                    Curve::Samples {
                        x0: -g.extent,
                        dx: 2.0 * g.extent / (g.res - 1) as f64,
                        values: g.values[row * g.res..(row + 1) * g.res]
                            .iter()
                            .map(|&v| v as f64)
                            .collect(),
                    }
                }
                None => Curve::Smooth,
            },
            "line" => match &self.line {
                Some(c) if c.values.len() >= 2 => Curve::Samples {
                    x0: c.lo as f64,
                    dx: (c.hi - c.lo) as f64 / (c.values.len() - 1) as f64,
                    values: c.values.iter().map(|&v| v as f64).collect(),
                },
                _ => Curve::Smooth,
            },
            _ => Curve::Smooth,
        }
    }

    fn domain(&self) -> (f64, f64) {
        match (&self.kind[..], &self.critic, &self.line) {
            ("critic", Some(g), _) => (-g.extent, g.extent),
            ("line", _, Some(c)) if c.values.len() >= 2 => (c.lo as f64, c.hi as f64),
            _ => (-3.0, 3.0),
        }
    }
}

/// Red where the pair's slope exceeds K, grey (darker = steeper) where it does not.
fn draw_pairs(canvas: &HtmlCanvasElement, curve: &Curve, (a, b): (f64, f64), k: f64) {
    use plotters::prelude::*;
    use plotters_canvas::CanvasBackend;
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    let root = backend.into_drawing_area();
    let _ = root.fill(&WHITE);
    let Ok(mut chart) = ChartBuilder::on(&root)
        .margin(6)
        .x_label_area_size(28)
        .y_label_area_size(34)
        .build_cartesian_2d(a..b, a..b)
    else {
        return;
    };
    let _ = chart
        .configure_mesh()
        .x_desc("x₁")
        .y_desc("x₂")
        .disable_mesh()
        .label_style(("sans-serif", 12))
        .draw();
    let h = (b - a) / PAIRS as f64;
    let cells = (0..PAIRS * PAIRS).map(|c| {
        let (i, j) = (c % PAIRS, c / PAIRS);
        let (x1, x2) = (a + (i as f64 + 0.5) * h, a + (j as f64 + 0.5) * h);
        let r = pair_ratio(curve, x1, x2);
        let colour = if r > k {
            RGBColor(215, 35, 35)
        } else {
            let g = (235.0 - 150.0 * (r / k).min(1.0)) as u8;
            RGBColor(g, g, g)
        };
        Rectangle::new(
            [(x1 - h / 2.0, x2 - h / 2.0), (x1 + h / 2.0, x2 + h / 2.0)],
            colour.filled(),
        )
    });
    let _ = chart.draw_series(cells);
    let _ = root.present();
}

#[function_component(LipschitzPanel)]
pub fn lipschitz_panel(props: &LiveProps) -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    let state = use_state(|| State {
        kind: "sine".into(),
        k_sine: 2.0,
        s_step: 6.0,
        big_k: 1.0,
        x0: 0.6,
        critic: None,
        line: None,
        no_line: false,
        slice_y: 0.0,
        no_critic: false,
    });
    let pairs_canvas = use_node_ref();
    let curve = state.curve();
    let (a, b) = state.domain();
    // The panel's domain and curves are always valid; NaN (drawn as nothing) marks a refusal.
    let l = lipschitz_constant(&curve, a, b).unwrap_or(f64::NAN);
    {
        let canvas = pairs_canvas.clone();
        let deps = (curve.clone(), state.big_k, a, b);
        use_effect_with(deps, move |(curve, k, a, b)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                draw_pairs(&c, curve, (*a, *b), *k);
            }
        });
    }
    let xs: Vec<f64> = (0..=SAMPLES)
        .map(|i| a + (b - a) * i as f64 / SAMPLES as f64)
        .collect();
    let ys: Vec<f64> = xs.iter().map(|&x| curve.value(x)).collect();
    let (lo, hi) = ys
        .iter()
        .fold((f64::MAX, f64::MIN), |(p, q), &y| (p.min(y), q.max(y)));
    let pad = 0.15 * (hi - lo).max(0.5);
    let f = Frame {
        x: (a, b),
        y: (lo - pad, hi + pad),
        w: 600.0,
        h: 320.0,
    };
    let x0 = state.x0.clamp(a, b);
    let y0 = curve.value(x0);
    let k = state.big_k;
    let inside: Vec<bool> = xs.iter().map(|&x| inside_cone(&curve, x0, k, x)).collect();
    let violations = inside.iter().filter(|v| **v).count();
    // The red overlay: runs of consecutive samples inside the cone.
    let mut red = String::new();
    for i in 1..xs.len() {
        if inside[i] && inside[i - 1] {
            red.push_str(&svg::path(&f, [[xs[i - 1], ys[i - 1]], [xs[i], ys[i]]]));
        }
    }
    // The forbidden double cone |y − f(x0)| > K|x − x0|, clipped to the frame.
    let far = (b - a) * 2.0;
    let cone = |sign: f64| {
        svg::path(
            &f,
            [
                [x0 - far, y0 + sign * k * far],
                [x0, y0],
                [x0 + far, y0 + sign * k * far],
            ],
        ) + "Z"
    };

    let on_move = {
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(at) = f.world(&e) {
                let mut s = (*state).clone();
                s.x0 = at[0];
                state.set(s);
            }
        })
    };
    let setter = |apply: fn(&mut State, f64)| updater(&state, apply);
    let take_critic = {
        let live = props.live.clone();
        move |s: &mut State| match live.get() {
            Some(d)
                if d.surface.res >= 2
                    && d.surface.values.len() == d.surface.res * d.surface.res =>
            {
                s.critic = Some(Grab {
                    values: d.surface.values.clone(),
                    res: d.surface.res,
                    extent: d.surface.extent as f64,
                    step: d.step,
                    wasserstein: d.loss.is_wasserstein(),
                });
                s.no_critic = false;
            }
            _ => {
                s.critic = None;
                s.no_critic = true;
            }
        }
    };
    let take_line = {
        let live = props.live.clone();
        move |s: &mut State| {
            s.line = live
                .get_line()
                .filter(|c| c.values.len() >= 2 && c.hi > c.lo);
            s.no_line = s.line.is_none();
        }
    };
    let on_kind = {
        let state = state.clone();
        let (take_critic, take_line) = (take_critic.clone(), take_line.clone());
        Callback::from(move |e: Event| {
            let mut s = (*state).clone();
            s.kind = e.target_unchecked_into::<HtmlSelectElement>().value();
            s.no_critic = false;
            s.no_line = false;
            match s.kind.as_str() {
                "critic" => take_critic(&mut s),
                "line" => take_line(&mut s),
                _ => {}
            }
            state.set(s);
        })
    };
    let refresh = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s = (*state).clone();
            match s.kind.as_str() {
                "line" => take_line(&mut s),
                _ => take_critic(&mut s),
            }
            state.set(s);
        })
    };
    let ok = l <= k + 1e-12;
    // A sampled curve's values, for checking the constant from outside.
    let samples = match &curve {
        Curve::Samples { values, .. } => Some(
            values
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => None,
    };
    html! {
        <section class="panel" id="panel-lipschitz">
            <h2>{ tr!("The Lipschitz cone", "립시츠 원뿔") }</h2>
            <p class="lead">{ tr!("f is K-Lipschitz when |f(x₁) − f(x₂)| ≤ K·|x₁ − x₂|: a double cone of slope K placed on any point of the graph never contains the graph. Move the pointer over the plot to slide the cone.", "|f(x₁) − f(x₂)| ≤ K·|x₁ − x₂|이면 f는 K-립시츠입니다: 그래프의 어느 점에 기울기 K인 이중 원뿔을 놓아도 그래프가 원뿔 안으로 들어가지 않습니다. 그림 위에서 포인터를 움직여 원뿔을 옮겨 보세요.") }</p>
            <div class="row">
                <div class="figure">
                    <div class="buttons">
                        <label>{ tr!("function ", "함수 ") }
                            <select id="lip-curve" onchange={on_kind}>
                                { for [("smooth", "0.6 sin x + 0.3 x"), ("abs", "|x|"), ("sine", "sin(kx)"), ("step", tr!("steep step tanh(sx)", "가파른 계단 tanh(sx)")), ("critic", tr!("slice of the Lab's critic", "실험실 비평가의 단면")), ("line", tr!("the 1D lab's critic", "1차원 실험실의 비평가"))]
                                    .iter().map(|(v, t)| html! { <option value={*v} selected={state.kind == *v}>{ *t }</option> }) }
                            </select>
                        </label>
                        if state.kind == "critic" { <button onclick={refresh.clone()}>{ tr!("Refresh from the Lab", "실험실에서 다시 가져오기") }</button> }
                        if state.kind == "line" { <button id="lip-refresh-line" onclick={refresh}>{ tr!("Refresh from the 1D lab", "1차원 실험실에서 다시 가져오기") }</button> }
                    </div>
                    if state.kind == "sine" { { slider("lip-k-sine", "k", (0.2, 5.0, 0.1), state.k_sine, setter(|s, v| s.k_sine = v)) } }
                    if state.kind == "step" { { slider("lip-s-step", "s", (0.5, 20.0, 0.5), state.s_step, setter(|s, v| s.s_step = v)) } }
                    if let Some(g) = state.critic.as_ref().filter(|_| state.kind == "critic") {
                        { slider("lip-slice-y", tr!("slice at y", "자르는 위치 y"), (-g.extent, g.extent, 2.0 * g.extent / (g.res - 1) as f64), g.row(state.slice_y).1, setter(|s, v| s.slice_y = v)) }
                    }
                    { slider("lip-big-k", tr!("cone slope K", "원뿔 기울기 K"), (0.1, 5.0, 0.05), k, setter(|s, v| s.big_k = v)) }
                    { slider("lip-x0", tr!("cone apex x", "원뿔 꼭짓점 x"), (a, b, (b - a) / 200.0), x0, setter(|s, v| s.x0 = v)) }
                    <svg id="lip-svg" viewBox={f.view_box()} data-x0={x0.to_string()} data-domain={format!("{a},{b}")} data-samples={samples} onpointermove={on_move.clone()} onpointerdown={on_move}>
                        <path class="cone" d={cone(1.0)} />
                        <path class="cone" d={cone(-1.0)} />
                        <path class="graph" d={svg::path(&f, xs.iter().zip(&ys).map(|(x, y)| [*x, *y]))} />
                        <path class="graph-red" d={red} />
                        <circle class="apex" cx={format!("{:.2}", f.px(x0))} cy={format!("{:.2}", f.py(y0))} r="6" />
                    </svg>
                </div>
                <div>
                    <dl class="readout">
                        <dt>{ tr!("Lipschitz constant L = max |f′|", "립시츠 상수 L = max |f′|") }</dt><dd id="lip-l">{ svg::num(l) }</dd>
                        <dt>{ tr!("cone slope K", "원뿔 기울기 K") }</dt><dd id="lip-k">{ svg::num(k) }</dd>
                        <dt>{ tr!("samples inside this cone", "이 원뿔 안의 표본 점") }</dt><dd id="lip-violations">{ violations }</dd>
                    </dl>
                    <p id="lip-status" class={classes!(ok.then_some("ok"), (!ok).then_some("bad"))}>{
                        if ok { trf!("f is K-Lipschitz for K = {k:.2} (it is for every K ≥ {l:.4}).", "K = {k:.2}에서 f는 K-립시츠입니다 (K ≥ {l:.4}이면 모두 그렇습니다).") }
                        else { trf!("f is not K-Lipschitz for K = {k:.2}: it needs K ≥ {l:.4}.", "K = {k:.2}에서 f는 K-립시츠가 아닙니다: K ≥ {l:.4}이어야 합니다.") }
                    }</p>
                    <h4>{ tr!("All pairs (x₁, x₂): red where the slope between them exceeds K", "모든 쌍 (x₁, x₂): 두 점 사이의 기울기가 K를 넘으면 빨간색") }</h4>
                    <canvas ref={pairs_canvas} id="lip-pairs" width="320" height="320" role="img"
                        aria-label={trf!("Map of all pairs of points, red where the slope between them exceeds K = {k:.2}; the largest slope is {l:.4}", "모든 점 쌍의 지도. 두 점 사이의 기울기가 K = {k:.2}를 넘는 곳은 빨간색이며, 가장 큰 기울기는 {l:.4}입니다")} />
                </div>
            </div>
            if let Some(g) = state.critic.as_ref().filter(|_| state.kind == "critic") {
                <p class="note">{ trf!(
                    "Showing the Lab's {} along y = {:.2} at step {}, on its {}-point grid. WGAN-GP pushes this slope towards 1 between the data; weight clipping keeps it far below.",
                    "실험실의 {}를 y = {:.2}를 따라 보여 줍니다 ({}단계, {}점 격자). WGAN-GP는 데이터 사이에서 이 기울기를 1 쪽으로 밀고, 가중치 클리핑은 훨씬 아래로 묶어 둡니다.",
                    if g.wasserstein { tr!("critic value D(x, y)", "비평가 값 D(x, y)") } else { tr!("discriminator probability D(x, y)", "판별자 확률 D(x, y)") },
                    g.row(state.slice_y).1, g.step, g.res) }</p>
            }
            if let Some(c) = state.line.as_ref().filter(|_| state.kind == "line") {
                <p class="note" id="lip-line-note">{ trf!(
                    "Showing the 1D lab's {} at step {}, on its {}-point grid. WGAN-GP pushes its slope towards 1 between the data; weight clipping keeps it far below.",
                    "1차원 실험실의 {}를 보여 줍니다 ({}단계, {}점 격자). WGAN-GP는 데이터 사이에서 기울기를 1 쪽으로 밀고, 가중치 클리핑은 훨씬 아래로 묶어 둡니다.",
                    if c.wasserstein { tr!("critic value D(x)", "비평가 값 D(x)") } else { tr!("discriminator probability D(x)", "판별자 확률 D(x)") },
                    c.step, c.values.len()) }</p>
            }
            if state.no_line { <p class="notice" id="lip-note-line">{ tr!("The 1D lab has no critic yet: open the 1D lab and let it train a moment.", "1차원 실험실에 아직 비평가가 없습니다: 1차원 실험실을 열고 잠시 학습시키세요.") }</p> }
            if state.no_critic { <p class="notice" id="lip-note">{ tr!("The Lab has no critic yet: open the Lab and let it train a moment.", "실험실에 아직 비평가가 없습니다: 실험실을 열고 잠시 학습시키세요.") }</p> }
        </section>
    }
}
