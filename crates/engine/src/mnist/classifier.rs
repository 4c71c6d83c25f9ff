//! A small digit classifier that names the class of every generated digit, for the MNIST tab's
//! class histogram ("which digits does the generator make, and does it collapse to a few?").
//!
//! Two 5×5 stride-2 convolutions 1 → 8 → 16 with ReLU and a linear layer to 10 logits: about
//! 11k parameters, 44 kB of weights. The project trains it itself from the asset's digits that
//! are not held out (`earthmover-cli train-classifier`, reproducible from a seed) and commits
//! the result as `classifier.weights`, which the worker embeds. Its held-out accuracy is tested.

use burn::module::Module;
use burn::tensor::activation::{log_softmax, relu};
use burn::tensor::module::conv2d;
use burn::tensor::{Device, Tensor, TensorData};
use serde::{Deserialize, Serialize};

use crate::conv::{Conv, KERNEL, as_images, conv_out, he_conv, options};
use crate::network::Dense;
use crate::optim::{NetOptimizer, gradients_of};
use crate::params::{host_parameters, load_parameters};
use crate::record::{self, record_device};
use crate::to_host;
use earthmover_core::config::OptimizerKind;
use earthmover_core::metrics::classes::READABLE_CONFIDENCE;
use earthmover_core::rng::Rng;
use earthmover_core::share::mnist::{CLASSES, Digits, PIXELS, SIDE};

/// The weights file's kind in its metadata (the file is a burn record, see
/// [`crate::record`]).
pub const KIND: &str = "earthmover-classifier";
/// The committed weights (see the module docs).
pub const WEIGHTS: &[u8] = include_bytes!("classifier.weights");
/// Channels of the two convolutions.
const CHANNELS: [usize; 3] = [1, 8, 16];

/// How the committed weights were made, stored in their file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassifierMeta {
    pub seed: u64,
    pub epochs: usize,
    /// Accuracy on the held-out digits when trained.
    pub held_out_accuracy: f64,
}

/// The classifier.
#[derive(Module, Debug)]
pub struct Classifier {
    pub convs: Vec<Conv>,
    pub out: Dense,
}

/// Training settings of `train-classifier`.
#[derive(Clone, Copy, Debug)]
pub struct ClassifierTraining {
    pub seed: u64,
    pub epochs: usize,
    pub batch: usize,
    pub lr: f64,
}

impl Default for ClassifierTraining {
    fn default() -> Self {
        Self {
            seed: 7,
            epochs: 8,
            batch: 64,
            lr: 2e-3,
        }
    }
}

/// Digits `indices` as a [n, 784] tensor of grey levels in [0, 1].
pub fn images(digits: &Digits, indices: &[usize], device: &Device) -> Tensor<2> {
    let mut v = Vec::with_capacity(indices.len() * PIXELS);
    for &i in indices {
        v.extend(digits.image(i).iter().map(|&p| p as f32 / 255.0));
    }
    Tensor::from_data(TensorData::new(v, [indices.len(), PIXELS]), device)
}

/// Whether the most likely class of each row of logits has a softmax probability of at least
/// [`READABLE_CONFIDENCE`] (host side).
pub fn confident_rows(logits: &[f32]) -> Vec<bool> {
    logits
        .chunks_exact(CLASSES)
        .map(|row| {
            let top = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            // p(top) = 1 / Σ exp(l − top): no overflow for any finite logits.
            let sum: f32 = row.iter().map(|&l| (l - top).exp()).sum();
            top.is_finite() && 1.0 / sum >= READABLE_CONFIDENCE
        })
        .collect()
}

/// The most likely class of each row of logits (host side).
pub fn argmax_rows(logits: &[f32]) -> Vec<u8> {
    logits
        .chunks_exact(CLASSES)
        .map(|row| {
            let best = row
                .iter()
                .enumerate()
                .fold(
                    (0, f32::NEG_INFINITY),
                    |b, (i, &v)| if v > b.1 { (i, v) } else { b },
                );
            best.0 as u8
        })
        .collect()
}

impl Classifier {
    pub fn new(rng: &mut Rng, device: &Device) -> Self {
        let convs = CHANNELS
            .windows(2)
            .map(|c| {
                he_conv(
                    [c[1], c[0], KERNEL, KERNEL],
                    c[0] * KERNEL * KERNEL,
                    c[1],
                    rng,
                    device,
                )
            })
            .collect();
        let side = conv_out(conv_out(SIDE));
        let out = Dense::he_uniform(CHANNELS[2] * side * side, CLASSES, rng, device);
        Self { convs, out }
    }

    /// The committed classifier on `device`.
    pub fn committed(device: &Device) -> Result<Self, String> {
        Self::from_file(WEIGHTS, device).map(|(c, _)| c)
    }

