//! A critic iteration's batch split in two, one half per thread: native only, opt-in.
//!
//! Why: flex spreads a matrix product over the cores only from 192³ multiply-adds on (burn-flex
//! 0.22.1, `ops/matmul.rs`), and its element-wise work mostly not at all, so at the toy width of
//! 128 (256 × 128 × 128) a second core sat idle: two threads ran no faster than one, while
//! PyTorch gains a half from its second thread there. With the batch in halves, two threads train
//! the paper's toy configuration 43 % faster than one at width 128 (README, "Performance"). The critic's loss is a mean over the batch (the penalty too, per sample), so
//! the loss over the whole batch is the mean of its two halves' losses and so is its gradient:
//! each half runs forward, input-gradient walk and backward on its own thread, and the two
//! parameter gradients are averaged before one optimiser step. The batch is drawn whole first,
//! from the same streams, so a run sees exactly the data of a serial run; only the summation
//! order of the gradient changes (float rounding).
//!
//! Each half works on its own copy of the critic whose parameters are fresh autodiff leaves:
//! burn's autodiff merges graphs that share a node, and the halves must not share one, so each
//! thread records and walks a graph of its own.

use std::ops::Range;

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::tensor::Tensor;

use crate::loss::{Critic, CriticLoss, critic_loss};
use crate::optim::gradients_of;
use crate::params::fresh_leaves;
use earthmover_core::config::LossKind;

/// The smallest batch worth splitting: below it a thread's hand-over costs more than half the
/// work.
pub const MIN_BATCH: usize = 64;

/// The threads in rayon's pool (what `RAYON_NUM_THREADS` sets), which flex and the halves share.
pub fn threads() -> usize {
    rayon::current_num_threads()
}

/// Whether a batch of `batch` rows is split when halves are asked for: an even batch of at
/// least [`MIN_BATCH`], with a second thread to run on.
pub fn splits(batch: usize) -> bool {
    batch >= MIN_BATCH && batch.is_multiple_of(2) && threads() >= 2
}

/// The critic's parameter gradients and (detached) loss terms for the whole batch, as the mean
/// of its two halves', computed on two threads. The same as [`critic_loss`] then backward on
/// the whole batch, up to float rounding (checked in this module's tests).
pub fn critic_gradients<C: Critic + Module>(
    critic: &C,
    kind: LossKind,
    real: Tensor<2>,
    fake: Tensor<2>,
    alpha: Tensor<2>,
    lambda: f64,
) -> (GradientsParams, CriticLoss) {
    let n = real.dims()[0];
    let half = |rows: Range<usize>, critic: C| {
        let take = |t: &Tensor<2>| t.clone().narrow(0, rows.start, rows.len());
        let loss = critic_loss(
            kind,
            &critic,
            take(&real),
            take(&fake),
            take(&alpha),
            lambda,
        );
        let grads = gradients_of(&critic, loss.loss.backward());
        let detached = CriticLoss {
            loss: loss.loss.detach(),
            w_estimate: loss.w_estimate.detach(),
            penalty: loss.penalty.detach(),
        };
        (grads, detached)
    };
    let (a, b) = (fresh_leaves(critic.clone()), fresh_leaves(critic.clone()));
    let ((ga, la), (gb, lb)) = rayon::join(|| half(0..n / 2, a), || half(n / 2..n, b));
    let mean = |x: Tensor<1>, y: Tensor<1>| (x + y).mul_scalar(0.5);
    (
        mean_gradients(critic, ga, gb),
        CriticLoss {
            loss: mean(la.loss, lb.loss),
            w_estimate: mean(la.w_estimate, lb.w_estimate),
            penalty: mean(la.penalty, lb.penalty),
        },
    )
}

