//! What the Lab and the Race draw of a toy run: real and generated samples, the generator's
//! push arrows and manifold, the critic's value and gradient-norm surface, its weights'
//! histogram, the modes covered and the exact EMD.

use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};

use super::Toy2d;
use crate::StepStats;
use crate::loss::generator_push;
use crate::network::Mlp;
use crate::params::read_async as read;
use crate::probes::{
    Grid, all_weights, critic_surface, histogram, interpolate_gradient_norms, mean_gap,
    share_at_bound,
};
use crate::session::{Header, Live};
use crate::trainer::GanTrainer;
use earthmover_core::config::{LossKind, TrainConfig};
use earthmover_core::data::{Dataset, Modes};
use earthmover_core::metrics::emd::emd_2d;
use earthmover_core::metrics::modes::mode_report;
use earthmover_core::rng::Rng;
use earthmover_core::stats::Stats;
use earthmover_protocol::{MANIFOLD_RES, Refusal, Settings, Setup, Snapshot, Surface, View};

/// Fixed noise and real samples drawn for display, so successive snapshots are comparable.
const FAKE_SEED: u64 = 0xFA4E;
const REAL_SEED: u64 = 0x4EA1;
/// Samples drawn per snapshot.
pub const SNAPSHOT_SAMPLES: usize = 512;
/// Samples in the exact EMD (O(n³): 256 takes a few ms natively, ~20 ms in wasm).
pub const EMD_SAMPLES: usize = 256;
/// Surface grid points per side.
pub const SURFACE_RES: usize = 48;
/// Histogram bins for the critic's weights.
pub const WEIGHT_BINS: usize = 40;

/// The noise grid whose image is the generator manifold (see [`Snapshot::manifold`]).
fn manifold_noise(noise_dim: usize, device: &Device) -> Tensor<2> {
    let n = MANIFOLD_RES;
    let mut z = vec![0f32; n * n * noise_dim];
    for j in 0..n {
        for i in 0..n {
            let at = |k: usize| -2.0 + 4.0 * k as f32 / (n - 1) as f32;
            let row = &mut z[(j * n + i) * noise_dim..][..noise_dim];
            row[0] = at(i);
            if noise_dim > 1 {
                row[1] = at(j);
            }
        }
    }
    Tensor::from_data(TensorData::new(z, [n * n, noise_dim]), device)
}

/// Half the side of the square the plots show: the data's extent plus a margin.
fn plot_extent(data: &Dataset) -> f32 {
    let pts = data.sample(1024, &mut Rng::new(REAL_SEED));
    let max = pts.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    (max * 1.4).clamp(1.0, 100.0)
}

/// What a toy session keeps for drawing.
pub struct ToyDisplay {
    /// Half the side of the plotted square.
    extent: f32,
    /// The last exact EMD, shown until the next costly snapshot computes it again.
    emd: Option<f64>,
}

/// Read-backs still in flight for a snapshot.
pub struct PendingSnapshot {
    fake: Tensor<2>,
    /// None in fixed-generator mode: no generator moves, so there are no arrows and no manifold.
    manifold: Option<Tensor<2>>,
    arrows: Option<Tensor<2>>,
    values: Tensor<1>,
    grad_norms: Tensor<1>,
    weights: Tensor<1>,
    stats: Option<StepStats>,
    real: Vec<f32>,
    header: Snapshot,
    sigmoid: bool,
    /// c, with weight clipping.
    clip: Option<f64>,
    modes: Option<Modes>,
    with_emd: bool,
    /// ‖∇D‖ at the interpolates x̂ of the snapshot's first [`GAP_PAIRS`] real/fake pairs.
    gap_norms: Tensor<1>,
}

/// Real/fake pairs whose interpolates measure the penalty's promise in each snapshot.
pub const GAP_PAIRS: usize = 256;
/// The interpolation weights' seed: the same ε in every snapshot, so the number moves only
/// with the critic.
pub const GAP_SEED: u64 = 0x6A9;

/// ‖∇ₓD‖ at x̂ = ε·real + (1 − ε)·fake for the first [`GAP_PAIRS`] pairs, with fixed ε: the
/// gradient penalty's own promise (‖∇D(x̂)‖ = 1), measured where it is imposed.
fn interpolate_norms(critic: &Mlp, real: &[f32], fake: Tensor<2>, device: &Device) -> Tensor<1> {
    let n = GAP_PAIRS.min(real.len() / 2).min(fake.dims()[0]);
    let eps: Vec<f32> = {
        let mut rng = Rng::new(GAP_SEED);
        (0..n).map(|_| rng.uniform() as f32).collect()
    };
    let eps = Tensor::<2>::from_data(TensorData::new(eps, [n, 1]), device);
    let real = Tensor::<2>::from_data(TensorData::new(real[..2 * n].to_vec(), [n, 2]), device);
    interpolate_gradient_norms(critic, real, fake.slice([0..n, 0..2]), eps)
}

