//! The L1 vs L2 panel (slide 8): taxicab paths, unit balls, and why L1 zeroes features.

use yew::prelude::*;

use super::Panel;
use super::norms::{NormPaths, UnitBalls};
use super::sparsity::Sparsity;

pub const PANEL: Panel = Panel {
    key: "norms",
    label: "L1 vs L2",
    render: |_| html! { <NormsPanel /> },
};

/// The L1 vs L2 panel (slide 8).
#[function_component(NormsPanel)]
pub fn norms_panel() -> Html {
    html! {
        <section class="panel" id="panel-norms">
            <h2>{ "L1 vs L2" }</h2>
            <p class="lead">{ "L1 = Σ|xᵢ| (taxicab), L2 = √Σxᵢ² (straight line). L1 has many equally short paths and a pointed unit ball; that is why L1 regularisation zeroes features." }</p>
            <NormPaths />
            <UnitBalls />
            <Sparsity />
        </section>
    }
}

