//! BCE saturation (slide 2): the generator's gradient magnitude against D(G(z)) for the
//! saturating and non-saturating BCE losses and the Wasserstein critic, read off at a draggable
//! fake sample's logit.

use yew::prelude::*;

use super::slider;
use crate::plot::{self, Curve, FAKE, REAL};
use crate::svg;
use earthmover_explain::saturation::gradients;

use super::Panel;

pub const PANEL: Panel = Panel {
    key: "saturation",
    label: || tr!("BCE saturation", "BCE 포화"),
    render: |_| html! { <SaturationPanel /> },
};

const SATURATING: plotters::style::RGBColor = plotters::style::RGBColor(200, 40, 40);

#[function_component(SaturationPanel)]
pub fn saturation_panel() -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    let logit = use_state(|| -4.0f64);
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with(*logit, move |&l| {
            if let Some(c) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                // Sample evenly in the logit so both saturated ends are resolved.
                let pts: Vec<_> = (0..=400)
                    .map(|i| gradients(-10.0 + 0.05 * i as f64))
                    .collect();
                let series = |f: fn(&earthmover_explain::saturation::GeneratorGradients) -> f64| {
                    pts.iter().map(|g| (g.d, f(g))).collect::<Vec<_>>()
                };
                let (s, ns, w) = (
                    series(|g| g.saturating),
                    series(|g| g.non_saturating),
                    series(|g| g.wasserstein),
                );
                let g = gradients(l);
                plot::draw_curves(
                    &c,
                    (0.0, 1.0),
                    (0.0, 1.1),
                    &[
                        Curve {
                            points: &w,
                            colour: FAKE,
                            mark: Some((g.d, g.wasserstein)),
                        },
                        Curve {
                            points: &ns,
                            colour: REAL,
                            mark: Some((g.d, g.non_saturating)),
                        },
                        Curve {
                            points: &s,
                            colour: SATURATING,
                            mark: Some((g.d, g.saturating)),
                        },
                    ],
                    "D(G(z))",
                );
            }
        });
    }
    let g = gradients(*logit);
    let set = {
        let logit = logit.clone();
        Callback::from(move |v: f64| logit.set(v))
    };
    html! {
        <section class="panel" id="panel-saturation">
            <h2>{ tr!("Why a BCE generator stops learning", "BCE 생성자가 학습을 멈추는 이유") }</h2>
            <p class="lead">{ tr!("When the discriminator wins, it rejects fakes confidently: D(G(z)) → 0. Slide the fake sample's logit to the left and watch what reaches the generator.", "판별자가 이기면 가짜를 확신을 갖고 거부합니다: D(G(z)) → 0. 생성된 샘플의 로짓을 왼쪽으로 밀어 생성자에게 무엇이 전달되는지 보세요.") }</p>
            <div class="row">
                <div class="figure">
                    { slider("logit", tr!("logit ℓ of D on the fake", "가짜에 대한 D의 로짓 ℓ"), (-10.0, 10.0, 0.1), *logit, set) }
                    <canvas ref={canvas} id="saturation-chart" width="560" height="300" role="img"
                        aria-label={trf!("Gradient reaching the generator against D(G(z)), for the three losses; at D(G(z)) = {:.3}: saturating {:.3}, non-saturating {:.3}, Wasserstein {:.3}", "세 가지 손실에서 D(G(z))에 따라 생성자에 전달되는 그래디언트. D(G(z)) = {:.3}에서: 포화 {:.3}, 비포화 {:.3}, Wasserstein {:.3}", g.d, g.saturating, g.non_saturating, g.wasserstein)} />
                    <p class="legend"><span class="sat">{ tr!("— saturating: min ln(1 − D), |∂/∂ℓ| = D", "— 포화: min ln(1 − D), |∂/∂ℓ| = D") }</span><br />
                        <span class="real">{ tr!("— non-saturating: min −ln D, |∂/∂ℓ| = 1 − D", "— 비포화: min −ln D, |∂/∂ℓ| = 1 − D") }</span><br />
                        <span class="fake">{ tr!("— Wasserstein: min −D(x) (raw critic), |∂/∂D| = 1", "— Wasserstein: min −D(x) (비평가 원값), |∂/∂D| = 1") }</span></p>
                </div>
                <dl class="readout">
                    <dt>{ "D(G(z)) = σ(ℓ)" }</dt><dd id="sat-d">{ svg::num(g.d) }</dd>
                    <dt>{ tr!("saturating gradient", "포화 그래디언트") }</dt><dd id="sat-s">{ svg::num(g.saturating) }</dd>
                    <dt>{ tr!("non-saturating gradient", "비포화 그래디언트") }</dt><dd id="sat-ns">{ svg::num(g.non_saturating) }</dd>
                    <dt>{ tr!("Wasserstein gradient", "Wasserstein 그래디언트") }</dt><dd id="sat-w">{ svg::num(g.wasserstein) }</dd>
                </dl>
            </div>
            <p class="note">{ trf!(
                "At ℓ = {:.1} the discriminator gives the fake D = {:.4}; the saturating loss passes on only {:.4} of the slope, {:.0}× less than the non-saturating trick. \
                 In the Lab, pick \"BCE (saturating)\": the gradient arrows on the fakes shrink to nothing once D wins. With WGAN-GP the critic's slope stays near 1, so the arrows keep pointing home.",
                "ℓ = {:.1}에서 판별자는 가짜에 D = {:.4}를 줍니다. 포화 손실은 기울기의 {:.4}만 전달하며, 이는 비포화 기법보다 {:.0}배 작습니다. \
                 실험실에서 \"BCE (포화 G 손실)\"을 골라 보세요: D가 이기면 가짜 위의 그래디언트 화살표가 사라질 만큼 줄어듭니다. WGAN-GP에서는 비평가의 기울기가 1 가까이 유지되어 화살표가 계속 실제 데이터 쪽을 가리킵니다.",
                *logit, g.d, g.saturating, g.non_saturating / g.saturating.max(f64::MIN_POSITIVE)) }</p>
        </section>
    }
}
