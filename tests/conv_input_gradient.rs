//! The convolutional critic's explicit input gradient (conv_transpose2d walk) equals burn's own
//! first-order autodiff gradient, and the gradient penalty built on it has the parameter
//! gradient that central finite differences give, in f64. This binary configures the flex
//! device for f64 before any tensor exists.

mod common;

use burn::module::Param;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor, TensorData};
use earthmover_core::rng::Rng;
use earthmover_engine::conv::{Conv, ConvCritic, SIDE};
use earthmover_engine::input_grad::{conv_critic_gradient_norm, conv_critic_input_gradient};
use earthmover_engine::network::Dense;

fn images(n: usize, seed: u64, device: &Device) -> Tensor<4> {
    let mut rng = Rng::new(seed);
    let v: Vec<f64> = (0..n * SIDE * SIDE).map(|_| rng.uniform()).collect();
    Tensor::from_data(TensorData::new(v, [n, 1, SIDE, SIDE]), device)
}

fn host(t: Tensor<1>) -> Vec<f64> {
    t.into_data().try_into_vec_as::<f64>().unwrap()
}

#[test]
fn conv_input_gradient_equals_autodiff() {
    let device = common::f64_device().autodiff();
    let critic = ConvCritic::new(4, &mut Rng::new(1), &device);
    let x = images(3, 2, &device);
    let explicit = conv_critic_input_gradient(&critic, &critic.forward_trace(x.clone()));
    assert_eq!(explicit.dims(), [3, 1, SIDE, SIDE]);
    let x_tracked = x.require_grad();
    let grads = critic.forward(x_tracked.clone()).sum().backward();
    let autodiff = x_tracked.grad(&grads).expect("x requires grad");
    let n = 3 * SIDE * SIDE;
    let (a, b) = (
        host(explicit.reshape([n]).inner()),
        host(autodiff.reshape([n])),
    );
    let worst = a
        .iter()
        .zip(&b)
        .map(|(p, q)| (p - q).abs())
        .fold(0.0, f64::max);
    let scale = b.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!(scale > 1e-6, "a zero gradient tests nothing");
    assert!(
        worst <= 1e-10 * scale.max(1.0),
        "worst difference {worst} (scale {scale})"
    );
}

fn penalty(critic: &ConvCritic, x: &Tensor<4>) -> Tensor<1> {
    let norms = conv_critic_gradient_norm(critic, &critic.forward_trace(x.clone()));
    norms.sub_scalar(1.0).square().mean().mul_scalar(10.0)
}

/// A copy of `critic` (on `device`) with one entry of convolution `layer`'s weight set to `v`.
fn with_entry(critic: &ConvCritic, layer: usize, i: usize, v: f64, device: &Device) -> ConvCritic {
    let convs = critic
        .convs
        .iter()
        .enumerate()
        .map(|(l, c)| {
            let w = c.weight.val();
            let dims = w.dims();
            let mut data = w.into_data().try_into_vec_as::<f64>().unwrap();
            if l == layer {
                data[i] = v;
            }
            let b = c.bias.val().into_data().try_into_vec_as::<f64>().unwrap();
            Conv {
                weight: Param::from_data(TensorData::new(data, dims), device),
                bias: Param::from_data(TensorData::new(b.clone(), [b.len()]), device),
            }
        })
        .collect();
    let w = critic.out.weight.val();
    let dims = w.dims();
    let wv = w.into_data().try_into_vec_as::<f64>().unwrap();
    let bv = critic
        .out
        .bias
        .val()
        .into_data()
        .try_into_vec_as::<f64>()
        .unwrap();
    let out = Dense {
        weight: Param::from_data(TensorData::new(wv, dims), device),
        bias: Param::from_data(TensorData::new(bv, [1]), device),
    };
    ConvCritic { convs, out }
}

#[test]
fn conv_penalty_gradient_matches_finite_differences() {
    let plain = common::f64_device();
    let ad = plain.clone().autodiff();
    let critic = ConvCritic::new(2, &mut Rng::new(3), &ad);
    let x = images(2, 4, &ad);
    let value = penalty(&critic, &x);
    assert!(
        host(value.clone().inner())[0] > 1e-6,
        "a zero penalty tests nothing"
    );
    let grads = GradientsParams::from_grads(value.backward(), &critic);
    let plain_critic = with_entry(&critic, 9, 0, 0.0, &plain);
    let x_plain = Tensor::<4>::from_data(x.clone().inner().into_data(), &plain);
    let eval = |c: &ConvCritic| host(penalty(c, &x_plain))[0];
    let mut rng = Rng::new(5);
    let mut checked = 0;
    for (layer, conv) in critic.convs.iter().enumerate() {
        let n = conv.weight.val().dims().iter().product::<usize>();
        let analytic = host(
            grads
                .get::<4>(conv.weight.id)
                .expect("weight grad")
                .reshape([n]),
        );
        let values = host(
            plain_critic.convs[layer]
                .weight
                .val()
                .reshape([analytic.len()]),
        );
        for _ in 0..6 {
            let i = rng.below(values.len());
            let h = 1e-6;
            let fd = (eval(&with_entry(&plain_critic, layer, i, values[i] + h, &plain))
                - eval(&with_entry(&plain_critic, layer, i, values[i] - h, &plain)))
                / (2.0 * h);
            let a = analytic[i];
            assert!(
                (fd - a).abs() <= 1e-3 * fd.abs().max(a.abs()) + 1e-7,
                "layer {layer} entry {i}: fd {fd} vs autodiff {a}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 18);
}
