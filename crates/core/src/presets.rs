//! Named starting points for the Lab, each with where it comes from and what to notice.

use crate::config::LossKind;
use crate::config::OptimizerKind;
use crate::config::TrainConfig;
use crate::data::ToyData;

/// A preset: a configuration, a dataset and a line for the student.
pub struct Preset {
    /// Its id in URLs.
    pub id: &'static str,
    /// Its name in the menu.
    pub label: &'static str,
    /// The configuration.
    pub config: fn() -> TrainConfig,
    /// The data.
    pub data: ToyData,
    /// Where the numbers come from.
    pub provenance: &'static str,
    /// What to look at.
    pub notice: &'static str,
}

/// All presets, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "fast",
        label: "WGAN-GP, fast (CPU)",
        config: TrainConfig::new,
        data: ToyData::EightGaussians,
        provenance: "Earthmover's fast configuration: width 128, n_critic 2, λ 1, Adam 2e-3 halved every 600 steps.",
        notice: "All 8 modes fill within a few hundred steps; the critic surface rises on the data and the arrows point at it.",
    },
    Preset {
        id: "paper",
        label: "WGAN-GP, paper's toy config",
        config: TrainConfig::paper,
        data: ToyData::EightGaussians,
        provenance: "Gulrajani et al. 2017, gan_toy.py: width 512, 3 ReLU layers, batch 256, Adam 1e-4 (0.5, 0.9), n_critic 5, λ 0.1.",
        notice: "Slower on a CPU, but this is the configuration the paper's figures come from.",
    },
    Preset {
        id: "bce-collapses",
        label: "BCE GAN collapses",
        config: || {
            TrainConfig::new()
                .with_loss(LossKind::Bce)
                .with_n_critic(1)
                .with_lr_g(1e-3)
                .with_lr_d(1e-3)
                .with_lr_half_life(0)
        },
        data: ToyData::EightGaussians,
        provenance: "Goodfellow et al. 2014's non-saturating loss, one D step per G step, as GAN Lab trains it.",
        notice: "Watch the per-mode bars: modes empty out and the generator hops between a few of them (mode collapse).",
    },
    Preset {
        id: "clipping-simple",
        label: "Clipping makes a simple critic",
        config: || {
            TrainConfig::new()
                .with_loss(LossKind::WganClip)
                .with_clip(0.01)
                .with_n_critic(5)
                .with_optimizer_g(OptimizerKind::RmsProp)
                .with_optimizer_d(OptimizerKind::RmsProp)
                .with_lr_g(5e-5)
                .with_lr_d(5e-5)
                .with_lr_half_life(0)
        },
        data: ToyData::EightGaussians,
        provenance: "Arjovsky et al. 2017: weights clipped to [−0.01, 0.01], RMSProp 5e-5, n_critic 5.",
        notice: "The weight histogram piles up at ±c and the critic surface stays a near-linear ramp: it cannot follow the 8 modes.",
    },
    Preset {
        id: "gp-follows",
        label: "GP critic follows the data",
        config: || {
            TrainConfig::new()
                .with_fixed_generator(true)
                .with_lambda(10.0)
                .with_lr_half_life(0)
        },
        data: ToyData::TwentyFiveGaussians,
        provenance: "Gulrajani et al. 2017, Figure 1: the generator is held at real + N(0, 1) and the critic trained alone.",
        notice: "The value surface wraps every one of the 25 modes, and ‖∇D‖ stays near 1 between them.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_valid_and_ids_are_unique() {
        for p in PRESETS {
            (p.config)()
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert!(!p.notice.is_empty() && !p.provenance.is_empty());
            assert_eq!(PRESETS.iter().filter(|q| q.id == p.id).count(), 1);
        }
    }
}
