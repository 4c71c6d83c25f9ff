//! BCE saturation (slide 2): the generator's gradient magnitude against D(G(z)) for the
//! saturating and non-saturating BCE losses and the Wasserstein critic, read off at a draggable
//! fake sample's logit.

use yew::prelude::*;

use super::slider;
use earthmover_explain::saturation::gradients;
use crate::plot::{self, Curve, FAKE, REAL};
use crate::svg;

use super::Panel;

pub const PANEL: Panel = Panel {
    key: "saturation",
    label: "BCE saturation",
    render: |_| html! { <SaturationPanel /> },
};

const SATURATING: plotters::style::RGBColor = plotters::style::RGBColor(200, 40, 40);

#[function_component(SaturationPanel)]
pub fn saturation_panel() -> Html {
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
            <h2>{ "Why a BCE generator stops learning" }</h2>
            <p class="lead">{ "When the discriminator wins, it rejects fakes confidently: D(G(z)) → 0. Slide the fake sample's logit to the left and watch what reaches the generator." }</p>
            <div class="row">
                <div class="figure">
                    { slider("logit", "logit ℓ of D on the fake", (-10.0, 10.0, 0.1), *logit, set) }
                    <canvas ref={canvas} id="saturation-chart" width="560" height="300" role="img"
                        aria-label={format!("Gradient reaching the generator against D(G(z)), for the three losses; at D(G(z)) = {:.3}: saturating {:.3}, non-saturating {:.3}, Wasserstein {:.3}", g.d, g.saturating, g.non_saturating, g.wasserstein)} />
                    <p class="legend"><span class="sat">{ "— saturating: min ln(1 − D), |∂/∂ℓ| = D" }</span><br />
                        <span class="real">{ "— non-saturating: min −ln D, |∂/∂ℓ| = 1 − D" }</span><br />
                        <span class="fake">{ "— Wasserstein: min −D(x) (raw critic), |∂/∂D| = 1" }</span></p>
                </div>
                <dl class="readout">
                    <dt>{ "D(G(z)) = σ(ℓ)" }</dt><dd id="sat-d">{ svg::num(g.d) }</dd>
                    <dt>{ "saturating gradient" }</dt><dd id="sat-s">{ svg::num(g.saturating) }</dd>
                    <dt>{ "non-saturating gradient" }</dt><dd id="sat-ns">{ svg::num(g.non_saturating) }</dd>
                    <dt>{ "Wasserstein gradient" }</dt><dd id="sat-w">{ svg::num(g.wasserstein) }</dd>
                </dl>
            </div>
            <p class="note">{ format!(
                "At ℓ = {:.1} the discriminator gives the fake D = {:.4}; the saturating loss passes on only {:.4} of the slope, {:.0}× less than the non-saturating trick. \
                 In the Lab, pick \"BCE (saturating)\": the gradient arrows on the fakes shrink to nothing once D wins. With WGAN-GP the critic's slope stays near 1, so the arrows keep pointing home.",
                *logit, g.d, g.saturating, g.non_saturating / g.saturating.max(f64::MIN_POSITIVE)) }</p>
        </section>
    }
}
