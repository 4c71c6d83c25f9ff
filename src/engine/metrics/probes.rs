//! What the plots show of the critic: its value and gradient norm on a grid, and the spread of
//! its weights. All of it runs on the plain (non-autodiff) device and returns device tensors, so
//! the browser decides when to read them back.

use burn::module::Module;
use burn::tensor::{Tensor, TensorData};

use crate::engine::input_grad::{critic_input_gradient, safe_row_norm};
use crate::engine::network::Mlp;
use crate::engine::to_host;

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