impl Live for Toy2d {
    type Display = ToyDisplay;
    type Snapshot = Snapshot;
    type Pending = PendingSnapshot;
    const RATE_WINDOW_MS: f64 = 2000.0;

    fn setup(setup: Setup, _: Option<&Dataset>) -> Result<(TrainConfig, Dataset), Refusal> {
        match setup {
            Setup::Toy { config, data } => Ok((config, data)),
            _ => Err(Refusal::OtherExperiment),
        }
    }

    fn settings(settings: Settings) -> Option<TrainConfig> {
        match settings {
            Settings::Toy(c) => Some(c),
            _ => None,
        }
    }

    fn points(data: Dataset) -> Option<Dataset> {
        Some(data)
    }

    fn display(trainer: &GanTrainer<Toy2d>, _: &Device) -> ToyDisplay {
        ToyDisplay {
            extent: plot_extent(trainer.dataset()),
            emd: None,
        }
    }

    fn prepare(
        trainer: &GanTrainer<Toy2d>,
        display: &ToyDisplay,
        stats: Option<StepStats>,
        header: Header,
        with_emd: bool,
    ) -> PendingSnapshot {
        let config = trainer.config();
        let fake = trainer.sample_fake(SNAPSHOT_SAMPLES, FAKE_SEED);
        let critic = trainer.critic().valid();
        let generator = trainer.shown_generator();
        let moving = !config.fixed_generator;
        let manifold = moving
            .then(|| generator.forward(manifold_noise(config.noise_dim, trainer.plain_device())));
        let arrows = moving.then(|| generator_push(config.loss, &critic, fake.clone()));
        let (values, grad_norms) =
            critic_surface(&critic, &Grid::square(display.extent, SURFACE_RES));
        let real = trainer.sample_real(SNAPSHOT_SAMPLES, REAL_SEED);
        let gap_norms = interpolate_norms(&critic, &real, fake.clone(), trainer.plain_device());
        PendingSnapshot {
            manifold,
            weights: all_weights(&critic),
            fake,
            arrows,
            values,
            grad_norms,
            stats,
            real,
            gap_norms,
            sigmoid: !config.loss.is_wasserstein(),
            clip: (config.loss == LossKind::WganClip).then_some(config.clip),
            modes: trainer.dataset().modes(),
            with_emd,
            header: Snapshot {
                step: header.step,
                steps_per_s: header.steps_per_s,
                playing: header.playing,
                backend: header.backend,
                stats: Stats::default(),
                real: vec![],
                fake: vec![],
                arrows: vec![],
                surface: Surface {
                    extent: display.extent,
                    res: SURFACE_RES,
                    values: vec![],
                    grad_norms: vec![],
                },
                modes: None,
                emd: None,
                manifold: vec![],
                weight_hist: vec![],
                weight_range: if config.loss == LossKind::WganClip {
                    config.clip as f32 * 1.25
                } else {
                    0.0
                },
                clip_share: None,
                gp_gap: None,
            },
        }
    }

    async fn resolve(p: PendingSnapshot) -> Snapshot {
        let mut s = p.header;
        if let Some(stats) = p.stats {
            s.stats = stats.read_async().await;
        }
        s.fake = read(p.fake).await;
        if let Some(arrows) = p.arrows {
            s.arrows = read(arrows).await;
        }
        if let Some(manifold) = p.manifold {
            s.manifold = read(manifold).await;
        }
        let mut values = read(p.values).await;
        if p.sigmoid {
            values
                .iter_mut()
                .for_each(|v| *v = 1.0 / (1.0 + (-*v).exp()));
        }
        s.surface.values = values;
        s.surface.grad_norms = read(p.grad_norms).await;
        let weights = read(p.weights).await;
        if s.weight_range == 0.0 {
            s.weight_range = weights.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
        }
        s.weight_hist = histogram(&weights, -s.weight_range, s.weight_range, WEIGHT_BINS);
        s.clip_share = p.clip.map(|c| share_at_bound(&weights, c) as f32);
        let gap = read(p.gap_norms).await;
        s.gp_gap = (!gap.is_empty()).then(|| mean_gap(&gap) as f32);
        s.modes = p.modes.as_ref().map(|m| mode_report(&s.fake, m));
        if p.with_emd {
            let n = 2 * EMD_SAMPLES;
            s.emd = emd_2d(&p.real[..n], &s.fake[..n]).map(|a| a.w1);
        }
        s.real = p.real;
        s
    }

    fn remember(display: &mut ToyDisplay, snapshot: &mut Snapshot) {
        match snapshot.emd {
            Some(emd) => display.emd = Some(emd),
            None => snapshot.emd = display.emd,
        }
    }

    fn step(snapshot: &Snapshot) -> u64 {
        snapshot.step
    }

    fn is_finite(snapshot: &Snapshot) -> bool {
        snapshot.is_finite()
    }

    fn view(snapshot: Snapshot) -> View {
        View::Toy(Box::new(snapshot))
    }
}