    /// A classifier from a weights file's bytes.
    pub fn from_file(bytes: &[u8], device: &Device) -> Result<(Self, ClassifierMeta), String> {
        // The committed classifier, never a student's file: its problems stay developer text.
        let meta: ClassifierMeta =
            earthmover_core::share::record_meta::read(bytes, KIND).map_err(|e| format!("{e:?}"))?;
        let values = record::decode(Self::new(&mut Rng::new(0), &record_device()), bytes)
            .map_err(|e| format!("{e:?}"))?;
        let shell = Self::new(&mut Rng::new(0), device);
        Ok((load_parameters(shell, &values, device)?, meta))
    }

    /// The weights file's bytes (blocking read-back: native code).
    pub fn to_file(&self, meta: &ClassifierMeta) -> Result<Vec<u8>, String> {
        record::encode(self.clone(), &host_parameters(self), KIND, meta)
    }

    /// Class logits for flat images [n, 784], shape [n, 10].
    pub fn logits(&self, x: Tensor<2>) -> Tensor<2> {
        let mut a = as_images(x);
        for c in &self.convs {
            a = relu(conv2d(a, c.weight.val(), Some(c.bias.val()), options()));
        }
        let [b, ch, h, w] = a.dims();
        self.out.forward(a.reshape([b, ch * h * w]))
    }

    /// The fraction of `indices` classified correctly (native, blocking).
    pub fn accuracy(&self, digits: &Digits, indices: &[usize], device: &Device) -> f64 {
        let mut right = 0;
        for chunk in indices.chunks(500) {
            let predicted = argmax_rows(&to_host(self.logits(images(digits, chunk, device))));
            right += chunk
                .iter()
                .zip(predicted)
                .filter(|&(&i, p)| digits.label(i) == p)
                .count();
        }
        right as f64 / indices.len().max(1) as f64
    }

    /// Trains a fresh classifier on the digits that are not held out, with Adam and the
    /// cross-entropy loss; returns it with its held-out accuracy. `progress` hears each epoch's
    /// (epoch, mean loss).
    pub fn train(
        digits: &Digits,
        settings: ClassifierTraining,
        device: &Device,
        mut progress: impl FnMut(usize, f64),
    ) -> (Self, ClassifierMeta) {
        let plain = device.clone();
        let device = device.clone().autodiff();
        let mut rng = Rng::new(settings.seed);
        let mut net = Self::new(&mut rng.fork(1), &device);
        let mut opt = NetOptimizer::new(OptimizerKind::Adam, (0.9, 0.999));
        let mut order: Vec<usize> = (0..digits.len())
            .filter(|&i| !Digits::is_held_out(i))
            .collect();
        for epoch in 0..settings.epochs {
            rng.shuffle(&mut order);
            let mut total = 0.0;
            let batches = order.chunks(settings.batch);
            let n = batches.len();
            for chunk in order.chunks(settings.batch) {
                let x = images(digits, chunk, &device);
                let mut onehot = vec![0f32; chunk.len() * CLASSES];
                for (r, &i) in chunk.iter().enumerate() {
                    onehot[r * CLASSES + digits.label(i) as usize] = 1.0;
                }
                let y = Tensor::<2>::from_data(
                    TensorData::new(onehot, [chunk.len(), CLASSES]),
                    &device,
                );
                let loss = (log_softmax(net.logits(x), 1) * y).sum_dim(1).mean().neg();
                total += to_host(loss.clone().inner().reshape([1]))[0] as f64;
                let grads = gradients_of(&net, loss.backward());
                net = opt.step(settings.lr, net, grads);
            }
            progress(epoch + 1, total / n as f64);
        }
        let held_out: Vec<usize> = (0..digits.len())
            .filter(|&i| Digits::is_held_out(i))
            .collect();
        let valid = net.valid();
        let acc = valid.accuracy(digits, &held_out, &plain);
        let meta = ClassifierMeta {
            seed: settings.seed,
            epochs: settings.epochs,
            held_out_accuracy: acc,
        };
        (valid, meta)
    }
}

#[cfg(test)]
mod confidence_tests {
    use super::*;

    #[test]
    fn confident_rows_match_a_direct_softmax() {
        let mut rng = earthmover_core::rng::Rng::new(4);
        let logits: Vec<f32> = (0..CLASSES * 500)
            .map(|_| (rng.normal() * 4.0) as f32)
            .collect();
        let got = confident_rows(&logits);
        for (row, &c) in logits.chunks_exact(CLASSES).zip(&got) {
            let exp: Vec<f64> = row.iter().map(|&l| (l as f64).exp()).collect();
            let p = exp.iter().cloned().fold(0.0, f64::max) / exp.iter().sum::<f64>();
            // Rows within float rounding of the bar may go either way.
            if (p - READABLE_CONFIDENCE as f64).abs() > 1e-5 {
                assert_eq!(c, p >= READABLE_CONFIDENCE as f64, "{row:?}: p = {p}");
            }
        }
        assert!(got.iter().any(|&c| c) && got.iter().any(|&c| !c));
        // Huge logits do not overflow; NaN is never confident.
        let mut huge = vec![0f32; CLASSES];
        huge[3] = 1e30;
        assert_eq!(confident_rows(&huge), vec![true]);
        assert_eq!(confident_rows(&[f32::NAN; CLASSES]), vec![false]);
    }
}
