//! What the plots show of the critic: its value and gradient norm on a grid, and the spread of
//! its weights. All of it runs on the plain (non-autodiff) device and returns device tensors, so
//! the browser decides when to read them back.

use burn::module::Module;
use burn::tensor::{Tensor, TensorData};

use crate::input_grad::{critic_gradient_norm, critic_input_gradient, safe_row_norm};
use crate::loss::interpolate;
use crate::network::Mlp;
use crate::to_host;

/// An axis-aligned rectangle of the data plane, sampled on a `res`×`res` grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    /// Lower-left corner.
    pub min: [f32; 2],
    /// Upper-right corner.
    pub max: [f32; 2],
    /// Points per side (≥ 2).
    pub res: usize,
}

impl Grid {
    /// The square [−r, r]².
    pub fn square(r: f32, res: usize) -> Self {
        Self {
            min: [-r, -r],
            max: [r, r],
            res,
        }
    }

    /// The grid's points, row by row from the bottom (y = min) up, each row left to right.
    pub fn points(&self) -> Vec<f32> {
        let step = |i: usize, d: usize| {
            self.min[d] + (self.max[d] - self.min[d]) * i as f32 / (self.res - 1).max(1) as f32
        };
        (0..self.res)
            .flat_map(|iy| (0..self.res).flat_map(move |ix| [step(ix, 0), step(iy, 1)]))
            .collect()
    }
}

/// The critic's value D(x) and ‖∇ₓD(x)‖ at every grid point, each of shape [res·res], in the
/// order of [`Grid::points`].
pub fn critic_surface(critic: &Mlp, grid: &Grid) -> (Tensor<1>, Tensor<1>) {
    let critic = critic.valid();
    let device = critic.layers[0].weight.device();
    let pts = grid.points();
    let n = pts.len() / 2;
    let x = Tensor::<2>::from_data(TensorData::new(pts, [n, 2]), &device);
    let trace = critic.forward_trace(x);
    let norms = safe_row_norm(critic_input_gradient(&critic, &trace));
    (trace.output.reshape([n]), norms)
}

/// The gradient penalty's own promise, measured: the mean |‖∇ₓD(x̂)‖ − 1| over the interpolates
/// x̂ = ε·real + (1 − ε)·fake of the pairs of `real` and `fake` (flat [x, y, …], equal lengths),
/// one ε per pair from `eps`. 0 means the critic is exactly 1-Lipschitz-tight where WGAN-GP
/// penalises it. Blocking read (native code and the CPU backend).
pub fn gradient_norm_gap(critic: &Mlp, real: &[f32], fake: &[f32], eps: &[f32]) -> f64 {
    let n = (real.len() / 2).min(fake.len() / 2).min(eps.len());
    if n == 0 {
        return f64::NAN;
    }
    let critic = critic.valid();
    let device = critic.layers[0].weight.device();
    let rows = |v: &[f32], cols: usize| {
        Tensor::<2>::from_data(TensorData::new(v[..cols * n].to_vec(), [n, cols]), &device)
    };
    let norms = interpolate_gradient_norms(&critic, rows(real, 2), rows(fake, 2), rows(eps, 1));
    mean_gap(&to_host(norms))
}

/// ‖∇ₓD(x̂)‖ at x̂ = ε·real + (1 − ε)·fake, row by row (`eps` is [n, 1]): the device tensor,
/// so the browser reads it back when it chooses.
pub fn interpolate_gradient_norms(
    critic: &Mlp,
    real: Tensor<2>,
    fake: Tensor<2>,
    eps: Tensor<2>,
) -> Tensor<1> {
    critic_gradient_norm(critic, interpolate(real, fake, eps))
}

/// The mean |g − 1| of gradient norms read back from [`interpolate_gradient_norms`].
pub fn mean_gap(norms: &[f32]) -> f64 {
    norms.iter().map(|g| (*g as f64 - 1.0).abs()).sum::<f64>() / norms.len() as f64
}

/// The share of `net`'s weights (not biases) within 1 % of ±c: where weight clipping piles them
/// up. Blocking read.
pub fn clipped_share(net: &Mlp, c: f64) -> f64 {
    share_at_bound(&to_host(all_weights(net)), c)
}

/// The share of `w` within 1 % of ±c (0 for no values or a bound that is not positive).
pub fn share_at_bound(w: &[f32], c: f64) -> f64 {
    if w.is_empty() || c.is_nan() || c <= 0.0 {
        return 0.0;
    }
    let at_bound = w
        .iter()
        .filter(|v| ((v.abs() as f64) - c).abs() <= 0.01 * c)
        .count();
    at_bound as f64 / w.len() as f64
}

/// Every weight (not bias) of `net`, flattened into one tensor: one read-back for the
/// histogram instead of one per layer.
pub fn all_weights(net: &Mlp) -> Tensor<1> {
    Tensor::cat(
        net.layers
            .iter()
            .map(|l| {
                let n = l.weight.shape().num_elements();
                l.weight.val().reshape([n])
            })
            .collect(),
        0,
    )
}

/// The most bins [`histogram`] makes: more than any chart has pixels for, and a bound on memory.
pub const MAX_BINS: usize = 4096;

/// A histogram of `values` over [lo, hi] in `bins` bins (1 to [`MAX_BINS`]; others are clamped
/// into that range); values outside land in the end bins (so clipping at ±c shows as two spikes
/// when [lo, hi] = [−c, c]), and NaN in the first.
pub fn histogram(values: &[f32], lo: f32, hi: f32, bins: usize) -> Vec<u32> {
    let mut counts = vec![0u32; bins.clamp(1, MAX_BINS)];
    let width = (hi - lo) / counts.len() as f32;
    for &v in values {
        let i = ((v - lo) / width).floor();
        let i = if i.is_nan() {
            0
        } else {
            (i.max(0.0) as usize).min(counts.len() - 1)
        };
        counts[i] += 1;
    }
    counts
}

