//! Named starting points for the Lab: a configuration and a dataset. What a student reads about
//! each (its name, what to notice, where its numbers come from) is the page's, in
//! `src/page/preset_text.rs`, in both languages.

use crate::config::LossKind;
use crate::config::OptimizerKind;
use crate::config::TrainConfig;
use crate::data::ToyData;

/// A preset: a configuration and a dataset.
pub struct Preset {
    /// Its id in URLs.
    pub id: &'static str,
    /// The configuration.
    pub config: fn() -> TrainConfig,
    /// The data.
    pub data: ToyData,
}

/// The base of the presets that show a failure: the reference's batch of 256, and the raw
/// generator with no weight average, which would smooth the oscillation and collapse away.
fn failure_shown_raw() -> TrainConfig {
    TrainConfig::new()
        .with_batch(256)
        .with_ema(0.0)
        .with_averaged(false)
}

/// All presets, in menu order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "fast",
        config: TrainConfig::new,
        data: ToyData::EightGaussians,
    },
    Preset {
        id: "paper",
        config: TrainConfig::paper,
        data: ToyData::EightGaussians,
    },
    Preset {
        id: "bce-collapses",
        config: || {
            failure_shown_raw()
                .with_loss(LossKind::Bce)
                .with_n_critic(1)
                .with_lr_g(1e-3)
                .with_lr_d(1e-3)
                .with_lr_half_life(0)
        },
        data: ToyData::EightGaussians,
    },
    Preset {
        id: "clipping-simple",
        config: || {
            failure_shown_raw()
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
    },
    // The WGAN-GP paper's Figure 1(a): critics trained against a generator held at
    // real + N(0, 1). The penalty's step size and λ are Earthmover's, chosen so the surfaces form
    // within seconds on a CPU (tests/figure1a.rs checks it).
    Preset {
        id: "clipping-fixed",
        config: || {
            TrainConfig::new()
                .with_batch(256)
                .with_fixed_generator(true)
                .with_loss(LossKind::WganClip)
                .with_clip(0.01)
                .with_optimizer_d(OptimizerKind::RmsProp)
                .with_lr_d(5e-5)
                .with_lr_half_life(0)
        },
        data: ToyData::TwentyFiveGaussians,
    },
    Preset {
        id: "gp-follows",
        config: || {
            TrainConfig::new()
                .with_batch(256)
                .with_fixed_generator(true)
                .with_lambda(1.0)
                .with_lr_d(3e-3)
                .with_lr_half_life(0)
        },
        data: ToyData::TwentyFiveGaussians,
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
            assert_eq!(PRESETS.iter().filter(|q| q.id == p.id).count(), 1);
        }
    }
}
