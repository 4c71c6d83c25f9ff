//! The worker's session, driven natively: commands, time-boxed training, snapshots, divergence.

use burn::module::Module;
use burn::tensor::Device;
use earthmover_core::config::{ConfigProblem, TrainConfig};
use earthmover_core::data::Dataset;
use earthmover_core::data::ToyData;
use earthmover_core::share::record_meta::WeightsProblem;
use earthmover_core::share::weights;
use earthmover_engine::ToySession as Session;
use earthmover_engine::toy::snapshot::{SNAPSHOT_SAMPLES, SURFACE_RES};
use earthmover_protocol::{
    Backend, FromWorker, MANIFOLD_RES, Refusal, Settings, Setup, StepKind, ToWorker,
};
use futures::executor::block_on;

fn session() -> Session {
    Session::new(
        TrainConfig::new().with_width(32),
        Dataset::Toy(ToyData::EightGaussians),
        &Device::flex(),
        Backend::Cpu,
    )
    .unwrap()
}

fn clock() -> impl Fn() -> f64 {
    let start = std::time::Instant::now();
    move || start.elapsed().as_secs_f64() * 1000.0
}

#[test]
fn play_trains_pause_stops_and_snapshots_are_complete() {
    let mut s = session();
    let now = clock();
    assert_eq!(s.train(50.0, &now), 0, "paused sessions do not train");
    s.handle(ToWorker::Speed(5));
    s.handle(ToWorker::Play);
    assert_eq!(s.train(10_000.0, &now), 5, "speed caps the steps per tick");
    let snap = block_on(s.snapshot(true));
    assert_eq!(snap.step, 5);
    assert!(snap.playing);
    assert!(snap.stats.w_estimate.is_finite() && snap.stats.w_estimate != 0.0);
    assert_eq!(snap.fake.len(), 2 * SNAPSHOT_SAMPLES);
    assert_eq!(snap.arrows.len(), 2 * SNAPSHOT_SAMPLES);
    assert_eq!(snap.surface.values.len(), SURFACE_RES * SURFACE_RES);
    // The manifold is the shown generator (the average, by default) on the noise grid: its
    // corner is G((−2, −2, 0, …)).
    assert_eq!(snap.manifold.len(), 2 * MANIFOLD_RES * MANIFOLD_RES);
    let z = {
        let mut z = vec![0f32; s.trainer().config().noise_dim];
        z[0] = -2.0;
        z[1] = -2.0;
        burn::tensor::Tensor::<2>::from_data(
            burn::tensor::TensorData::new(z.clone(), [1, z.len()]),
            &Device::flex(),
        )
    };
    let corner = earthmover_engine::to_host(s.trainer().shown_generator().forward(z));
    assert!(
        (corner[0] - snap.manifold[0]).abs() < 1e-5 && (corner[1] - snap.manifold[1]).abs() < 1e-5
    );
    assert!(
        snap.surface
            .grad_norms
            .iter()
            .all(|g| g.is_finite() && *g >= 0.0)
    );
    assert_eq!(snap.modes.as_ref().unwrap().per_mode.len(), 8);
    assert!(snap.emd.unwrap() > 0.0);
    assert_eq!(
        snap.weight_hist.iter().sum::<u32>() as usize,
        2 * 32 + 32 * 32 * 2 + 32
    );
    assert!(s.check(&snap).is_none());
    s.handle(ToWorker::Pause);
    assert_eq!(s.train(50.0, &now), 0);
}

#[test]
fn a_time_budget_ends_a_tick_after_at_least_one_step() {
    let mut s = session();
    s.handle(ToWorker::Speed(1000));
    s.handle(ToWorker::Play);
    // A clock that jumps 100 ms per call: the budget of 1 ms is spent after the first step.
    let t = std::cell::Cell::new(0.0);
    let fake_clock = || {
        t.set(t.get() + 100.0);
        t.get()
    };
    assert_eq!(s.train(1.0, fake_clock), 1);
}

