//! Piles of earth: two 1D histograms the student reshapes by dragging, the optimal transport plan
//! as arrows, and W1 as the shaded area between the CDFs, with KL and JS for comparison.

use web_sys::{KeyboardEvent, PointerEvent};
use yew::prelude::*;

use super::updater;
use crate::plot::{FAKE, REAL};
use crate::svg::{self, Frame};
use earthmover_explain::transport1d::{self, Move};

/// The tallest bar.
const HMAX: f64 = 5.0;
const MAX_BARS: usize = 12;
/// The two distributions' symbols, shown as they are in both languages.
const P_DATA: &str = "P_data";
const P_MODEL: &str = "P_model";

fn colour(c: plotters::style::RGBColor) -> String {
    format!("rgb({},{},{})", c.0, c.1, c.2)
}

#[derive(Clone, PartialEq)]
struct State {
    p: Vec<f64>,
    q: Vec<f64>,
    /// The bar being dragged: (index, true for P).
    drag: Option<(usize, bool)>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            p: vec![1.0, 3.0, 2.0, 1.0, 0.0, 0.0, 0.0, 0.0],
            q: vec![0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 1.0],
            drag: None,
        }
    }
}

impl State {
    /// Sets the bar under the pointer to the pointer's height (snapped to 0.1).
    fn set_from(&mut self, at: [f64; 2]) {
        let n = self.p.len();
        let Some((i, is_p)) = self.drag else { return };
        if i >= n {
            return;
        }
        let h = (at[1].clamp(0.0, HMAX) * 10.0).round() / 10.0;
        if is_p {
            self.p[i] = h;
        } else {
            self.q[i] = h;
        }
    }
}

