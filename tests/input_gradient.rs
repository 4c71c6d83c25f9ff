//! The explicit input gradient of the critic equals burn's own first-order autodiff gradient.

mod common;

use burn::tensor::Device;
use earthmover_core::config::Activation;
use earthmover_engine::input_grad::{critic_gradient_norm, critic_input_gradient};

#[test]
fn explicit_input_gradient_equals_autodiff_for_every_activation() {
    let device = Device::flex().autodiff();
    for act in Activation::ALL {
        for (width, depth) in [(8, 1), (16, 3), (32, 4)] {
            let critic = common::critic(width, depth, act, 42, &device);
            let x = common::random_points(64, 7, &device);
            let explicit = common::host(critic_input_gradient(
                &critic,
                &critic.forward_trace(x.clone()),
            ));

            let x_tracked = x.require_grad();
            let grads = critic.forward(x_tracked.clone()).sum().backward();
            let autodiff = common::host(x_tracked.grad(&grads).expect("x requires grad"));

            assert_eq!(explicit.len(), autodiff.len());
            let worst = explicit
                .iter()
                .zip(&autodiff)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            let scale = autodiff.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            assert!(scale > 1e-3, "{act:?}: a degenerate critic tests nothing");
            assert!(
                worst < 1e-5 * scale.max(1.0),
                "{act:?} {width}x{depth}: max diff {worst}"
            );
        }
    }
}

#[test]
fn gradient_norm_is_finite_and_zero_for_a_zero_critic() {
    let device = Device::flex();
    let critic = common::critic(8, 2, Activation::Tanh, 1, &device);
    let zero = critic.clone().clip(0.0);
    let x = common::random_points(16, 2, &device);
    let norms = common::host(critic_gradient_norm(&zero, x.clone()));
    assert!(
        norms.iter().all(|n| n.is_finite() && *n < 1e-5),
        "{norms:?}"
    );
    let norms = common::host(critic_gradient_norm(&critic, x));
    assert!(norms.iter().all(|n| n.is_finite() && *n > 0.0));
}
