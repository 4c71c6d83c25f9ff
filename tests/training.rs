//! End-to-end behaviour of the Trainer on the CPU backend: convergence, clipping, saturation,
//! determinism and validation. Run in an optimised profile (`make test` uses `--profile fast`).

use burn::tensor::Device;
use earthmover_core::config::LossKind;
use earthmover_core::config::TrainConfig;
use earthmover_core::data::Dataset;
use earthmover_core::data::ToyData;
use earthmover_core::data::UserPoints;
use earthmover_core::metrics::emd::emd_2d;
use earthmover_core::metrics::modes::mode_report;
use earthmover_engine::Trainer;
use earthmover_engine::loss::generator_push;
use earthmover_engine::probes::{max_abs_param, weight_histogram};
use earthmover_engine::to_host;

fn trainer(config: TrainConfig) -> Trainer {
    Trainer::new(
        config,
        Dataset::Toy(ToyData::EightGaussians),
        &Device::flex(),
    )
    .expect("valid config")
}

fn fake(t: &Trainer, n: usize) -> Vec<f32> {
    to_host(t.sample_fake(n, 99))
}

/// Generator steps allowed for the fast config to find all 8 modes (seed 2 gets there in about
/// 1500, other seeds within 3000).
const CONVERGENCE_BUDGET: u64 = 3000;

#[test]
fn wgan_gp_covers_all_eight_gaussians_with_high_quality_samples() {
    let mut t = trainer(TrainConfig::new().with_seed(2));
    let modes = ToyData::EightGaussians.modes().unwrap();
    let start = mode_report(&fake(&t, 2048), &modes);
    let real = t.sample_real(256, 5);
    let emd_start = emd_2d(&real, &fake(&t, 256)).unwrap().w1;
    let mut reached = None;
    for step in 1..=CONVERGENCE_BUDGET {
        t.step();
        if step % 250 == 0 {
            let r = mode_report(&fake(&t, 2048), &modes);
            if r.covered == 8 && r.high_quality >= 0.8 {
                reached = Some((step, r));
                break;
            }
        }
    }
    let (step, r) = reached.unwrap_or_else(|| {
        panic!(
            "not converged in {CONVERGENCE_BUDGET} steps: {:?}",
            mode_report(&fake(&t, 2048), &modes)
        )
    });
    println!(
        "8/8 modes, {:.1}% HQ at step {step}",
        100.0 * r.high_quality
    );
    assert!(
        start.high_quality < 0.5,
        "an untrained generator is not already good: {start:?}"
    );
    // The exact EMD to the data falls to a fraction of its starting value too.
    let emd = emd_2d(&real, &fake(&t, 256)).unwrap().w1;
    assert!(emd < 0.3 * emd_start, "EMD {emd_start} -> {emd}");
}

#[test]
fn weight_clipping_keeps_every_critic_parameter_within_c() {
    let c = 0.01;
    let mut t = trainer(
        TrainConfig::new()
            .with_loss(LossKind::WganClip)
            .with_clip(c)
            .with_lr_d(5e-3),
    );
    for _ in 0..20 {
        t.step();
    }
    let max = max_abs_param(t.critic());
    assert!(max <= c as f32 + 1e-9, "max |w| = {max}");
    // With this learning rate, clipping is active: weights pile up at ±c (lecture slide 5).
    let hist = weight_histogram(t.critic(), -(c as f32), c as f32, 10);
    let total: u32 = hist.iter().sum();
    let ends = hist[0] + hist[9];
    assert!(
        ends * 3 > total,
        "expected weights piled at ±c, histogram {hist:?}"
    );
}

#[test]
fn saturating_bce_gives_the_generator_a_smaller_gradient_once_d_is_trained() {
    let mut t = trainer(TrainConfig::new().with_loss(LossKind::Bce).with_n_critic(1));
    for _ in 0..200 {
        t.step_critic();
    }
    let critic = t.critic().clone();
    let points = t.sample_fake(512, 3).to_device(t.device());
    let mean_push = |kind| {
        to_host(
            generator_push(kind, &critic, points.clone())
                .square()
                .sum_dim(1)
                .sqrt()
                .mean(),
        )[0]
    };
    let saturating = mean_push(LossKind::BceSaturating);
    let non_saturating = mean_push(LossKind::Bce);
    assert!(saturating.is_finite() && non_saturating.is_finite());
    assert!(
        saturating < 0.2 * non_saturating,
        "saturating {saturating} vs non-saturating {non_saturating}"
    );
}

#[test]
fn same_seed_same_run_and_different_seed_different_run() {
    let run = |seed| {
        let mut t = trainer(TrainConfig::new().with_seed(seed).with_width(32));
        let stats: Vec<_> = (0..15).map(|_| t.step().read()).collect();
        (stats, fake(&t, 64))
    };
    let (a, fa) = run(3);
    let (b, fb) = run(3);
    let (c, fc) = run(4);
    assert_eq!(a, b);
    assert_eq!(fa, fb, "bit-identical samples");
    assert_ne!(a, c);
    assert_ne!(fa, fc);
}

#[test]
fn stats_are_finite_and_penalised_losses_report_a_penalty() {
    for loss in LossKind::ALL {
        let mut t = trainer(TrainConfig::new().with_loss(loss).with_width(32));
        let s = t.step().read();
        assert!(
            s.w_estimate.is_finite() && s.critic_loss.is_finite() && s.g_loss.is_finite(),
            "{loss:?}: {s:?}"
        );
        assert_eq!(s.layer_grad_norms.len(), 4);
        assert!(
            s.layer_grad_norms.iter().all(|n| n.is_finite() && *n > 0.0),
            "{loss:?}: {s:?}"
        );
        assert!(s.g_push > 0.0);
        assert_eq!(s.penalty > 0.0, loss.has_penalty(), "{loss:?}: {s:?}");
    }
}

