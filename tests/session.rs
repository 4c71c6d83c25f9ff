//! The worker's session, driven natively: commands, time-boxed training, snapshots, divergence.

use burn::tensor::Device;
use earthmover::engine::{Dataset, ToyData, TrainConfig};
use earthmover::protocol::{Backend, FromWorker, StepKind, ToWorker};
use earthmover::session::{SNAPSHOT_SAMPLES, SURFACE_RES, Session};
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
    let snap = block_on(s.prepare_snapshot(true).resolve());
    assert_eq!(snap.step, 5);
    assert!(snap.playing);
    assert!(snap.stats.w_estimate.is_finite() && snap.stats.w_estimate != 0.0);
    assert_eq!(snap.fake.len(), 2 * SNAPSHOT_SAMPLES);
    assert_eq!(snap.arrows.len(), 2 * SNAPSHOT_SAMPLES);
    assert_eq!(snap.surface.values.len(), SURFACE_RES * SURFACE_RES);
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
    let refused = s.handle(ToWorker::Configure(
        TrainConfig::new().with_width(32).with_lr_g(-1.0),
    ));
    assert!(matches!(refused, Some(FromWorker::Rejected(m)) if m.contains("lr_g")));
    assert_eq!(s.trainer().config().lr_g, TrainConfig::new().lr_g);
    let refused = s.handle(ToWorker::Reset {
        config: TrainConfig::new().with_batch(0),
        data: Dataset::Toy(ToyData::SwissRoll),
    });
    assert!(matches!(refused, Some(FromWorker::Rejected(m)) if m.contains("batch")));
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
    let good = block_on(s.prepare_snapshot(false).resolve());
    assert!(s.check(&good).is_none());
    s.train(10_000.0, &now);
    assert_eq!(s.trainer().generator_steps(), 6);
    let mut bad = block_on(s.prepare_snapshot(false).resolve());
    bad.stats.w_estimate = f32::NAN;
    let msg = s.check(&bad);
    assert!(
        matches!(msg, Some(FromWorker::Diverged { step: 6, .. })),
        "{msg:?}"
    );
    assert_eq!(s.trainer().generator_steps(), 3, "back at the checkpoint");
    assert!(!s.playing());
    let again = block_on(s.prepare_snapshot(false).resolve());
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
    let before = block_on(s.prepare_snapshot(false).resolve());
    s.move_to(&Device::flex(), Backend::Cpu);
    let after = block_on(s.prepare_snapshot(false).resolve());
    assert_eq!(after.step, 2);
    assert_eq!(after.fake, before.fake);
    s.handle(ToWorker::Step(StepKind::Both));
    assert_eq!(s.trainer().generator_steps(), 3);
}
