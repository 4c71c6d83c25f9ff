//! The L1 vs L2 panel (slide 8): taxicab paths, unit balls, and why L1 zeroes features.

use yew::prelude::*;

use super::Panel;
use super::norms::{NormPaths, UnitBalls};
use super::sparsity::Sparsity;

pub const PANEL: Panel = Panel {
    key: "norms",
    label: || tr!("L1 vs L2", "L1 대 L2"),
    render: |_| html! { <NormsPanel /> },
};

/// The L1 vs L2 panel (slide 8).
#[function_component(NormsPanel)]
pub fn norms_panel() -> Html {
    let _lang = use_context::<crate::i18n::Lang>();
    html! {
        <section class="panel" id="panel-norms">
            <h2>{ tr!("L1 vs L2", "L1 대 L2") }</h2>
            <p class="lead">{ tr!("L1 = Σ|xᵢ| (taxicab), L2 = √Σxᵢ² (straight line). L1 has many equally short paths and a pointed unit ball; that is why L1 regularisation zeroes features.", "L1 = Σ|xᵢ| (택시 거리), L2 = √Σxᵢ² (직선 거리). L1에는 똑같이 짧은 경로가 여러 개 있고 단위 공이 뾰족합니다. 그래서 L1 정규화는 특성을 0으로 만듭니다.") }</p>
            <NormPaths />
            <UnitBalls />
            <Sparsity />
        </section>
    }
}
