//! The settings behind the WGAN-GP paper's Figure 1(b): the gradient norm of each layer of a
//! deep critic, trained on the Swiss roll with weight clipping at c = 0.1, 0.01, 0.001 and with
//! the gradient penalty (the settings are in [`earthmover_core::figures`], which the page uses
//! too). The native test and `earthmover-cli layers` both run it from here.

use burn::tensor::Device;

use crate::Trainer;
use earthmover_core::data::Dataset;
pub use earthmover_core::figures::{CURVES, Constraint, FIGURE_DATA, FIGURE_STEPS, config};

/// ‖∂L_D/∂W_l‖ for every critic layer, input layer first, at the last of `steps` generator
/// steps on the Swiss roll.
pub fn layer_norms(c: Constraint, steps: u64, device: &Device) -> Vec<f32> {
    let mut t = Trainer::new(config(c), Dataset::Toy(FIGURE_DATA), device)
        .expect("the figure's settings are valid");
    let mut last = None;
    for _ in 0..steps.max(1) {
        last = Some(t.step());
    }
    last.expect("at least one step").read().layer_grad_norms
}
