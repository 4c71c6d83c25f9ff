//! The settings behind the WGAN-GP paper's Figure 1(b): the gradient norm of each layer of a
//! deep critic, trained on the Swiss roll with weight clipping at c = 0.1, 0.01, 0.001 and with
//! the gradient penalty. The native test and `earthmover-cli layers` run them through the
//! engine; the page's Figure 1(b) panel sends the same configurations to a training worker.

use crate::config::{LossKind, OptimizerKind, TrainConfig};
use crate::data::ToyData;

/// Generator steps before the figure's norms are read.
pub const FIGURE_STEPS: u64 = 100;

/// The figure's data.
pub const FIGURE_DATA: ToyData = ToyData::SwissRoll;

/// One curve of the figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Constraint {
    /// Weight clipping at ±c, with RMSProp 5e-5 as in the WGAN paper.
    Clip(f64),
    /// The gradient penalty (λ 0.1, the toy script's), with Adam 1e-4 (0.5, 0.9).
    Penalty,
}

/// The figure's four curves, in its order.
pub const CURVES: [Constraint; 4] = [
    Constraint::Clip(0.1),
    Constraint::Clip(0.01),
    Constraint::Clip(0.001),
    Constraint::Penalty,
];

/// The critic is 8 hidden layers deep (the most the app allows; the paper used 12) and 256
/// wide: wide enough that clipped layers at c = 0.1 amplify (|W| ≈ c·√width > 1), so the
/// gradient grows towards the input as in the paper, while c = 0.01 and 0.001 shrink it.
pub fn config(c: Constraint) -> TrainConfig {
    let base = TrainConfig::new()
        .with_batch(256)
        .with_ema(0.0)
        .with_averaged(false)
        .with_depth(8)
        .with_width(256)
        .with_n_critic(5)
        .with_lr_half_life(0);
    match c {
        Constraint::Clip(clip) => base
            .with_loss(LossKind::WganClip)
            .with_clip(clip)
            .with_optimizer_g(OptimizerKind::RmsProp)
            .with_optimizer_d(OptimizerKind::RmsProp)
            .with_lr_g(5e-5)
            .with_lr_d(5e-5),
        Constraint::Penalty => base
            .with_loss(LossKind::WganGp)
            .with_lambda(0.1)
            .with_lr_g(1e-4)
            .with_lr_d(1e-4),
    }
}