#[test]
fn single_steps_and_refused_commands() {
    let mut s = session();
    s.handle(ToWorker::Step(StepKind::Critic));
    assert_eq!(s.trainer().generator_steps(), 0);
    s.handle(ToWorker::Step(StepKind::Both));
    s.handle(ToWorker::Step(StepKind::Generator));
    assert_eq!(s.trainer().generator_steps(), 2);
    let refused = s.handle(ToWorker::Configure(Settings::Toy(
        TrainConfig::new().with_width(32).with_lr_g(-1.0),
    )));
    assert!(
        matches!(&refused, Some(FromWorker::Rejected(Refusal::Config { field, .. })) if field == "lr_g"),
        "{refused:?}"
    );
    assert_eq!(s.trainer().config().lr_g, TrainConfig::new().lr_g);
    let refused = s.handle(ToWorker::Reset(Setup::Toy {
        config: TrainConfig::new().with_batch(0),
        data: Dataset::Toy(ToyData::SwissRoll),
    }));
    assert!(
        matches!(&refused, Some(FromWorker::Rejected(Refusal::Config { field, problem: ConfigProblem::Count { min: 1, got: 0, .. } })) if field == "batch"),
        "{refused:?}"
    );
    // Another experiment's commands are refused by this one's session.
    let refused = s.handle(ToWorker::Configure(Settings::Mnist(Default::default())));
    assert_eq!(
        refused,
        Some(FromWorker::Rejected(Refusal::OtherExperiment))
    );
    assert_eq!(
        s.trainer().generator_steps(),
        2,
        "a refused reset leaves the run alone"
    );
}

#[test]
fn divergence_restores_the_last_finite_weights_and_pauses() {
    let mut s = session();
    let now = clock();
    s.handle(ToWorker::Speed(3));
    s.handle(ToWorker::Play);
    s.train(10_000.0, &now);
    let good = block_on(s.snapshot(false));
    assert!(s.check(&good).is_none());
    s.train(10_000.0, &now);
    assert_eq!(s.trainer().generator_steps(), 6);
    let mut bad = block_on(s.snapshot(false));
    bad.stats.w_estimate = f32::NAN;
    let msg = s.check(&bad);
    assert!(
        matches!(msg, Some(FromWorker::Diverged { step: 6, .. })),
        "{msg:?}"
    );
    assert_eq!(s.trainer().generator_steps(), 3, "back at the checkpoint");
    assert!(!s.playing());
    let again = block_on(s.snapshot(false));
    assert_eq!(
        again.fake, good.fake,
        "the restored weights are the checkpoint's"
    );
}

#[test]
fn moving_to_another_device_keeps_weights_and_step() {
    let mut s = session();
    s.handle(ToWorker::Step(StepKind::Both));
    s.handle(ToWorker::Step(StepKind::Both));
    let before = block_on(s.snapshot(false));
    s.move_to(&Device::flex(), Backend::Cpu);
    let after = block_on(s.snapshot(false));
    assert_eq!(after.step, 2);
    assert_eq!(after.fake, before.fake);
    s.handle(ToWorker::Step(StepKind::Both));
    assert_eq!(s.trainer().generator_steps(), 3);
}

