//! The WGAN paper's parallel lines: a θ slider, and W, JS and KL against θ, each computed on
//! discretised lines by [`earthmover_explain::parallel_lines`].

use yew::prelude::*;

use super::slider;
use crate::plot::{self, Curve, FAKE, REAL};
use crate::svg::{self, Frame};
use earthmover_explain::parallel_lines::{Distances, distances};

/// Atoms per line: enough to be a fair picture, few enough to recompute every curve instantly.
const ATOMS: usize = 16;
const KL_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(150, 40, 160);

/// The distances at θ. The slider only gives finite θ and ATOMS is in range, so the refusal
/// (NaN: nothing drawn) never shows.
fn at(theta: f64) -> Distances {
    distances(theta, ATOMS).unwrap_or(Distances {
        w1: f64::NAN,
        js: f64::NAN,
        kl: f64::NAN,
    })
}

#[function_component(ParallelLines)]
pub fn parallel_lines() -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    let theta = use_state(|| 0.5f64);
    let canvas = use_node_ref();
    // The curves do not depend on θ; compute them once.
    let curves = use_memo((), |_| {
        (0..=80)
            .map(|i| {
                let t = -1.0 + i as f64 / 40.0;
                (t, at(t))
            })
            .collect::<Vec<_>>()
    });
    let now = at(*theta);
    {
        let canvas = canvas.clone();
        let curves = curves.clone();
        use_effect_with(*theta, move |&t| {
            if let Some(c) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                let d = at(t);
                let series = |f: fn(&earthmover_explain::parallel_lines::Distances) -> f64| {
                    curves.iter().map(|(t, d)| (*t, f(d))).collect::<Vec<_>>()
                };
                let (w, js, kl) = (series(|d| d.w1), series(|d| d.js), series(|d| d.kl));
                plot::draw_curves(
                    &c,
                    (-1.0, 1.0),
                    (0.0, 1.2),
                    &[
                        Curve {
                            points: &kl,
                            colour: KL_COLOUR,
                            mark: Some((t, d.kl)),
                        },
                        Curve {
                            points: &js,
                            colour: REAL,
                            mark: Some((t, d.js)),
                        },
                        Curve {
                            points: &w,
                            colour: FAKE,
                            mark: Some((t, d.w1)),
                        },
                    ],
                    "θ",
                );
            }
        });
    }
    let f = Frame {
        x: (-1.2, 1.2),
        y: (-0.1, 1.1),
        w: 260.0,
        h: 130.0,
    };
    let set = {
        let theta = theta.clone();
        Callback::from(move |v: f64| theta.set(v))
    };
    html! {
        <div class="explainer" id="parallel-lines">
            <h3>{ tr!("Parallel lines (WGAN paper, Example 1)", "평행선 (WGAN 논문, 예제 1)") }</h3>
            <p>{ trf!("P₀ is uniform on the segment {{0}}×[0,1], P_θ on {{θ}}×[0,1]. Slide θ towards 0.", "P₀는 선분 {{0}}×[0,1] 위의 균등 분포, P_θ는 {{θ}}×[0,1] 위의 균등 분포입니다. θ를 0 쪽으로 밀어 보세요.") }</p>
            <div class="row">
                <div class="figure">
                    { slider("theta", "θ", (-1.0, 1.0, 0.01), *theta, set) }
                    <svg id="lines-svg" viewBox={f.view_box()}>
                        <line class="axis" x1={f.px(-1.2).to_string()} x2={f.px(1.2).to_string()} y1={f.py(0.0).to_string()} y2={f.py(0.0).to_string()} />
                        <path class="segment-p" d={svg::path(&f, [[0.0, 0.0], [0.0, 1.0]])} />
                        <path class="segment-q" d={svg::path(&f, [[*theta, 0.0], [*theta, 1.0]])} />
                    </svg>
                    <canvas ref={canvas} id="lines-chart" width="560" height="260" role="img"
                        aria-label={trf!("W, JS and KL between the two lines against θ; at θ = {:.2}: W {}, JS {}, KL {}", "θ에 따른 두 선 사이의 W, JS, KL. θ = {:.2}에서: W {}, JS {}, KL {}", *theta, svg::num(now.w1), svg::num(now.js), svg::num(now.kl))} />
                    <p class="legend"><span class="fake">{ "— W" }</span>{ " " }<span class="real">{ "— JS" }</span>{ " " }<span class="kl">{ tr!("— KL (∞ drawn along the top)", "— KL (∞는 맨 위에 그림)") }</span></p>
                </div>
                <dl class="readout">
                    <dt>{ "W(P₀, P_θ)" }</dt><dd id="pl-w">{ svg::num(now.w1) }</dd>
                    <dt>{ "JS" }</dt><dd id="pl-js">{ svg::num(now.js) }</dd>
                    <dt>{ "KL(P₀ ‖ P_θ)" }</dt><dd id="pl-kl">{ svg::num(now.kl) }</dd>
                </dl>
            </div>
            <p class="note">{ trf!("Computed on {ATOMS} atoms per line. W = |θ| shrinks steadily as θ → 0, so a generator following it is pulled home. JS sits at ln 2 and KL at ∞ for every θ ≠ 0 and drop to 0 only at θ = 0: flat everywhere else, so their gradient with respect to θ is zero and a generator trained on them gets no direction.", "선마다 원자 {ATOMS}개로 계산했습니다. W = |θ|는 θ → 0일 때 꾸준히 줄어들므로, 이를 따르는 생성자는 제자리로 끌려옵니다. JS는 θ ≠ 0인 모든 곳에서 ln 2, KL은 ∞에 머물다가 θ = 0에서만 0으로 떨어집니다. 다른 곳은 모두 평평해서 θ에 대한 그래디언트가 0이므로, 이들로 학습한 생성자는 방향을 얻지 못합니다.") }</p>
        </div>
    }
}
