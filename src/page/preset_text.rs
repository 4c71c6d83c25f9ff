//! The presets' name, notice and provenance in the page's language. The English is
//! [`earthmover_core::presets`]'s own text, word for word; an id this module does not know
//! falls back to that text.

use earthmover_core::presets::{PRESETS, Preset};

/// The core preset with this id, if there is one.
fn core(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// The preset's name in the menu.
pub fn label(id: &str) -> &'static str {
    match id {
        "fast" => tr!("WGAN-GP, fast (CPU)", "WGAN-GP, 빠른 설정 (CPU)"),
        "paper" => tr!(
            "WGAN-GP, paper's toy config",
            "WGAN-GP, 논문의 토이 예제 설정"
        ),
        "bce-collapses" => tr!("BCE GAN collapses", "BCE GAN의 모드 붕괴"),
        "clipping-simple" => tr!(
            "Clipping makes a simple critic",
            "가중치 클리핑이 만드는 단순한 비평가"
        ),
        "gp-follows" => tr!("GP critic follows the data", "데이터를 따라가는 GP 비평가"),
        _ => core(id).map_or("", |p| p.label),
    }
}

/// What to look at while the preset runs.
pub fn notice(id: &str) -> &'static str {
    match id {
        "fast" => tr!(
            "All 8 modes fill within a few hundred steps; the critic surface rises on the data and the arrows point at it.",
            "수백 단계 안에 8개 모드가 모두 채워집니다. 비평가 곡면은 데이터 위에서 솟아오르고 화살표는 데이터를 가리킵니다."
        ),
        "paper" => tr!(
            "Slower on a CPU, but this is the configuration the paper's figures come from.",
            "CPU에서는 더 느리지만, 논문의 그림이 나온 바로 그 설정입니다."
        ),
        "bce-collapses" => tr!(
            "Watch the per-mode bars: modes empty out and the generator hops between a few of them (mode collapse).",
            "모드별 막대를 보세요. 모드가 하나둘 비고 생성자는 몇몇 모드 사이를 오갑니다(모드 붕괴)."
        ),
        "clipping-simple" => tr!(
            "The weight histogram piles up at ±c and the critic surface stays a near-linear ramp: it cannot follow the 8 modes.",
            "가중치 히스토그램이 ±c에 몰리고 비평가 곡면은 거의 선형인 비탈로 남습니다. 8개 모드를 따라가지 못합니다."
        ),
        "gp-follows" => tr!(
            "The value surface wraps every one of the 25 modes, and ‖∇D‖ stays near 1 between them.",
            "값 곡면이 25개 모드를 하나하나 감싸고, 모드 사이에서 ‖∇D‖는 1 근처에 머뭅니다."
        ),
        _ => core(id).map_or("", |p| p.notice),
    }
}

/// Where the preset's numbers come from.
pub fn provenance(id: &str) -> &'static str {
    match id {
        "fast" => tr!(
            "Earthmover's fast configuration: width 128, n_critic 2, λ 1, Adam 2e-3 halved every 600 steps.",
            "Earthmover의 빠른 설정: 너비 128, n_critic 2, λ 1, Adam 2e-3 (600단계마다 절반으로)."
        ),
        "paper" => tr!(
            "Gulrajani et al. 2017, gan_toy.py: width 512, 3 ReLU layers, batch 256, Adam 1e-4 (0.5, 0.9), n_critic 5, λ 0.1.",
            "Gulrajani 외 2017, gan_toy.py: 너비 512, ReLU 층 3개, 배치 256, Adam 1e-4 (0.5, 0.9), n_critic 5, λ 0.1."
        ),
        "bce-collapses" => tr!(
            "Goodfellow et al. 2014's non-saturating loss, one D step per G step, as GAN Lab trains it.",
            "Goodfellow 외 2014의 비포화 손실, G 한 단계마다 D 한 단계 (GAN Lab의 학습 방식)."
        ),
        "clipping-simple" => tr!(
            "Arjovsky et al. 2017: weights clipped to [−0.01, 0.01], RMSProp 5e-5, n_critic 5.",
            "Arjovsky 외 2017: 가중치 클리핑 [−0.01, 0.01], RMSProp 5e-5, n_critic 5."
        ),
        "gp-follows" => tr!(
            "Gulrajani et al. 2017, Figure 1: the generator is held at real + N(0, 1) and the critic trained alone.",
            "Gulrajani 외 2017, 그림 1: 생성자를 실제 + N(0, 1)로 고정하고 비평가만 학습합니다."
        ),
        _ => core(id).map_or("", |p| p.provenance),
    }
}