#[test]
fn fixed_generator_trains_the_critic_alone() {
    let mut t = trainer(TrainConfig::new().with_fixed_generator(true).with_width(32));
    // The generator's own output, not sample_fake (which shows real + noise in this mode).
    let g_out = |t: &Trainer| {
        let z = burn::tensor::Tensor::<2>::ones([4, t.config().noise_dim], &Device::flex());
        to_host(t.generator().forward(z))
    };
    let before = g_out(&t);
    let w0 = t.step().read().w_estimate;
    for _ in 0..30 {
        t.step();
    }
    let s = t.step().read();
    assert_eq!(g_out(&t), before, "the generator does not move");
    assert!(
        s.w_estimate > w0,
        "the critic separates real from real+noise: {w0} -> {}",
        s.w_estimate
    );
}

/// In fixed-generator mode the samples drawn for the plot are what the critic is trained
/// against (Gulrajani et al. 2017, Fig. 1): real data plus N(0, 1) noise, not the untrained
/// generator's output. Measured by moments: the mean is the data's, and each coordinate's
/// variance is the data's plus 1 (independent unit noise adds its variance).
#[test]
fn fixed_generator_samples_are_real_plus_unit_noise() {
    let t = trainer(TrainConfig::new().with_fixed_generator(true).with_width(32));
    let n = 8192;
    let pts = fake(&t, n);
    let real = t.sample_real(n, 1234);
    let moments = |v: &[f32], k: usize| {
        let xs: Vec<f64> = v.iter().skip(k).step_by(2).map(|x| *x as f64).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        (mean, var)
    };
    for k in 0..2 {
        let ((mf, vf), (mr, vr)) = (moments(&pts, k), moments(&real, k));
        assert!(
            (mf - mr).abs() < 0.06,
            "coordinate {k}: mean {mf} vs the data's {mr}"
        );
        assert!(
            (vf - vr - 1.0).abs() < 0.1,
            "coordinate {k}: variance {vf} = the data's {vr} + {}",
            vf - vr
        );
    }
    // The same seed gives the same picture; a moving generator's samples are its own.
    assert_eq!(fake(&t, n), pts);
    let moving = trainer(TrainConfig::new().with_width(32));
    let (_, v_moving) = moments(&fake(&moving, n), 0);
    assert!(
        v_moving < 0.5 * moments(&pts, 0).1,
        "the untrained generator clusters"
    );
}

#[test]
fn step_d_only_and_step_g_only_move_only_their_network() {
    let mut t = trainer(TrainConfig::new().with_width(32));
    let g0 = fake(&t, 8);
    t.step_critic();
    assert_eq!(fake(&t, 8), g0);
    assert_eq!(t.generator_steps(), 0);
    t.step_generator();
    assert_ne!(fake(&t, 8), g0);
    assert_eq!(t.generator_steps(), 1);
}

#[test]
fn bad_configurations_are_rejected_with_a_message() {
    let device = Device::flex();
    let data = || Dataset::Toy(ToyData::EightGaussians);
    for (cfg, field) in [
        (TrainConfig::new().with_width(0), "width"),
        (TrainConfig::new().with_depth(0), "depth"),
        (TrainConfig::new().with_lr_g(f64::NAN), "lr_g"),
        (TrainConfig::new().with_lr_d(-1.0), "lr_d"),
        (TrainConfig::new().with_n_critic(0), "n_critic"),
        (TrainConfig::new().with_batch(0), "batch"),
        (TrainConfig::new().with_lambda(-1.0), "lambda"),
        (TrainConfig::new().with_clip(0.0), "clip"),
    ] {
        let e = Trainer::new(cfg.clone(), data(), &device)
            .err()
            .expect("rejected");
        assert_eq!(e.field, field);
        // Reconfiguring a live run with it is refused too, and the run is untouched.
        let mut t = trainer(TrainConfig::new().with_width(16));
        assert!(t.reconfigure(cfg).is_err());
        assert_eq!(t.config().width, 16);
        t.step();
    }
    assert!(UserPoints::new(vec![], 0.02).is_err());
}

#[test]
fn reconfigure_keeps_the_run_for_learning_rates_and_rebuilds_for_width() {
    let mut t = trainer(TrainConfig::new().with_width(16));
    t.step();
    t.reconfigure(t.config().clone().with_lr_g(2e-4).with_lambda(10.0))
        .unwrap();
    assert_eq!(t.generator_steps(), 1);
    t.step();
    t.reconfigure(t.config().clone().with_width(24)).unwrap();
    assert_eq!(t.generator_steps(), 0);
    assert_eq!(t.critic().layers[0].dims(), [2, 24]);
}

#[test]
fn a_drawn_dataset_trains() {
    let points = UserPoints::new(vec![[0.5, 0.5], [-0.5, -0.5], [0.5, -0.5]], 0.02).unwrap();
    let mut t = Trainer::new(
        TrainConfig::new().with_width(64),
        Dataset::User(points),
        &Device::flex(),
    )
    .unwrap();
    let s = (0..20).map(|_| t.step().read()).last().unwrap();
    assert!(s.w_estimate.is_finite());
}
