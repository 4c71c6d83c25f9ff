//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use std::sync::OnceLock;

use burn::module::Param;
use burn::tensor::{Device, FloatDType, Tensor, TensorData};
use earthmover_core::config::Activation;
use earthmover_core::rng::Rng;
use earthmover_engine::network::{Dense, Mlp};

/// The flex device computing in f64, configured once per test binary before any tensor exists
/// (so a binary that uses it must not create f32 tensors on flex).
pub fn f64_device() -> Device {
    static DEVICE: OnceLock<Device> = OnceLock::new();
    DEVICE
        .get_or_init(|| {
            let mut d = Device::flex();
            d.configure(FloatDType::F64).expect("flex computes in f64");
            d
        })
        .clone()
}

/// A random [n, 2] input on `device`.
pub fn random_points(n: usize, seed: u64, device: &Device) -> Tensor<2> {
    let v = Rng::new(seed).normals(2 * n);
    Tensor::from_data(TensorData::new(v, [n, 2]), device)
}

/// A small critic with nonzero biases, so every term of the gradient is exercised.
pub fn critic(width: usize, depth: usize, act: Activation, seed: u64, device: &Device) -> Mlp {
    let mut rng = Rng::new(seed);
    let mut net = Mlp::new(2, width, depth, 1, act, &mut rng, device);
    for layer in &mut net.layers {
        let n = layer.dims()[1];
        let b: Vec<f32> = (0..n).map(|_| 0.3 * rng.normal() as f32).collect();
        layer.bias = Param::from_data(TensorData::new(b, [n]), device);
    }
    net
}

/// Every parameter of `net` as host vectors: (layer, is_bias, values).
pub fn params(net: &Mlp) -> Vec<(usize, bool, Vec<f64>)> {
    let mut out = vec![];
    for (i, l) in net.layers.iter().enumerate() {
        out.push((
            i,
            false,
            l.weight.val().into_data().try_into_vec_as::<f64>().unwrap(),
        ));
        out.push((
            i,
            true,
            l.bias.val().into_data().try_into_vec_as::<f64>().unwrap(),
        ));
    }
    out
}

/// A copy of `net` with one parameter entry replaced.
pub fn with_entry(
    net: &Mlp,
    layer: usize,
    bias: bool,
    index: usize,
    value: f64,
    device: &Device,
) -> Mlp {
    let layers = net
        .layers
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut w: Vec<f64> = l.weight.val().into_data().try_into_vec_as::<f64>().unwrap();
            let mut b: Vec<f64> = l.bias.val().into_data().try_into_vec_as::<f64>().unwrap();
            if i == layer {
                if bias {
                    b[index] = value;
                } else {
                    w[index] = value;
                }
            }
            let dims = l.dims();
            Dense {
                weight: Param::from_data(TensorData::new(w, dims), device),
                bias: Param::from_data(TensorData::new(b, [dims[1]]), device),
            }
        })
        .collect();
    Mlp {
        layers,
        activation: net.activation,
    }
}

/// Host copy of a tensor.
pub fn host<const D: usize>(t: Tensor<D>) -> Vec<f64> {
    t.into_data().try_into_vec_as::<f64>().unwrap()
}

/// A copy of `net` with every weight multiplied by `factor` (a steeper critic).
pub fn scaled(net: &Mlp, factor: f64, device: &Device) -> Mlp {
    let mut out = net.clone();
    for (i, (_, bias, values)) in params(net).into_iter().enumerate() {
        if !bias {
            let l = &net.layers[i / 2];
            let w: Vec<f64> = values.iter().map(|v| v * factor).collect();
            out.layers[i / 2].weight = Param::from_data(TensorData::new(w, l.dims()), device);
        }
    }
    out
}
