//! What the MNIST tab draws of a run: an 8×8 grid of digits from fixed noise, a strip
//! interpolating between two noise vectors, and the classifier's labels of 256 generated
//! digits (the class histogram).

use std::sync::Arc;

use burn::tensor::{Device, Tensor};

use super::Mnist;
use super::classifier::{Classifier, argmax_rows, confident_rows};
use crate::StepStats;
use crate::params::read_async as read;
use crate::session::{Header, Live};
use crate::trainer::GanTrainer;
use earthmover_core::mnist::MnistConfig;
use earthmover_core::share::mnist::{Digits, verify};
use earthmover_protocol::{
    MNIST_CLASSIFIED, MNIST_GRID, MNIST_STRIP, MnistSnapshot, Refusal, Settings, Setup, View,
};

/// Fixed display noise: the grid and the histogram use the same draws every snapshot.
const GRID_SEED: u64 = 0xD161;
/// The interpolation strip's two end points.
const STRIP_SEEDS: (u64, u64) = (0x5791, 0x5792);

/// Read-backs in flight for an MNIST snapshot.
pub struct PendingMnistSnapshot {
    images: Tensor<2>,
    logits: Option<Tensor<2>>,
    stats: Option<StepStats>,
    header: MnistSnapshot,
}

/// `n` noise rows evenly spaced on the straight line between two noise vectors.
fn strip_noise(a: &[f32], b: &[f32], n: usize) -> Vec<f32> {
    (0..n)
        .flat_map(|i| {
            let t = i as f32 / (n - 1) as f32;
            a.iter().zip(b).map(move |(x, y)| x + (y - x) * t)
        })
        .collect()
}

impl Live for Mnist {
    /// The classifier behind the histogram; without it the tab still trains and draws.
    type Display = Option<Classifier>;
    type Snapshot = MnistSnapshot;
    type Pending = PendingMnistSnapshot;
    const RATE_WINDOW_MS: f64 = 4000.0;

    fn setup(
        setup: Setup,
        current: Option<&Arc<Digits>>,
    ) -> Result<(MnistConfig, Arc<Digits>), Refusal> {
        match setup {
            // An empty asset means "the same digits": a reset need not resend 2 MB.
            Setup::Mnist { config, asset } => match current {
                Some(digits) if asset.is_empty() => Ok((config, digits.clone())),
                // The worker trusts nothing it is sent: the asset is verified again.
                _ => Ok((config, Arc::new(verify(&asset).map_err(Refusal::Asset)?))),
            },
            _ => Err(Refusal::OtherExperiment),
        }
    }

    fn settings(settings: Settings) -> Option<MnistConfig> {
        match settings {
            Settings::Mnist(c) => Some(c),
            _ => None,
        }
    }

    fn points(_: earthmover_core::data::Dataset) -> Option<Arc<Digits>> {
        None
    }

    fn display(_: &GanTrainer<Mnist>, device: &Device) -> Option<Classifier> {
        Classifier::committed(device).ok()
    }

    fn prepare(
        t: &GanTrainer<Mnist>,
        classifier: &Option<Classifier>,
        stats: Option<StepStats>,
        header: Header,
        _: bool,
    ) -> PendingMnistSnapshot {
        let grid = t.display_noise(MNIST_CLASSIFIED, GRID_SEED);
        let a = t.display_noise(1, STRIP_SEEDS.0);
        let b = t.display_noise(1, STRIP_SEEDS.1);
        let classified = t.generate(grid);
        let strip = t.generate(strip_noise(&a, &b, MNIST_STRIP));
        let logits = classifier.as_ref().map(|c| c.logits(classified.clone()));
        let images = Tensor::cat(vec![classified.narrow(0, 0, MNIST_GRID), strip], 0);
        PendingMnistSnapshot {
            images,
            logits,
            stats,
            header: MnistSnapshot {
                step: header.step,
                steps_per_s: header.steps_per_s,
                playing: header.playing,
                backend: header.backend,
                stats: Default::default(),
                labels: vec![],
                confident: vec![],
                images: vec![],
            },
        }
    }

    async fn resolve(p: PendingMnistSnapshot) -> MnistSnapshot {
        let mut s = p.header;
        if let Some(stats) = p.stats {
            s.stats = stats.read_async().await;
        }
        let images = read(p.images).await;
        // NaN (a diverged generator) maps to 0 here; `is_finite` looks at the statistics.
        s.images = images
            .iter()
            .map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8)
            .collect();
        if let Some(logits) = p.logits {
            let logits = read(logits).await;
            s.labels = argmax_rows(&logits);
            s.confident = confident_rows(&logits);
        }
        s
    }

    fn step(snapshot: &MnistSnapshot) -> u64 {
        snapshot.step
    }

    fn is_finite(snapshot: &MnistSnapshot) -> bool {
        snapshot.is_finite()
    }

    fn view(snapshot: MnistSnapshot) -> View {
        View::Mnist(Box::new(snapshot))
    }
}
