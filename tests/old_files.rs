//! Weights files and links saved by an older version of the app (see `tests/fixtures/`) still
//! open, with the settings they were saved with, in the version under test.

use std::sync::Arc;

use burn::tensor::Device;
use earthmover_core::config::{LossKind, OptimizerKind, TrainConfig};
use earthmover_core::data::{Dataset, ToyData};
use earthmover_core::mnist::{MnistArch, MnistConfig};
use earthmover_core::share::{mnist, mnist_link, url, weights};
use earthmover_engine::Trainer;
use earthmover_engine::mnist::MnistTrainer;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/{name}")).unwrap()
}

/// The Lab configuration the fixtures were saved with (in the defaults of their day: batch 256,
/// both learning rates 2e-3 halved every 600 steps). They predate the generator's weight
/// average: the link opens without one, as it was made; the weights file, whose settings are
/// read with today's defaults for missing fields, starts one from its generator.
fn lab_config() -> TrainConfig {
    TrainConfig::new()
        .with_batch(256)
        .with_lr_d(2e-3)
        .with_lr_half_life(600)
        .with_ema(0.0)
        .with_averaged(false)
        .with_width(8)
        .with_depth(2)
        .with_loss(LossKind::WganClip)
        .with_optimizer_g(OptimizerKind::RmsProp)
        .with_optimizer_d(OptimizerKind::RmsProp)
        .with_seed(7)
}

#[test]
fn an_old_lab_weights_file_loads_with_its_settings_and_step() {
    let bytes = fixture("lab-rmsprop-step3.weights");
    // Written when RMSProp was spelled `rms-prop` in JSON.
    assert!(bytes.windows(8).any(|w| w == b"rms-prop"));
    let meta = weights::meta(&bytes).unwrap();
    let saved = lab_config()
        .with_ema(TrainConfig::new().ema)
        .with_averaged(true);
    assert_eq!((meta.config, meta.step), (saved.clone(), 3));
    let data = Dataset::Toy(ToyData::EightGaussians);
    let t = Trainer::from_weights_file(&bytes, data.clone(), &Device::flex()).unwrap();
    assert_eq!(t.generator_steps(), 3);
    // Its networks are the run's after 3 steps: the same run retrained from its seed.
    let mut again = Trainer::new(saved.clone(), data, &Device::flex()).unwrap();
    for _ in 0..3 {
        again.step();
    }
    assert_eq!(
        again.weights_file_blocking().unwrap().len(),
        t.weights_file_blocking().unwrap().len()
    );
    let a = earthmover_engine::params::host_parameters(again.critic());
    let b = earthmover_engine::params::host_parameters(t.critic());
    assert_eq!(a, b, "the critic's weights are the ones saved");
    // The file has no average: the run's starts as the generator it saved.
    assert_eq!(
        earthmover_engine::params::host_parameters(t.averaged_generator().unwrap()),
        earthmover_engine::params::host_parameters(t.generator())
    );
    // Saved again, it now says `rmsprop`, and loads as well.
    let resaved = t.weights_file_blocking().unwrap();
    assert!(!resaved.windows(8).any(|w| w == b"rms-prop"));
    assert_eq!(weights::meta(&resaved).unwrap().config, saved);
}

#[test]
fn an_old_mnist_weights_file_loads_with_its_settings_and_step() {
    let bytes = fixture("mnist-conv-step2.weights");
    let meta = weights::read::<MnistConfig>(&bytes).unwrap();
    // The defaults of its day: n_critic 5, batch 50.
    let want = MnistConfig::default()
        .with_n_critic(5)
        .with_batch(50)
        .with_arch(MnistArch::Conv)
        .with_width(4)
        .with_noise_dim(8)
        .with_loss(LossKind::WganClip)
        .with_digits(0b101)
        .with_seed(5);
    assert_eq!((meta.config.clone(), meta.step), (want, 2));
    let asset = std::fs::read("www/generated/mnist.bin").expect("run `make mnist` first");
    let digits = Arc::new(mnist::verify(&asset).unwrap());
    let t = MnistTrainer::from_weights_file(&bytes, digits, &Device::flex()).unwrap();
    assert_eq!((t.generator_steps(), t.config()), (2, &meta.config));
}

#[test]
fn old_links_open_without_a_notice() {
    let link = String::from_utf8(fixture("lab-link.txt")).unwrap();
    let decoded = url::decode(&link);
    assert!(decoded.notices.is_empty(), "{:?}", decoded.notices);
    assert_eq!(decoded.state.config, lab_config());
    assert_eq!(decoded.state.data, Dataset::Toy(ToyData::EightGaussians));
    // And the link the app writes for it today is the same link.
    assert_eq!(url::encode(&decoded.state), link);

    let link = String::from_utf8(fixture("mnist-link.txt")).unwrap();
    let d = mnist_link::decode(&link);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let (config, preset) = (d.config, d.preset);
    assert_eq!(preset.as_deref(), Some("clip"));
    assert_eq!((config.width, config.digits, config.seed), (4, 0b101, 5));
    assert_eq!(mnist_link::encode(&config, "clip"), link);
}
