//! The Earth Mover's Distance panel (slide 3): piles of earth, the parallel lines and 2D
//! matching on the Lab's live samples.

use yew::prelude::*;

use super::matching::Matching;
use super::parallel_lines::ParallelLines;
use super::piles::Piles;
use super::{LiveProps, Panel};

pub const PANEL: Panel = Panel {
    key: "emd",
    label: || tr!("Earth Mover's Distance", "EMD (흙 옮기기 거리)"),
    render: |live| html! { <EmdPanel live={live.clone()} /> },
};

/// The EMD panel: piles of earth, the parallel lines and 2D matching (slide 3).
#[function_component(EmdPanel)]
pub fn emd_panel(props: &LiveProps) -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    html! {
        <section class="panel" id="panel-emd">
            <h2>{ tr!("Earth Mover's Distance (Wasserstein-1)", "EMD: 흙 옮기기 거리 (Wasserstein-1)") }</h2>
            <p class="lead">{ tr!("How much earth, moved how far, turns P_model into P_data. Unlike KL and JS it is finite and keeps a slope however far apart the distributions are.", "얼마나 많은 흙을 얼마나 멀리 옮겨야 P_model이 P_data가 되는지를 잽니다. KL이나 JS와 달리 분포가 아무리 멀리 떨어져 있어도 유한하고 기울기가 남아 있습니다.") }</p>
            <Piles />
            <ParallelLines />
            <Matching live={props.live.clone()} />
        </section>
    }
}
