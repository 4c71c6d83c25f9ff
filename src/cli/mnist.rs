//! The MNIST subcommands: `train-classifier` (makes the committed classifier weights) and
//! `train-mnist` (a native WGAN-GP run on digits, printing the W estimate, the class histogram
//! and steps/s: the MNIST benchmark).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use burn::tensor::Device;
use clap::Args;
use earthmover_core::config::LossKind;
use earthmover_core::metrics::classes::class_report;
use earthmover_core::mnist::{MnistArch, MnistConfig};
use earthmover_core::share::mnist::{Digits, verify};
use earthmover_engine::mnist::MnistTrainer;
use earthmover_engine::mnist::classifier::{Classifier, ClassifierTraining, argmax_rows};
use earthmover_engine::to_host;

/// Where `make mnist` writes the asset.
pub const DEFAULT_ASSET: &str = "www/generated/mnist.bin";

#[derive(Args, Debug)]
pub struct ClassifierArgs {
    /// The MNIST asset (from `make mnist`).
    #[arg(long, default_value = DEFAULT_ASSET)]
    asset: PathBuf,
    /// Where to write the weights.
    #[arg(long, default_value = "src/engine/mnist/classifier.weights")]
    out: PathBuf,
    #[arg(long, default_value_t = ClassifierTraining::default().seed)]
    seed: u64,
    #[arg(long, default_value_t = ClassifierTraining::default().epochs)]
    epochs: usize,
}

#[derive(Args, Debug)]
pub struct MnistArgs {
    #[arg(long, default_value = DEFAULT_ASSET)]
    asset: PathBuf,
    /// Generator steps.
    #[arg(long, default_value_t = 200)]
    steps: u64,
    /// conv or mlp.
    #[arg(long, default_value = "conv")]
    arch: String,
    /// bce, wgan-clip, wgan-gp.
    #[arg(long, default_value = "wgan-gp")]
    loss: String,
    /// D, the conv width.
    #[arg(long, default_value_t = MnistConfig::default().width)]
    width: usize,
    #[arg(long, default_value_t = MnistConfig::default().batch)]
    batch: usize,
    #[arg(long, default_value_t = MnistConfig::default().lr)]
    lr: f64,
    #[arg(long, default_value_t = MnistConfig::default().n_critic)]
    n_critic: usize,
    /// Digits to train on, e.g. "01" (default: all).
    #[arg(long, default_value = "0123456789")]
    digits: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Decay β of the generator's weight average (0: none), which the report's digits are drawn from.
    #[arg(long, default_value_t = MnistConfig::default().ema)]
    ema: f64,
    /// Print a report every this many steps.
    #[arg(long, default_value_t = 50)]
    every: u64,
}

fn load(path: &PathBuf) -> Result<Digits, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: {e} (run `make mnist` first)", path.display()))?;
    verify(&bytes).map_err(|e| e.to_string())
}

pub fn train_classifier(args: ClassifierArgs) -> Result<(), String> {
    let digits = load(&args.asset)?;
    let settings = ClassifierTraining {
        seed: args.seed,
        epochs: args.epochs,
        ..Default::default()
    };
    let start = Instant::now();
    let (net, meta) = Classifier::train(&digits, settings, &Device::flex(), |epoch, loss| {
        println!("epoch {epoch}: mean cross-entropy {loss:.4}");
    });
    println!(
        "held-out accuracy {:.2} % after {:.0} s",
        100.0 * meta.held_out_accuracy,
        start.elapsed().as_secs_f64()
    );
    std::fs::write(&args.out, net.to_file(&meta)?)
        .map_err(|e| format!("{}: {e}", args.out.display()))?;
    println!("wrote {}", args.out.display());
    Ok(())
}

pub fn train_mnist(args: MnistArgs) -> Result<(), String> {
    let digits = Arc::new(load(&args.asset)?);
    let mut mask = 0u16;
    for c in args.digits.chars() {
        let d = c
            .to_digit(10)
            .ok_or(format!("--digits: {c:?} is not a digit"))?;
        mask |= 1 << d;
    }
    let config = MnistConfig::default()
        .with_arch(MnistArch::parse(&args.arch).ok_or("--arch: conv or mlp")?)
        .with_loss(LossKind::parse(&args.loss).ok_or("--loss: bce, wgan-clip or wgan-gp")?)
        .with_width(args.width)
        .with_batch(args.batch)
        .with_lr(args.lr)
        .with_n_critic(args.n_critic)
        .with_digits(mask)
        .with_seed(args.seed)
        .with_ema(args.ema);
    let device = Device::flex();
    let mut trainer =
        MnistTrainer::new(config.clone(), digits, &device).map_err(|e| e.to_string())?;
    let classifier = Classifier::committed(&device)?;
    let (mut last, mut last_step) = (Instant::now(), 0);
    for step in 1..=args.steps {
        let stats = trainer.step();
        if step % args.every.max(1) == 0 || step == args.steps {
            let stats = stats.read();
            if !stats.w_estimate.is_finite() {
                return Err(format!("training diverged at step {step}"));
            }
            let rate = (step - last_step) as f64 / last.elapsed().as_secs_f64();
            let fake = trainer.generate(trainer.display_noise(256, 0xD161));
            let labels = argmax_rows(&to_host(classifier.logits(fake)));
            let report = class_report(&labels, &config.digit_list());
            println!(
                "step {step}: W {:.4}, GP {:.4}, classes present {}, KL {:.3}, counts {:?}, {rate:.2} steps/s",
                stats.w_estimate, stats.penalty, report.present, report.kl_uniform, report.counts
            );
            last = Instant::now();
            last_step = step;
        }
    }
    Ok(())
}