/// (a + b) / 2 for every parameter of `net` that has a gradient in both.
fn mean_gradients<M: Module>(net: &M, a: GradientsParams, b: GradientsParams) -> GradientsParams {
    struct Mean {
        a: GradientsParams,
        b: GradientsParams,
        out: GradientsParams,
    }
    impl ModuleVisitor for Mean {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if let (Some(x), Some(y)) = (self.a.remove::<D>(param.id), self.b.remove::<D>(param.id))
            {
                self.out.register(param.id, (x + y).mul_scalar(0.5));
            }
        }
    }
    let mut m = Mean {
        a,
        b,
        out: GradientsParams::new(),
    };
    net.visit(&mut m);
    m.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Mlp;
    use crate::to_host;
    use crate::toy::Trainer;
    use burn::tensor::{Device, TensorData};
    use earthmover_core::config::{Activation, OptimizerKind, TrainConfig};
    use earthmover_core::data::{Dataset, ToyData};
    use earthmover_core::rng::Rng;

    /// Two worker threads whatever the machine has, so the split runs on one core too.
    fn two_threads<T: Send>(f: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a pool of two")
            .install(f)
    }

    fn rows(rng: &mut Rng, n: usize, cols: usize, device: &Device) -> Tensor<2> {
        Tensor::from_data(TensorData::new(rng.normals(n * cols), [n, cols]), device)
    }

    /// Largest |a − b| over the largest |b|, over every value of every tensor.
    fn relative_gap(a: &[Vec<f32>], b: &[Vec<f32>]) -> f32 {
        assert_eq!(a.len(), b.len());
        let scale = b.iter().flatten().fold(0.0f32, |m, v| m.max(v.abs()));
        let worst = a
            .iter()
            .flatten()
            .zip(b.iter().flatten())
            .fold(0.0f32, |m, (x, y)| m.max((x - y).abs()));
        worst / scale.max(1e-6)
    }

    #[test]
    fn halves_give_the_whole_batch_gradient_for_every_loss() {
        let device = Device::flex().autodiff();
        let mut rng = Rng::new(7);
        let d = Mlp::new(2, 32, 3, 1, Activation::Relu, &mut rng, &device);
        for kind in LossKind::ALL {
            let (real, fake) = (
                rows(&mut rng, 128, 2, &device),
                rows(&mut rng, 128, 2, &device),
            );
            let alpha: Vec<f32> = (0..128).map(|_| rng.uniform() as f32).collect();
            let alpha = Tensor::from_data(TensorData::new(alpha, [128, 1]), &device);
            let whole = critic_loss(kind, &d, real.clone(), fake.clone(), alpha.clone(), 10.0);
            let whole_grads = gradients_of(&d, whole.loss.backward());
            let (grads, loss) = two_threads(|| critic_gradients(&d, kind, real, fake, alpha, 10.0));
            for (name, a, b) in [
                ("loss", loss.loss, whole.loss),
                ("W", loss.w_estimate, whole.w_estimate),
                ("penalty", loss.penalty, whole.penalty),
            ] {
                let (a, b) = (to_host(a)[0], to_host(b.detach())[0]);
                assert!(
                    (a - b).abs() <= 1e-5 * b.abs().max(1.0),
                    "{kind:?} {name}: {a} vs {b}"
                );
            }
            let mut split_all = Vec::new();
            let mut whole_all = Vec::new();
            for l in &d.layers {
                split_all.push(to_host(
                    grads.get::<2>(l.weight.id).expect("a weight gradient"),
                ));
                split_all.push(to_host(grads.get::<1>(l.bias.id).expect("a bias gradient")));
                whole_all.push(to_host(whole_grads.get::<2>(l.weight.id).unwrap()));
                whole_all.push(to_host(whole_grads.get::<1>(l.bias.id).unwrap()));
            }
            let gap = relative_gap(&split_all, &whole_all);
            assert!(
                gap <= 1e-5,
                "{kind:?}: the halves' gradient is off by {gap} (relative)"
            );
        }
    }

    #[test]
    fn a_run_with_halves_follows_the_serial_run() {
        // Plain SGD at a large rate for the critic, so two steps move it by a tenth (relative),
        // far beyond rounding; Adam at the paper's rate moves it by less than a hundredth.
        let config = TrainConfig::paper()
            .with_width(64)
            .with_batch(128)
            .with_optimizer_d(OptimizerKind::Sgd)
            .with_lr_d(0.05);
        let data = Dataset::Toy(ToyData::EightGaussians);
        let device = Device::flex();
        let run = |halves: bool| {
            two_threads(|| {
                let mut t = Trainer::new(config.clone(), data.clone(), &device).unwrap();
                t.split_critic_batch(halves);
                let stats: Vec<f32> = (0..2).map(|_| t.step().read().w_estimate).collect();
                let weights: Vec<Vec<f32>> = crate::params::host_parameters(t.critic())
                    .into_iter()
                    .map(|h| h.values)
                    .collect();
                (stats, weights)
            })
        };
        let (serial_w, serial) = run(false);
        let (split_w, split) = run(true);
        // The run did move: a test of two frozen runs would prove nothing.
        let start = Trainer::new(config.clone(), data.clone(), &device).unwrap();
        let start: Vec<Vec<f32>> = crate::params::host_parameters(start.critic())
            .into_iter()
            .map(|h| h.values)
            .collect();
        let moved = relative_gap(&serial, &start);
        assert!(moved > 1e-2, "the critic moved by {moved} only");
        // Same batches, same updates: only the rounding of the gradients' sums differs. Over
        // the 10 critic updates of two steps the runs stay 7e-8 apart (relative); later a GAN's
        // own chaos takes any difference, rounding included, and grows it (measured: 3e-4 by
        // step 5, 4e-2 by step 20, as two serial runs on different CPUs would).
        let drift = relative_gap(&split, &serial);
        assert!(
            drift < 1e-5,
            "the critics drifted apart by {drift}, moved {moved}"
        );
        for (a, b) in split_w.iter().zip(&serial_w) {
            assert!(
                (a - b).abs() < 1e-5 * b.abs().max(0.1),
                "W estimates {a} vs {b}"
            );
        }
    }

    #[test]
    fn small_odd_or_single_thread_batches_are_not_split() {
        two_threads(|| {
            assert!(splits(256));
            assert!(splits(MIN_BATCH));
            assert!(!splits(MIN_BATCH - 2));
            assert!(!splits(129));
        });
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        one.install(|| assert!(!splits(256)));
    }
}