fn heights(v: &[f64]) -> String {
    v.iter()
        .map(|h| format!("{h}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[function_component(Piles)]
pub fn piles() -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    let state = use_state(State::default);
    let n = state.p.len();
    let positions: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let bars = Frame {
        x: (-0.6, n as f64 - 0.4),
        y: (0.0, HMAX + 2.2),
        w: 640.0,
        h: 300.0,
    };
    let cdf_frame = Frame {
        y: (0.0, 1.08),
        h: 170.0,
        ..bars
    };

    let down = {
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(at) = bars.world(&e) else { return };
            let i = at[0].round().clamp(0.0, (n - 1) as f64) as usize;
            let mut s = (*state).clone();
            s.drag = Some((i, at[0] < i as f64));
            s.set_from(at);
            svg::capture(&e);
            state.set(s);
        })
    };
    let moved = {
        let state = state.clone();
        Callback::from(move |e: PointerEvent| {
            if state.drag.is_none() {
                return;
            }
            if let Some(at) = bars.world(&e) {
                let mut s = (*state).clone();
                s.set_from(at);
                state.set(s);
            }
        })
    };
    let up = updater(&state, |s: &mut State, _: PointerEvent| s.drag = None);
    let resize = |delta: i32| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s = (*state).clone();
            let n = (s.p.len() as i32 + delta).clamp(2, MAX_BARS as i32) as usize;
            s.p.resize(n, 1.0);
            s.q.resize(n, 1.0);
            state.set(s);
        })
    };
    let reset = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.set(State::default()))
    };

    let w1 = transport1d::w1(&positions, &state.p, &state.q);
    let plan = transport1d::plan(&positions, &state.p, &state.q).unwrap_or_default();
    let cdfs = transport1d::cdfs(&positions, &state.p, &state.q).ok();
    let kl_pq = transport1d::kl(&state.p, &state.q);
    let kl_qp = transport1d::kl(&state.q, &state.p);
    let js = transport1d::js(&state.p, &state.q);
    let shown = |r: &Result<f64, transport1d::PileError>| match r {
        Ok(v) => svg::num(*v),
        Err(_) => "—".to_string(),
    };
    let error = w1.as_ref().err().map(|e| match e {
        transport1d::PileError::Empty => tr!(
            "Each histogram needs some earth: drag a bar up.",
            "두 히스토그램 모두 흙이 조금은 있어야 합니다: 막대를 위로 끌어 올리세요."
        )
        .to_string(),
        other => other.to_string(),
    });

    // Up and down arrows raise or lower a focused bar by 0.1, as a drag would.
    let keyed = |i: usize, is_p: bool| {
        let state = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(d) = svg::arrow(&e) else { return };
            if d[1] == 0.0 {
                return;
            }
            let mut s = (*state).clone();
            let v = if is_p { &mut s.p } else { &mut s.q };
            if let Some(h) = v.get_mut(i) {
                *h = ((*h + 0.1 * d[1]).clamp(0.0, HMAX) * 10.0).round() / 10.0;
            }
            state.set(s);
        })
    };
    let bar = |i: usize, h: f64, is_p: bool| {
        let (class, x0) = if is_p {
            ("bar-p", i as f64 - 0.42)
        } else {
            ("bar-q", i as f64 + 0.02)
        };
        let fill = colour(if is_p { REAL } else { FAKE });
        html! {
            <rect {class} x={format!("{:.2}", bars.px(x0))} y={format!("{:.2}", bars.py(h))}
                width={format!("{:.2}", bars.sx(0.4))} height={format!("{:.2}", bars.py(0.0) - bars.py(h))} fill={fill}
                tabindex="0" role="slider" aria-valuemin="0" aria-valuemax={HMAX.to_string()} aria-valuenow={h.to_string()}
                aria-label={trf!("{} bar {} height; up and down arrows change it", "{} 막대 {}의 높이, 위아래 화살표 키로 바꿀 수 있습니다", if is_p { "P" } else { "Q" }, i + 1)}
                onkeydown={keyed(i, is_p)} />
        }
    };
    // Arcs above the bars; thickness ∝ mass moved.
    let arrow = |m: &Move| {
        if m.from == m.to {
            return html! {};
        }
        let (a, b) = (m.from as f64 - 0.22, m.to as f64 + 0.22);
        let lift = HMAX + 0.3 + 0.25 * (b - a).abs().min(7.0);
        let d = format!(
            "M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}",
            bars.px(a),
            bars.py(HMAX + 0.2),
            bars.px(0.5 * (a + b)),
            bars.py(lift),
            bars.px(b),
            bars.py(HMAX + 0.2)
        );
        html! { <path class="plan" d={d} stroke-width={format!("{:.2}", 1.0 + 14.0 * m.mass)} marker-end="url(#arrowhead)" /> }
    };
    let cdf_view = cdfs.map(|(fp, fq)| {
        let step = |f: &[f64]| {
            let mut pts = vec![[bars.x.0, 0.0]];
            for (i, v) in f.iter().enumerate() {
                pts.push([i as f64, if i == 0 { 0.0 } else { f[i - 1] }]);
                pts.push([i as f64, *v]);
            }
            pts.push([bars.x.1, 1.0]);
            svg::path(&cdf_frame, pts)
        };
        let gaps = (0..n.saturating_sub(1)).map(|i| {
            let (lo, hi) = (fp[i].min(fq[i]), fp[i].max(fq[i]));
            html! { <rect class="cdf-gap" x={format!("{:.2}", cdf_frame.px(i as f64))} y={format!("{:.2}", cdf_frame.py(hi))}
                width={format!("{:.2}", cdf_frame.sx(1.0))} height={format!("{:.2}", cdf_frame.py(lo) - cdf_frame.py(hi))} /> }
        });
        html! {
            <>
                { for gaps }
                <path class="cdf" d={step(&fp)} stroke={colour(REAL)} />
                <path class="cdf" d={step(&fq)} stroke={colour(FAKE)} stroke-dasharray="6 4" />
            </>
        }
    });

    html! {
        <div class="explainer" id="piles">
            <h3>{ tr!("Piles of earth", "흙더미") }</h3>
            <p>{ tr!("Drag the bars: ", "막대를 끌어 보세요: ") }<span class="legend-p">{ P_DATA }</span>{ tr!(" (left bar of each pair) and ", " (각 쌍의 왼쪽 막대)와 ") }
               <span class="legend-q">{ P_MODEL }</span>{ tr!(" (right). The arrows are the optimal plan (thickness = mass moved); below, the shaded area between the two CDFs is W1.", " (오른쪽). 화살표는 최적 수송 계획입니다 (굵기 = 옮긴 질량). 아래에서 두 CDF 사이의 색칠된 넓이가 W1입니다.") }</p>
            <div class="row">
                <div class="figure">
                    <svg id="piles-svg" viewBox={bars.view_box()} data-p={heights(&state.p)} data-q={heights(&state.q)}
                        onpointerdown={down} onpointermove={moved} onpointerup={up.clone()} onpointercancel={up}>
                        <defs><marker id="arrowhead" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" fill="#555" /></marker></defs>
                        <line class="axis" x1="0" x2={bars.w.to_string()} y1={bars.py(0.0).to_string()} y2={bars.py(0.0).to_string()} />
                        { for (0..n).map(|i| html! { <>{ bar(i, state.p[i], true) }{ bar(i, state.q[i], false) }</> }) }
                        { for plan.iter().map(arrow) }
                    </svg>
                    <svg id="cdf-svg" viewBox={cdf_frame.view_box()}>
                        { cdf_view.unwrap_or_default() }
                    </svg>
                    <div class="buttons">
                        <button onclick={resize(1)} disabled={n >= MAX_BARS}>{ tr!("+ bar", "+ 막대") }</button>
                        <button onclick={resize(-1)} disabled={n <= 2}>{ tr!("− bar", "− 막대") }</button>
                        <button onclick={reset}>{ tr!("Reset", "초기화") }</button>
                    </div>
                </div>
                <dl class="readout">
                    <dt>{ tr!("W1 (area between CDFs)", "W1 (CDF 사이의 넓이)") }</dt><dd id="piles-w1">{ shown(&w1) }</dd>
                    <dt>{ format!("KL({P_DATA} ‖ {P_MODEL})") }</dt><dd id="piles-kl">{ shown(&kl_pq) }</dd>
                    <dt>{ format!("KL({P_MODEL} ‖ {P_DATA})") }</dt><dd id="piles-kl-rev">{ shown(&kl_qp) }</dd>
                    <dt>{ tr!("JS (at most ln 2 ≈ 0.6931)", "JS (최대 ln 2 ≈ 0.6931)") }</dt><dd id="piles-js">{ shown(&js) }</dd>
                </dl>
            </div>
            if let Some(e) = error { <p class="notice" id="piles-error">{ e }</p> }
            <p class="note">{ tr!("Move one pile further away: W1 grows with the distance, while KL stays ∞ and JS stays at ln 2 as soon as the piles stop overlapping: no signal about how far.", "흙더미 하나를 더 멀리 옮겨 보세요: W1은 거리에 따라 커지지만, 더미가 겹치지 않게 되는 순간부터 KL은 ∞, JS는 ln 2에 머뭅니다. 얼마나 먼지에 대한 신호가 없습니다.") }</p>
        </div>
    }
}