#[test]
fn weights_saved_from_one_session_load_into_a_fresh_one_exactly() {
    use earthmover_engine::to_host;
    let device = Device::flex();
    let config = TrainConfig::new().with_width(16).with_depth(2).with_seed(4);
    let data = Dataset::Toy(ToyData::EightGaussians);
    let mut a = Session::new(config.clone(), data.clone(), &device, Backend::Cpu).unwrap();
    for _ in 0..5 {
        a.handle(ToWorker::Step(StepKind::Both));
    }
    let (step, bytes) = block_on(a.prepare_weights().resolve());
    let bytes = bytes.unwrap();
    assert_eq!(step, 5);
    // A run with other settings becomes the file's run: its networks, settings and step.
    let mut b = Session::new(
        config.with_width(8).with_seed(1),
        data,
        &device,
        Backend::Cpu,
    )
    .unwrap();
    match b.handle(ToWorker::LoadWeights {
        bytes: bytes.clone(),
    }) {
        Some(FromWorker::WeightsLoaded { step }) => assert_eq!(step, 5),
        other => panic!("expected the weights to load, got {other:?}"),
    }
    assert_eq!(b.trainer().generator_steps(), 5);
    assert_eq!(b.trainer().config().width, 16);
    // Same generator and critic: the same fake samples and critic values.
    let fa = to_host(a.trainer().sample_fake(64, 9));
    let fb = to_host(b.trainer().sample_fake(64, 9));
    assert_eq!(fa, fb);
    // Saved again, the file holds the same settings and step (its tensors were just shown equal;
    // the record's parameter ids are fresh per save).
    let (_, again) = block_on(b.prepare_weights().resolve());
    let again = again.unwrap();
    assert_eq!(weights::meta(&again), weights::meta(&bytes));
    assert_eq!(again.len(), bytes.len());
    // A damaged file and a non-file are refused with a sentence; the run is untouched. (An
    // MNIST file offered to the Lab: tests/mnist.rs.)
    type Expect = fn(&WeightsProblem) -> bool;
    let refusals: [(Vec<u8>, Expect); 3] = [
        (bytes[..bytes.len() - 7].to_vec(), |p| {
            matches!(p, WeightsProblem::Damaged(_))
        }),
        (b"EARTHMOVER-WEIGHTS 1\n".to_vec(), |p| {
            *p == WeightsProblem::OldFormat
        }),
        (b"PK\x03\x04".to_vec(), |p| *p == WeightsProblem::NotOurs),
    ];
    for (file, why) in refusals {
        match b.handle(ToWorker::LoadWeights { bytes: file }) {
            Some(FromWorker::WeightsRefused(Refusal::WeightsFile(m))) => {
                assert!(why(&m), "{m:?}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(b.trainer().generator_steps(), 5);
        assert_eq!(to_host(b.trainer().sample_fake(64, 9)), fa);
    }
}

/// A weights file whose numbers are finite but overflow on the data (a flipped exponent bit
/// does this) must not replace the student's run: its first snapshot has ∞ or NaN, which the
/// page could not even read (JSON has no NaN), so the load is refused and the run from before
/// comes back as it was. Found by the hostile-input browser test.
#[test]
fn weights_that_overflow_on_the_data_are_refused_and_the_run_comes_back() {
    use earthmover_engine::params::HostTensor;
    use earthmover_engine::to_host;
    let mut s = session();
    s.handle(ToWorker::Step(StepKind::Both));
    s.handle(ToWorker::Step(StepKind::Both));
    let before = block_on(s.snapshot(false));
    assert!(before.is_finite());
    let huge: Vec<HostTensor> = s
        .trainer()
        .weight_tensors()
        .into_iter()
        .map(|(shape, t)| HostTensor {
            shape,
            values: to_host(t).iter().map(|v| v * 1e36).collect(),
        })
        .collect();
    let file = s.trainer().weights_file(&huge).unwrap();
    let reply = s.handle(ToWorker::LoadWeights { bytes: file });
    assert!(
        matches!(reply, Some(FromWorker::WeightsLoaded { step: 2 })),
        "{reply:?}"
    );
    let first = block_on(s.snapshot(false));
    assert!(!first.is_finite(), "the file's weights overflow");
    match s.confirm_load(reply.unwrap(), &first) {
        FromWorker::WeightsRefused(Refusal::WeightsOverflow) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
    let after = block_on(s.snapshot(false));
    assert_eq!(
        after.fake, before.fake,
        "the run from before the load is back"
    );
    assert_eq!(after.surface.values, before.surface.values);
    assert_eq!(s.trainer().generator_steps(), 2);
    s.handle(ToWorker::Step(StepKind::Both));
    assert_eq!(s.trainer().generator_steps(), 3, "and it trains on");

    // A sound file is kept: confirm_load hands its reply through.
    let good = s.trainer().weights_file_blocking().unwrap();
    let reply = s.handle(ToWorker::LoadWeights { bytes: good }).unwrap();
    let snap = block_on(s.snapshot(false));
    assert_eq!(
        s.confirm_load(reply, &snap),
        FromWorker::WeightsLoaded { step: 3 }
    );
}

/// A session checkpointed at step 1 (a finite snapshot checked) and then one step further,
/// with that step's snapshot, for the divergence tests to spoil.
fn checkpoint_then_step() -> (Session, earthmover_protocol::Snapshot) {
    let mut s = session();
    s.handle(ToWorker::Step(StepKind::Both));
    let good = block_on(s.snapshot(false));
    assert!(s.check(&good).is_none());
    s.handle(ToWorker::Step(StepKind::Both));
    let next = block_on(s.snapshot(false));
    (s, next)
}

/// Divergence is seen in every number of a snapshot, not only the losses: a NaN in the critic's
/// surface restores the checkpoint as a NaN loss does.
#[test]
fn a_non_finite_surface_counts_as_divergence() {
    let (mut s, mut bad) = checkpoint_then_step();
    assert!(bad.is_finite());
    bad.surface.values[7] = f32::INFINITY;
    assert!(!bad.is_finite());
    assert!(matches!(
        s.check(&bad),
        Some(FromWorker::Diverged { step: 2, .. })
    ));
    assert_eq!(s.trainer().generator_steps(), 1, "back at the checkpoint");
}

/// After a divergence the restored run has taken no step, so its snapshots carry no statistics
/// from the diverged step (they were NaN, and kept they made the next snapshot diverge again:
/// the toy session kept them while the MNIST one cleared them).
#[test]
fn divergence_forgets_the_diverged_statistics() {
    let (mut s, mut bad) = checkpoint_then_step();
    bad.stats.g_loss = f32::NAN;
    assert!(s.check(&bad).is_some());
    let restored = block_on(s.snapshot(false));
    assert!(restored.is_finite(), "{:?}", restored.stats);
    assert!(
        s.check(&restored).is_none(),
        "exactly one divergence is reported"
    );
}

/// Fixed-generator mode plots what the critic sees: no generator arrows, no generator manifold,
/// and samples that are real data plus N(0, 1) noise (the trainer's `sample_fake`).
#[test]
fn fixed_generator_snapshots_show_what_the_critic_sees() {
    let mut s = Session::new(
        TrainConfig::new().with_width(32).with_fixed_generator(true),
        Dataset::Toy(ToyData::EightGaussians),
        &Device::flex(),
        Backend::Cpu,
    )
    .unwrap();
    s.handle(ToWorker::Step(StepKind::Both));
    let snap = block_on(s.snapshot(false));
    assert!(snap.arrows.is_empty(), "no generator moves, so no arrows");
    assert!(snap.manifold.is_empty(), "and no generator manifold");
    assert_eq!(snap.fake.len(), 2 * SNAPSHOT_SAMPLES);
    // The untrained generator's samples cluster; real + noise spreads over the data's extent.
    let spread = |v: &[f32]| v.iter().map(|x| x.abs()).fold(0.0f32, f32::max);
    let mut moving = session();
    let m = block_on(moving.snapshot(false));
    assert!(!m.arrows.is_empty() && !m.manifold.is_empty());
    assert!(spread(&snap.fake) > 2.0, "{}", spread(&snap.fake));
    assert!(snap.is_finite());
}

/// With weight clipping a snapshot says how many critic weights sit at ±c, the same share the
/// CLI reports from the critic itself; without clipping it says nothing.
#[test]
fn clipping_snapshots_report_the_share_of_weights_at_the_bound() {
    use earthmover_core::config::LossKind;
    use earthmover_engine::probes::clipped_share;
    let config = TrainConfig::new()
        .with_width(32)
        .with_loss(LossKind::WganClip)
        .with_clip(0.01);
    let mut s = Session::new(
        config,
        Dataset::Toy(ToyData::EightGaussians),
        &Device::flex(),
        Backend::Cpu,
    )
    .unwrap();
    for _ in 0..3 {
        s.handle(ToWorker::Step(StepKind::Both));
    }
    let snap = block_on(s.snapshot(false));
    let share = snap.clip_share.expect("clipping reports its share");
    let direct = clipped_share(&s.trainer().critic().valid(), 0.01) as f32;
    assert!((share - direct).abs() < 1e-6, "{share} vs {direct}");
    // He-initialised weights (up to ~0.4 at width 32) clipped to 0.01: about half sit on the
    // bound after three steps (0.55 measured).
    assert!(share > 0.3, "{share}");
    let gp = block_on(session().snapshot(false));
    assert_eq!(gp.clip_share, None);
}

/// Every snapshot measures the gradient penalty's promise: the mean |‖∇D(x̂)‖ − 1| at fixed
/// interpolates of its own real and generated samples, the number the CLI's probe computes
/// from the critic directly. Training with the penalty brings it down.
#[test]
fn snapshots_report_the_gap_between_the_critics_slope_and_one_at_the_interpolates() {
    use earthmover_core::rng::Rng;
    use earthmover_engine::probes::gradient_norm_gap;
    use earthmover_engine::toy::snapshot::{GAP_PAIRS, GAP_SEED};
    let mut s = Session::new(
        TrainConfig::new().with_width(32).with_lambda(10.0),
        Dataset::Toy(ToyData::EightGaussians),
        &Device::flex(),
        Backend::Cpu,
    )
    .unwrap();
    let gap_of = |s: &mut Session| {
        let snap = block_on(s.snapshot(false));
        let mut rng = Rng::new(GAP_SEED);
        let eps: Vec<f32> = (0..GAP_PAIRS).map(|_| rng.uniform() as f32).collect();
        let direct = gradient_norm_gap(&s.trainer().critic().valid(), &snap.real, &snap.fake, &eps);
        let gap = snap.gp_gap.expect("every toy snapshot reports the gap");
        assert!(
            (gap as f64 - direct).abs() < 1e-4,
            "{gap} vs the probe's {direct}"
        );
        gap
    };
    let start = gap_of(&mut s);
    for _ in 0..300 {
        s.handle(ToWorker::Step(StepKind::Both));
    }
    let trained = gap_of(&mut s);
    assert!(
        trained < 0.5 * start,
        "the penalty pulls ‖∇D‖ to 1: {start} -> {trained}"
    );
}
