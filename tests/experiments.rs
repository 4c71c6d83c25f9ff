//! What every experiment must do the same way, checked on each of them (as egui's demo test
//! loops over every demo): the warm-up schedule, and divergence reported exactly once.
//!
//! Needs `make mnist` for the digits; `make test` runs it first.

use std::sync::Arc;

use burn::module::Module;
use burn::tensor::Device;
use earthmover_core::config::TrainConfig;
use earthmover_core::data::{Dataset, ToyData};
use earthmover_core::mnist::{MnistArch, MnistConfig};
use earthmover_core::share::mnist::verify;
use earthmover_engine::ToySession as Session;
use earthmover_engine::experiment::Experiment;
use earthmover_engine::mnist::Mnist;
use earthmover_engine::mnist::MnistSession;
use earthmover_engine::params::host_parameters;
use earthmover_engine::toy::Toy2d;
use earthmover_engine::trainer::GanTrainer;
use earthmover_protocol::{Backend, FromWorker, Setup, StepKind, ToWorker, WeightsPurpose};
use futures::executor::block_on;

const ASSET: &str = "www/generated/mnist.bin";

fn asset() -> Vec<u8> {
    std::fs::read(ASSET).unwrap_or_else(|e| panic!("{ASSET}: {e}; run `make mnist` first"))
}

fn weights<E: Experiment>(t: &GanTrainer<E>) -> Vec<Vec<f32>> {
    host_parameters(t.critic())
        .into_iter()
        .chain(host_parameters(t.generator()))
        .map(|h| h.values)
        .collect()
}

/// With the warm-up on, the first generator step is preceded by 100 critic iterations: the
/// run's weights after one step equal, bit for bit, those of the same run without warm-up and
/// n_critic = 100. From step 25 on, n_critic is back (the runs differ).
fn warm_up_is_honoured<E: Experiment>(config: impl Fn(bool, usize) -> E::Config, data: E::Data) {
    let device = Device::flex();
    let mut warm = GanTrainer::<E>::new(config(true, 2), data.clone(), &device).unwrap();
    let mut hundred = GanTrainer::<E>::new(config(false, 100), data.clone(), &device).unwrap();
    let mut plain = GanTrainer::<E>::new(config(false, 2), data, &device).unwrap();
    warm.step().read();
    hundred.step().read();
    plain.step().read();
    assert_eq!(
        weights(&warm),
        weights(&hundred),
        "100 critic iterations first"
    );
    assert_ne!(weights(&warm), weights(&plain), "not the plain n_critic");
}

#[test]
fn every_experiment_honours_the_warm_up() {
    warm_up_is_honoured::<Toy2d>(
        |warmup, n| {
            TrainConfig::new()
                .with_width(16)
                .with_batch(32)
                .with_warmup(warmup)
                .with_n_critic(n)
        },
        Dataset::Toy(ToyData::EightGaussians),
    );
    let digits = Arc::new(verify(&asset()).unwrap());
    warm_up_is_honoured::<Mnist>(
        |warmup, n| {
            MnistConfig::default()
                .with_arch(MnistArch::Mlp)
                .with_batch(4)
                .with_noise_dim(8)
                .with_warmup(warmup)
                .with_n_critic(n)
        },
        digits,
    );
}

/// What the worker does after each command (see `src/worker/main.rs`): a snapshot, checked for
/// divergence; the Diverged messages are counted.
macro_rules! diverges_once {
    ($session:expr, $snapshot:expr) => {{
        let mut s = $session;
        let mut diverged = 0;
        let tick = |s: &mut _, diverged: &mut u32| {
            let snap = $snapshot(&mut *s);
            if let Some(msg) = check(s, &snap) {
                assert!(matches!(msg, FromWorker::Diverged { .. }), "{msg:?}");
                *diverged += 1;
            }
        };
        s.handle(ToWorker::Step(StepKind::Both));
        tick(&mut s, &mut diverged);
        assert_eq!(diverged, 0, "a finite step is the checkpoint");
        // The NaN enters through a step, not through a snapshot.
        assert!(s.handle(ToWorker::InjectNan).is_none());
        s.handle(ToWorker::Step(StepKind::Both));
        tick(&mut s, &mut diverged);
        assert_eq!(diverged, 1);
        assert_eq!(s.trainer().generator_steps(), 1, "back at the checkpoint");
        // A speed change and an export each make a snapshot: neither may report it again.
        s.handle(ToWorker::Speed(2));
        tick(&mut s, &mut diverged);
        assert!(
            s.handle(ToWorker::ExportWeights(WeightsPurpose::Export))
                .is_none()
        );
        let (step, bytes) = block_on(s.prepare_weights().resolve());
        assert_eq!(step, 1);
        assert!(bytes.is_ok());
        tick(&mut s, &mut diverged);
        assert_eq!(diverged, 1, "exactly one Diverged");
        // And the restored run trains on, finitely.
        s.handle(ToWorker::Step(StepKind::Both));
        tick(&mut s, &mut diverged);
        assert_eq!(diverged, 1);
        assert_eq!(s.trainer().generator_steps(), 2);
    }};
}

#[test]
fn a_nan_in_a_toy_step_is_reported_exactly_once() {
    let session = Session::new(
        TrainConfig::new().with_width(16).with_batch(32),
        Dataset::Toy(ToyData::EightGaussians),
        &Device::flex(),
        Backend::Cpu,
    )
    .unwrap();
    fn check(s: &mut Session, snap: &earthmover_protocol::Snapshot) -> Option<FromWorker> {
        s.check(snap)
    }
    diverges_once!(session, |s: &mut Session| block_on(s.snapshot(true)));
}