/// A histogram of every weight of `net` (blocking read; see [`all_weights`]).
pub fn weight_histogram(net: &Mlp, lo: f32, hi: f32, bins: usize) -> Vec<u32> {
    histogram(&to_host(all_weights(net)), lo, hi, bins)
}

/// Largest absolute weight or bias of `net` (to check clipping).
pub fn max_abs_param(net: &Mlp) -> f32 {
    net.layers
        .iter()
        .flat_map(|l| {
            to_host(l.weight.val())
                .into_iter()
                .chain(to_host(l.bias.val()))
        })
        .fold(0.0, |m, v| m.max(v.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::Device;
    use earthmover_core::config::Activation;
    use earthmover_core::rng::Rng;

    fn critic(seed: u64) -> Mlp {
        Mlp::new(
            2,
            16,
            2,
            1,
            Activation::Tanh,
            &mut Rng::new(seed),
            &Device::flex(),
        )
    }

    /// The gap against ‖∇D‖ estimated by central finite differences of D itself (in f64 on
    /// the host's side of the forward pass), so the explicit input gradient is not trusted here.
    #[test]
    fn gradient_norm_gap_matches_finite_differences() {
        let d = critic(3);
        let mut rng = Rng::new(4);
        let real: Vec<f32> = rng.normals(64);
        let fake: Vec<f32> = rng.normals(64);
        let eps: Vec<f32> = (0..32).map(|_| rng.uniform() as f32).collect();
        let gap = gradient_norm_gap(&d, &real, &fake, &eps);
        let value = |x: f32, y: f32| {
            let t = Tensor::<2>::from_data(TensorData::new(vec![x, y], [1, 2]), &Device::flex());
            to_host(d.forward(t))[0] as f64
        };
        let h = 1e-2f32;
        let want = (0..32)
            .map(|i| {
                let e = eps[i];
                let x = e * real[2 * i] + (1.0 - e) * fake[2 * i];
                let y = e * real[2 * i + 1] + (1.0 - e) * fake[2 * i + 1];
                let gx = (value(x + h, y) - value(x - h, y)) / (2.0 * h as f64);
                let gy = (value(x, y + h) - value(x, y - h)) / (2.0 * h as f64);
                (gx.hypot(gy) - 1.0).abs()
            })
            .sum::<f64>()
            / 32.0;
        assert!(
            (gap - want).abs() < 2e-3,
            "{gap} vs finite differences {want}"
        );
        assert!(gradient_norm_gap(&d, &[], &[], &[]).is_nan());
    }

    /// Clipped to a tiny c, every weight sits at ±c; an unclipped He-initialised critic has
    /// almost none there.
    #[test]
    fn clipped_share_counts_weights_at_the_bound() {
        let d = critic(5);
        assert!(clipped_share(&d, 0.01) < 0.05);
        let clipped = d.clone().clip(1e-4);
        assert_eq!(clipped_share(&clipped, 1e-4), 1.0);
        assert_eq!(clipped_share(&clipped, 0.0), 0.0);
        // Clipped to c = 0.01 from He init (weights up to ~0.6): most land on the bound.
        assert!(clipped_share(&d.clip(0.01), 0.01) > 0.9);
    }

    // The histogram with hostile input: no panic, no hang, every value counted in bounded memory
    // (the helpers are the host metrics' own, from `earthmover_core::testkit`).
    mod properties {
        use super::super::{MAX_BINS, histogram};
        use earthmover_core::testkit::{bounded, f32s, num};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

            #[test]
            fn histograms_count_every_value_in_bounded_memory(
                values in f32s(512),
                lo in num().prop_map(|v| v as f32),
                hi in num().prop_map(|v| v as f32),
                bins in prop_oneof![3 => 0usize..100, 1 => any::<usize>()],
            ) {
                let v2 = values.clone();
                let h = bounded("histogram", move || histogram(&v2, lo, hi, bins));
                prop_assert_eq!(h.len(), bins.clamp(1, MAX_BINS));
                prop_assert_eq!(h.iter().map(|c| *c as usize).sum::<usize>(), values.len());
                // For ordinary bounds, a value inside [lo, hi] lands in the bin whose interval holds it
                // (to rounding), and one outside in the nearer end bin: checked value by value.
                if lo.is_finite() && hi.is_finite() && hi - lo > 1e-30 && (hi - lo).is_finite() && (1..100).contains(&bins) {
                    let width = (hi - lo) as f64 / bins as f64;
                    for &v in values.iter().filter(|v| v.is_finite()).take(20) {
                        let one = histogram(&[v], lo, hi, bins);
                        let i = one.iter().position(|c| *c == 1).unwrap();
                        let (v, lo64) = (v as f64, lo as f64);
                        if v < lo64 {
                            prop_assert_eq!(i, 0);
                        } else if v >= hi as f64 {
                            prop_assert_eq!(i, bins - 1);
                        } else {
                            let (start, end) = (lo64 + i as f64 * width, lo64 + (i + 1) as f64 * width);
                            let slack = 1e-4 * width;
                            prop_assert!(start - slack <= v && v <= end + slack, "{} in bin {} = [{}, {})", v, i, start, end);
                        }
                    }
                }
            }
        }
    }
}
