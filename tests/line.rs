//! The 1D lab, natively: WGAN-GP finds both modes of a two-Gaussian mixture with the lab's
//! defaults, settles to W1 < 0.05 under the settings stated in `LineConfig::converging` (a
//! one-sided penalty), and a run is a pure function of its settings (what a link carries).

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
/// steps and brings the exact W1 from about 1.5 to below 0.4, where it stays (measured:
/// 0.15–0.30). With these defaults W1 < 0.05 is not reached, and an independent NumPy WGAN-GP
/// (`tests/bench/numpy_line_wgan_gp.py`) plateaus at 0.22–0.26 on the same data; the next test
/// reaches it with a one-sided penalty.
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

/// The goal, under the settings stated in [`LineConfig::converging`]: WGAN-GP with a
/// one-sided penalty settles on the two-Gaussian mixture to W1 < 0.05, measured against the
/// mixture itself with 65,536 samples of the averaged generator, within 5,000 generator steps
/// (measured 0.030–0.043 for seeds 1 to 3; about 2 min 15 s in the `fast` profile on 2 cores).
#[test]
fn wgan_gp_with_a_one_sided_penalty_settles_below_w1_0_05() {
    let mix = Mixture::two();
    let mut t = LineTrainer::new(LineConfig::converging(), mix.clone(), &Device::flex()).unwrap();
    let mut trace = vec![];
    for s in 1..=5000u64 {
        t.step();
        if s % 1000 == 0 {
            let fake = to_host(t.generate(t.display_noise(65_536, 97)));
            trace.push(mix.w1_to(&fake).unwrap());
        }
    }
    eprintln!("W1 to the mixture every 1,000 steps: {trace:.3?}");
    assert!(trace[4] < 0.05, "{trace:?}");
    // Settled, not passing through: the average was already close a thousand steps before.
    assert!(trace[3] < 0.08, "{trace:?}");
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