#[test]
fn a_nan_in_an_mnist_step_is_reported_exactly_once() {
    let config = MnistConfig::default()
        .with_arch(MnistArch::Mlp)
        .with_batch(4);
    let session = MnistSession::start(
        Setup::Mnist {
            config,
            asset: asset(),
        },
        &Device::flex(),
        Backend::Cpu,
    )
    .unwrap();
    fn check(
        s: &mut MnistSession,
        snap: &earthmover_protocol::MnistSnapshot,
    ) -> Option<FromWorker> {
        s.check(snap)
    }
    diverges_once!(session, |s: &mut MnistSession| block_on(s.snapshot(false)));
}

fn host<M: burn::module::Module>(net: &M) -> Vec<Vec<f32>> {
    host_parameters(net).into_iter().map(|h| h.values).collect()
}

/// The generator's weight average on one experiment: after every step it is β_t·(average
/// before) + (1 − β_t)·(generator after), parameter by parameter; it is what is drawn when
/// shown and the generator itself when not; it survives a weights file and a device move bit
/// for bit; the same link gives the same average; and `ema` 0 keeps none.
fn average_is_kept<E: Experiment>(config: impl Fn(f64, bool) -> E::Config, data: E::Data) {
    let device = Device::flex();
    let cfg = config(0.9, true);
    let gan = earthmover_core::experiment::ExperimentConfig::gan(&cfg);
    let mut t = GanTrainer::<E>::new(cfg.clone(), data.clone(), &device).unwrap();
    assert_eq!(host(t.averaged_generator().unwrap()), host(t.generator()));
    for step in 0..4 {
        let before = host(t.averaged_generator().unwrap());
        t.step().read();
        let (g, avg) = (host(t.generator()), host(t.averaged_generator().unwrap()));
        let beta = gan.ema_decay_at(step) as f32;
        let mut worst = 0f32;
        for ((a, b), g) in avg.iter().zip(&before).zip(&g) {
            for ((a, b), g) in a.iter().zip(b).zip(g) {
                worst = worst.max((a - (beta * b + (1.0 - beta) * g)).abs());
            }
        }
        assert!(worst < 1e-6, "step {step}: off by {worst}");
        assert_ne!(avg, g, "step {step}: the average lags the generator");
    }
    // What is drawn: the average when shown, the generator when not.
    let z = t.display_noise(8, 3);
    let shown = earthmover_engine::to_host(t.generate(z.clone()));
    let from_avg =
        earthmover_engine::to_host(E::generate(t.averaged_generator().unwrap(), tensor(&t, &z)));
    assert_eq!(shown, from_avg);
    let mut raw = t.clone();
    raw.reconfigure(config(0.9, false)).unwrap();
    let from_raw =
        earthmover_engine::to_host(E::generate(&raw.generator().valid(), tensor(&t, &z)));
    assert_eq!(earthmover_engine::to_host(raw.generate(z)), from_raw);
    assert_ne!(shown, from_raw);
    // A weights file and a device move keep it.
    let bytes = t.weights_file_blocking().unwrap();
    let back = GanTrainer::<E>::from_weights_file(&bytes, data.clone(), &device).unwrap();
    let avg = host(t.averaged_generator().unwrap());
    assert_eq!(host(back.averaged_generator().unwrap()), avg);
    assert_eq!(
        host(t.to_device(&device).averaged_generator().unwrap()),
        avg
    );
    // The same configuration gives the same average, bit for bit.
    let mut again = GanTrainer::<E>::new(cfg, data.clone(), &device).unwrap();
    for _ in 0..4 {
        again.step().read();
    }
    assert_eq!(host(again.averaged_generator().unwrap()), avg);
    // No average: none is kept or saved, and a file without one still loads.
    let mut none = GanTrainer::<E>::new(config(0.0, true), data.clone(), &device).unwrap();
    none.step().read();
    assert!(none.averaged_generator().is_none());
    let bytes = none.weights_file_blocking().unwrap();
    let back = GanTrainer::<E>::from_weights_file(&bytes, data, &device).unwrap();
    assert!(back.averaged_generator().is_none());
    assert_eq!(host(back.generator()), host(none.generator()));
}

fn tensor<E: Experiment>(t: &GanTrainer<E>, z: &[f32]) -> burn::tensor::Tensor<2> {
    let dim = earthmover_core::experiment::ExperimentConfig::gan(t.config()).noise_dim;
    burn::tensor::Tensor::from_data(
        burn::tensor::TensorData::new(z.to_vec(), [z.len() / dim, dim]),
        t.plain_device(),
    )
}

#[test]
fn every_experiment_keeps_its_generator_weight_average() {
    average_is_kept::<Toy2d>(
        |ema, averaged| {
            TrainConfig::new()
                .with_width(16)
                .with_batch(32)
                .with_ema(ema)
                .with_averaged(averaged)
        },
        Dataset::Toy(ToyData::EightGaussians),
    );
    let digits = Arc::new(verify(&asset()).unwrap());
    average_is_kept::<Mnist>(
        |ema, averaged| {
            MnistConfig::default()
                .with_arch(MnistArch::Mlp)
                .with_batch(4)
                .with_noise_dim(8)
                .with_ema(ema)
                .with_averaged(averaged)
        },
        digits.clone(),
    );
    average_is_kept::<Mnist>(
        |ema, averaged| {
            MnistConfig::default()
                .with_width(4)
                .with_batch(2)
                .with_noise_dim(8)
                .with_ema(ema)
                .with_averaged(averaged)
        },
        digits,
    );
}
