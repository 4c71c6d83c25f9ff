//! The gradient penalty's gradient with respect to every parameter tensor matches central
//! finite differences, in f64. This binary configures the flex device for f64 before any tensor
//! exists, so it must not share a process with f32 tests.

mod common;

use burn::optim::GradientsParams;
use burn::tensor::Tensor;
use earthmover_core::config::Activation;
use earthmover_core::rng::Rng;
use earthmover_engine::input_grad::NORM_EPS;
use earthmover_engine::loss::gradient_penalty;
use earthmover_engine::network::Mlp;

fn penalty(critic: &Mlp, x: &Tensor<2>, lambda: f64, one_sided: bool) -> Tensor<1> {
    gradient_penalty(critic, &critic.forward_trace(x.clone()), lambda, one_sided)
}

fn check(act: Activation, one_sided: bool, seed: u64) {
    let plain = common::f64_device();
    let ad = plain.clone().autodiff();
    // Steeper weights for the one-sided case, so that some norms exceed 1 and it is not zero.
    let scale = if one_sided { 3.0 } else { 1.0 };
    let critic = common::scaled(&common::critic(6, 2, act, seed, &ad), scale, &ad);
    // Spread the inputs so that some gradient norms are above 1 and some below.
    let x = common::random_points(12, seed + 1, &ad).mul_scalar(1.5);
    let lambda = 10.0;
    let value = penalty(&critic, &x, lambda, one_sided);
    assert!(
        common::host(value.clone())[0] > 1e-6,
        "a zero penalty tests nothing"
    );
    let grads = GradientsParams::from_grads(value.backward(), &critic);

    let plain_critic = common::with_entry(
        &critic,
        0,
        false,
        0,
        common::params(&critic)[0].2[0],
        &plain,
    );
    let x_plain = Tensor::<2>::from_data(x.clone().inner().into_data(), &plain);
    let eval = |net: &Mlp| common::host(penalty(net, &x_plain, lambda, one_sided))[0];
    let mut rng = Rng::new(seed + 2);
    let mut checked = 0;
    for (layer, bias, values) in common::params(&plain_critic) {
        let l = &critic.layers[layer];
        // The output bias does not enter ∇ₓD, so it has no gradient at all: its finite
        // difference must then be zero too.
        let analytic = if bias {
            grads.get::<1>(l.bias.id).map(common::host)
        } else {
            grads.get::<2>(l.weight.id).map(common::host)
        }
        .unwrap_or_else(|| vec![0.0; values.len()]);
        assert!(analytic.iter().all(|g| g.is_finite()));
        // Sample up to 6 entries of each parameter tensor.
        for _ in 0..6.min(values.len()) {
            let i = rng.below(values.len());
            let h = 1e-6;
            let plus = eval(&common::with_entry(
                &plain_critic,
                layer,
                bias,
                i,
                values[i] + h,
                &plain,
            ));
            let minus = eval(&common::with_entry(
                &plain_critic,
                layer,
                bias,
                i,
                values[i] - h,
                &plain,
            ));
            let fd = (plus - minus) / (2.0 * h);
            let err = (fd - analytic[i]).abs();
            assert!(
                err <= 1e-3 * fd.abs().max(analytic[i].abs()) + 1e-7,
                "{act:?} one_sided={one_sided} layer {layer} bias={bias} entry {i}: fd {fd} vs autodiff {}",
                analytic[i]
            );
            checked += 1;
        }
    }
    assert!(checked >= 20);
}

#[test]
fn penalty_gradient_matches_finite_differences_relu() {
    check(Activation::Relu, false, 10);
}

#[test]
fn penalty_gradient_matches_finite_differences_leaky_relu() {
    check(Activation::LeakyRelu, false, 20);
}

#[test]
fn penalty_gradient_matches_finite_differences_tanh() {
    // tanh is where the second-derivative term of the penalty's gradient matters.
    check(Activation::Tanh, false, 30);
}

#[test]
fn one_sided_penalty_gradient_matches_finite_differences() {
    check(Activation::Tanh, true, 40);
}

#[test]
fn penalty_gradient_is_finite_when_the_input_gradient_is_zero() {
    let ad = common::f64_device().autodiff();
    let critic = common::critic(6, 2, Activation::Relu, 5, &ad).clip(0.0);
    let critic = common::with_entry(&critic, 0, false, 0, 0.0, &ad);
    let x = common::random_points(8, 6, &ad);
    let value = penalty(&critic, &x, 1.0, false);
    // ‖∇D‖ = 0 everywhere, so the penalty is λ·(√ε − 1)² = 1 − 2√ε + ε with ε = NORM_EPS.
    let expected = (NORM_EPS.sqrt() - 1.0).powi(2);
    assert!((common::host(value.clone())[0] - expected).abs() < 1e-12);
    let grads = GradientsParams::from_grads(value.backward(), &critic);
    for l in &critic.layers {
        let g = common::host(grads.get::<2>(l.weight.id).expect("weight grad"));
        assert!(g.iter().all(|v| v.is_finite()), "NaN at zero norm: {g:?}");
    }
}
