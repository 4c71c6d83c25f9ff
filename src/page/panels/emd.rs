//! The Earth Mover's Distance panel (slide 3): piles of earth, the parallel lines and 2D
//! matching on the Lab's live samples.

use yew::prelude::*;

use super::matching::Matching;
use super::parallel_lines::ParallelLines;
use super::piles::Piles;
use super::{LiveProps, Panel};

pub const PANEL: Panel = Panel {
    key: "emd",
    label: "Earth Mover's Distance",
    render: |live| html! { <EmdPanel live={live.clone()} /> },
};

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

