//! The explainer panels (lecture slides 2, 3, 4 and 8). Each is a self-contained component: its
//! own state and view, with every number computed by [`earthmover_explain`].

mod lipschitz;
mod matching;
mod norms;
mod parallel_lines;
mod piles;
mod saturation;
mod sparsity;

use web_sys::HtmlInputElement;
use yew::prelude::*;

pub use lipschitz::LipschitzPanel;
pub use matching::Matching;
pub use norms::{NormPaths, UnitBalls};
pub use parallel_lines::ParallelLines;
pub use piles::Piles;
pub use saturation::SaturationPanel;
pub use sparsity::Sparsity;

/// A callback that applies `apply` to a copy of a panel's state and stores the result.
pub fn updater<S: Clone + 'static, T: 'static>(
    state: &UseStateHandle<S>,
    apply: fn(&mut S, T),
) -> Callback<T> {
    let state = state.clone();
    Callback::from(move |v: T| {
        let mut s = (*state).clone();
        apply(&mut s, v);
        state.set(s);
    })
}

/// A labelled range slider whose value is shown beside it.
pub fn slider(
    id: &'static str,
    label: &str,
    (min, max, step): (f64, f64, f64),
    value: f64,
    on: Callback<f64>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        if let Ok(v) = e
            .target_unchecked_into::<HtmlInputElement>()
            .value()
            .parse::<f64>()
        {
            on.emit(v);
        }
    });
    html! {
        <label class="slider">
            <span>{ label }</span>
            <input type="range" {id} min={min.to_string()} max={max.to_string()} step={step.to_string()}
                value={value.to_string()} {oninput} />
            <output>{ format!("{value:.2}") }</output>
        </label>
    }
}

/// The EMD panel: piles of earth, the parallel lines and 2D matching (slide 3).
#[function_component(EmdPanel)]
pub fn emd_panel(props: &LiveProps) -> Html {
    html! {
        <section class="panel" id="panel-emd">
            <h2>{ "Earth Mover's Distance (Wasserstein-1)" }</h2>
            <p class="lead">{ "How much earth, moved how far, turns P_model into P_data. Unlike KL and JS it is finite and keeps a slope however far apart the distributions are." }</p>
            <Piles />
            <ParallelLines />
            <Matching live={props.live.clone()} />
        </section>
    }
}

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

/// Panels that can borrow the Lab's live samples or critic.
#[derive(Properties, PartialEq)]
pub struct LiveProps {
    pub live: super::live::LiveLab,
}
