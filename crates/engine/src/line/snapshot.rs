//! What the 1D lab draws: the real and generated densities as histograms, the critic as a
//! curve with its slope, the generator's push at generated points, and the exact W1.

use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};

use super::Line;
use crate::StepStats;
use crate::input_grad::critic_input_gradient;
use crate::loss::generator_push;
use crate::params::read_async as read;
use crate::probes::histogram;
use crate::session::{Header, Live};
use crate::trainer::GanTrainer;
use earthmover_core::line::{LineConfig, Mixture};
use earthmover_core::metrics::emd::emd_1d_sorted;
use earthmover_core::rng::Rng;
use earthmover_protocol::{
    LINE_ARROWS, LINE_BINS, LINE_CURVE, LineSnapshot, Refusal, Settings, Setup, View,
};

/// Fixed draws for display, so successive snapshots are comparable.
const FAKE_SEED: u64 = 0x11FE;
const REAL_SEED: u64 = 0x11EA;
/// Samples per histogram, and in the exact W1.
pub const LINE_SAMPLES: usize = 4096;

/// Read-backs in flight.
pub struct PendingLineSnapshot {
    fake: Tensor<2>,
    curve: Tensor<2>,
    slope: Tensor<2>,
    arrows: Tensor<2>,
    stats: Option<StepStats>,
    real: Vec<f32>,
    sigmoid: bool,
    with_w1: bool,
    header: LineSnapshot,
}

/// `n` evenly spaced points of [lo, hi], as a column.
fn column(lo: f32, hi: f32, n: usize, device: &Device) -> Tensor<2> {
    let xs: Vec<f32> = (0..n)
        .map(|i| lo + (hi - lo) * i as f32 / (n - 1) as f32)
        .collect();
    Tensor::from_data(TensorData::new(xs, [n, 1]), device)
}

/// The exact W1 between two equal-size 1D samples.
pub fn w1(real: &[f32], fake: &[f32]) -> Option<f64> {
    let sorted = |v: &[f32]| {
        let mut s: Vec<f64> = v.iter().map(|x| *x as f64).collect();
        s.sort_by(f64::total_cmp);
        s
    };
    emd_1d_sorted(&sorted(real), &sorted(fake))
}

impl Live for Line {
    /// The last exact W1, shown until the next costly snapshot computes it again.
    type Display = Option<f64>;
    type Snapshot = LineSnapshot;
    type Pending = PendingLineSnapshot;
    const RATE_WINDOW_MS: f64 = 2000.0;

    fn setup(setup: Setup, _: Option<&Mixture>) -> Result<(LineConfig, Mixture), Refusal> {
        match setup {
            Setup::Line { config, data } => Ok((config, data)),
            _ => Err(Refusal::OtherExperiment),
        }
    }

    fn settings(settings: Settings) -> Option<LineConfig> {
        match settings {
            Settings::Line(c) => Some(c),
            _ => None,
        }
    }

    fn points(_: earthmover_core::data::Dataset) -> Option<Mixture> {
        None
    }

    fn display(_: &GanTrainer<Line>, _: &Device) -> Option<f64> {
        None
    }

    fn prepare(
        t: &GanTrainer<Line>,
        _: &Option<f64>,
        stats: Option<StepStats>,
        header: Header,
        with_w1: bool,
    ) -> PendingLineSnapshot {
        let config = t.config();
        let (lo, hi) = t.data().range();
        let device = t.plain_device();
        let critic = t.critic().valid();
        let fake = t.generate(t.display_noise(LINE_SAMPLES, FAKE_SEED));
        let xs = column(lo, hi, LINE_CURVE, device);
        let trace = critic.forward_trace(xs);
        let slope = critic_input_gradient(&critic, &trace);
        let arrow_at = fake.clone().narrow(0, 0, LINE_ARROWS);
        let arrows = generator_push(config.loss, &critic, arrow_at);
        PendingLineSnapshot {
            fake,
            curve: trace.output,
            slope,
            arrows,
            stats,
            real: t.data().sample(LINE_SAMPLES, &mut Rng::new(REAL_SEED)),
            sigmoid: !config.loss.is_wasserstein(),
            with_w1,
            header: LineSnapshot {
                step: header.step,
                steps_per_s: header.steps_per_s,
                playing: header.playing,
                backend: header.backend,
                stats: Default::default(),
                range: (lo, hi),
                real_hist: vec![],
                fake_hist: vec![],
                curve: vec![],
                slope: vec![],
                arrow_at: vec![],
                arrow_push: vec![],
                w1: None,
            },
        }
    }

    async fn resolve(p: PendingLineSnapshot) -> LineSnapshot {
        let mut s = p.header;
        if let Some(stats) = p.stats {
            s.stats = stats.read_async().await;
        }
        let fake = read(p.fake).await;
        let mut curve = read(p.curve).await;
        if p.sigmoid {
            curve
                .iter_mut()
                .for_each(|v| *v = 1.0 / (1.0 + (-*v).exp()));
        }
        s.curve = curve;
        s.slope = read(p.slope).await;
        s.arrow_push = read(p.arrows).await;
        s.arrow_at = fake[..LINE_ARROWS].to_vec();
        let (lo, hi) = s.range;
        s.real_hist = histogram(&p.real, lo, hi, LINE_BINS);
        s.fake_hist = histogram(&fake, lo, hi, LINE_BINS);
        if p.with_w1 {
            s.w1 = w1(&p.real, &fake);
        }
        s
    }

    fn remember(last: &mut Option<f64>, snapshot: &mut LineSnapshot) {
        match snapshot.w1 {
            Some(w) => *last = Some(w),
            None => snapshot.w1 = *last,
        }
    }

    fn step(snapshot: &LineSnapshot) -> u64 {
        snapshot.step
    }

    fn is_finite(snapshot: &LineSnapshot) -> bool {
        snapshot.is_finite()
    }

    fn view(snapshot: LineSnapshot) -> View {
        View::Line(Box::new(snapshot))
    }
}
