//! The presets' name, notice and provenance in the page's language: the only place a
//! student's words about a preset live ([`earthmover_core::presets`] holds the numbers). A
//! native test checks that every preset has all three, in both languages.

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
        "clipping-fixed" => tr!(
            "Clipping against a fixed generator",
            "고정된 생성자에 맞선 가중치 클리핑"
        ),
        "gp-follows" => tr!("GP critic follows the data", "데이터를 따라가는 GP 비평가"),
        _ => "",
    }
}

/// What to look at while the preset runs.
pub fn notice(id: &str) -> &'static str {
    match id {
        "fast" => tr!(
            "All 8 modes fill within a few hundred steps, and by about step 2,000 four in five samples sit sharply on a mode; the critic surface rises on the data and the arrows point at it. Switch \"samples from\" to raw G to see the generator being trained still wobble.",
            "수백 단계 안에 8개 모드가 모두 채워지고, 2,000단계쯤이면 샘플 다섯 개 중 네 개가 모드 위에 또렷이 모입니다. 비평가 곡면은 데이터 위에서 솟아오르고 화살표는 데이터를 가리킵니다. \"샘플을 그리는 생성자\"를 원래 G로 바꾸면 학습 중인 생성자가 아직 흔들리는 모습이 보입니다."
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
        "clipping-fixed" => tr!(
            "Figure 1(a), left: trained to optimality, the clipped critic is a simple tilted surface that ignores the 25 modes.",
            "그림 1(a)의 왼쪽: 끝까지 학습해도 클리핑된 비평가는 25개 모드를 무시하는 단순한 기울어진 곡면입니다."
        ),
        "gp-follows" => tr!(
            "Figure 1(a), right: within seconds the surface rises at each of the 9 inner modes and runs along the outer ones as a ridge; ‖∇D‖ stays near 1 between them.",
            "그림 1(a)의 오른쪽: 몇 초 안에 곡면이 안쪽 9개 모드마다 솟아오르고 바깥 모드들을 따라 능선을 이룹니다. 모드 사이에서 ‖∇D‖는 1 근처에 머뭅니다."
        ),
        _ => "",
    }
}

/// Where the preset's numbers come from.
pub fn provenance(id: &str) -> &'static str {
    match id {
        "fast" => tr!(
            "Earthmover's fast configuration, not the paper's: width 128, batch 128, n_critic 2, λ 1, Adam 2e-3 for G and 4e-3 for D (two time scales) halved every 800 steps, and samples drawn from G's weight average (β 0.99, Yazıcı et al. 2019). The smaller batch gives twice the steps per second, and the average gives sharper samples at the same step.",
            "논문이 아닌 Earthmover의 빠른 설정: 너비 128, 배치 128, n_critic 2, λ 1, Adam은 G 2e-3, D 4e-3 (두 시간 척도)이며 800단계마다 절반으로, 샘플은 G의 가중치 평균(β 0.99, 야즈즈 외 2019)에서 그립니다. 작은 배치는 초당 단계를 두 배로 늘리고, 평균은 같은 단계에서 더 선명한 샘플을 줍니다."
        ),
        "paper" => tr!(
            "Gulrajani et al. 2017, gan_toy.py: width 512, 3 ReLU layers, batch 256, Adam 1e-4 (0.5, 0.9), n_critic 5, λ 0.1.",
            "굴라자니 외 2017, 참고 토이 스크립트: 너비 512, ReLU 층 3개, 배치 256, Adam 1e-4 (0.5, 0.9), n_critic 5, λ 0.1."
        ),
        "bce-collapses" => tr!(
            "Goodfellow et al. 2014's non-saturating loss, one D step per G step, as GAN Lab trains it; the raw generator is shown, since a weight average would smooth the collapse away.",
            "굿펠로 외 2014의 비포화 손실, G 한 단계마다 D 한 단계 (GAN 랩의 학습 방식). 가중치 평균은 붕괴를 가려 버리므로 원래 생성자를 보여 줍니다."
        ),
        "clipping-simple" => tr!(
            "Arjovsky et al. 2017: weights clipped to [−0.01, 0.01], RMSProp 5e-5, n_critic 5.",
            "아르요프스키 외 2017: 가중치 클리핑 [−0.01, 0.01], RMSProp 5e-5, n_critic 5."
        ),
        "clipping-fixed" => tr!(
            "Gulrajani et al. 2017, Figure 1(a): the generator is held at real + N(0, 1) and the critic, clipped at c = 0.01 with RMSProp 5e-5, trained alone.",
            "굴라자니 외 2017, 그림 1(a): 생성자를 실제 + N(0, 1)로 고정하고, c = 0.01로 클리핑한 비평가만 RMSProp 5e-5로 학습합니다."
        ),
        "gp-follows" => tr!(
            "Gulrajani et al. 2017, Figure 1(a): the generator is held at real + N(0, 1) and the critic trained alone. Earthmover departs from the paper's λ 10 and Adam 1e-4 with λ 1 and Adam 3e-3, so the surface forms in seconds on a CPU instead of minutes.",
            "굴라자니 외 2017, 그림 1(a): 생성자를 실제 + N(0, 1)로 고정하고 비평가만 학습합니다. 논문의 λ 10, Adam 1e-4 대신 λ 1, Adam 3e-3을 써서 CPU에서 몇 분이 아니라 몇 초 만에 곡면이 만들어집니다."
        ),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_lang};
    use earthmover_core::presets::PRESETS;

    #[test]
    fn every_preset_has_its_words_in_both_languages() {
        for lang in [Lang::En, Lang::Ko] {
            set_lang(lang);
            for p in PRESETS {
                for (what, text) in [
                    ("label", label(p.id)),
                    ("notice", notice(p.id)),
                    ("provenance", provenance(p.id)),
                ] {
                    assert!(!text.is_empty(), "{lang:?}: {} has no {what}", p.id);
                }
            }
        }
        set_lang(Lang::En);
    }
}
