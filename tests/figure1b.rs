//! The WGAN-GP paper's Figure 1(b), natively: with weight clipping the gradient norms of a deep
//! critic explode towards the input for c = 0.1 and vanish for c = 0.01 and 0.001; with the
//! gradient penalty they stay within a small factor of each other and of 1.

use burn::tensor::Device;
use earthmover_engine::figures::{Constraint, layer_norms};

const STEPS: u64 = 100;

fn spread(v: &[f32]) -> f32 {
    let max = v.iter().fold(0.0f32, |m, x| m.max(*x));
    let min = v.iter().fold(f32::MAX, |m, x| m.min(*x));
    max / min
}

#[test]
fn clipping_makes_deep_critic_gradients_vanish_and_the_penalty_does_not() {
    let device = Device::flex();
    let [c1, c2, c3, gp] = [
        Constraint::Clip(0.1),
        Constraint::Clip(0.01),
        Constraint::Clip(0.001),
        Constraint::Penalty,
    ]
    .map(|c| layer_norms(c, STEPS, &device));
    eprintln!("c = 0.1: {c1:?}\nc = 0.01: {c2:?}\nc = 0.001: {c3:?}\nGP: {gp:?}");
    for v in [&c1, &c2, &c3, &gp] {
        assert_eq!(v.len(), 9, "8 hidden layers and the output layer");
        assert!(v.iter().all(|x| x.is_finite() && *x > 0.0), "{v:?}");
    }
    // The penalty: every layer within a factor 20 of every other, and the largest near 1.
    assert!(spread(&gp) < 20.0, "GP spread {}", spread(&gp));
    let gp_max = gp.iter().fold(0.0f32, |m, x| m.max(*x));
    assert!((0.1..10.0).contains(&gp_max), "{gp_max}");
    // c = 0.001: vanishing with depth, the input layer's norm orders of magnitude below the
    // output layer's.
    assert!(c3[0] < 1e-4 * c3[8], "c = 0.001: {c3:?}");
    // c = 0.01: vanished everywhere, a millionth of the penalty's.
    assert!(c2.iter().all(|x| *x < 1e-6 * gp_max), "c = 0.01: {c2:?}");
    // c = 0.1: far larger than c = 0.01 and, at this depth, not vanishing towards the input.
    assert!(
        c1.iter().zip(&c2).all(|(a, b)| *a > 1e4 * *b),
        "{c1:?} vs {c2:?}"
    );
    assert!(c1[0] > 0.3 * c1[8], "c = 0.1: {c1:?}");
}
