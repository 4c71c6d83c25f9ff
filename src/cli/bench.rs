//! `earthmover-cli bench`: generator steps per second on the CPU backend.

use std::time::Instant;

use burn::tensor::Device;
use clap::Args;
use earthmover_core::config::TrainConfig;
use earthmover_core::data::Dataset;
use earthmover_core::data::ToyData;
use earthmover_core::metrics::emd::emd_2d;
use earthmover_core::mnist::{MnistArch, MnistConfig};
use earthmover_core::rng::Rng;
use earthmover_engine::Trainer;
use earthmover_engine::mnist::MnistTrainer;

/// Benchmark options.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Timed generator steps per configuration.
    #[arg(long, default_value_t = 30)]
    steps: u64,
    /// Untimed steps first (allocator and cache warm-up).
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Only the paper's configuration, at these widths (e.g. `128,512`): what `make bench-web`
    /// sets the browser's rates against.
    #[arg(long, value_delimiter = ',')]
    paper_widths: Vec<usize>,
    /// Whether critic iterations split their batch across two threads (where there are two;
    /// see `earthmover_engine::halves`).
    #[arg(long, value_enum, default_value_t = Halves::On)]
    halves: Halves,
}

/// Whether the toy trainer splits each critic batch across two threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Halves {
    On,
    Off,
}

impl Halves {
    pub fn on(self) -> bool {
        self == Halves::On
    }
}

fn measure(name: &str, config: TrainConfig, args: &BenchArgs) -> Result<f64, String> {
    let device = Device::flex();
    let mut t = Trainer::new(
        config.clone(),
        Dataset::Toy(ToyData::EightGaussians),
        &device,
    )
    .map_err(|e| e.to_string())?;
    let halves = args.halves.on() && earthmover_engine::halves::splits(config.batch);
    t.split_critic_batch(halves);
    for _ in 0..args.warmup {
        t.step().read();
    }
    let start = Instant::now();
    for _ in 0..args.steps {
        t.step();
    }
    // Reading the last step's statistics waits for all queued work.
    let stats = t.step().read();
    let rate = (args.steps + 1) as f64 / start.elapsed().as_secs_f64();
    println!(
        "{name}: width {} depth {} batch {} n_critic {} {:?}, {} thread(s){}: {rate:.2} generator steps/s (W {:.4})",
        config.width,
        config.depth,
        config.batch,
        config.n_critic,
        config.loss,
        earthmover_engine::halves::threads(),
        if halves {
            ", critic batch in halves"
        } else {
            ""
        },
        stats.w_estimate
    );
    Ok(rate)
}

/// The exact EMD between two 256-point sets, the size the Lab and the CLI use.
fn measure_emd() {
    let data = ToyData::EightGaussians;
    let a = data.sample(256, &mut Rng::new(1));
    let b = ToyData::TwentyFiveGaussians.sample(256, &mut Rng::new(2));
    let runs = 20;
    let start = Instant::now();
    let mut w = 0.0;
    for _ in 0..runs {
        w = emd_2d(&a, &b).expect("valid point sets").w1;
    }
    let ms = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    println!("exact EMD, 256 vs 256 points: {ms:.2} ms per solve (W1 {w:.4})");
}

/// MNIST generator steps/s (each with its n_critic critic steps) for the tab's CPU presets.
fn measure_mnist(args: &BenchArgs) -> Result<(), String> {
    let Ok(bytes) = std::fs::read(crate::mnist::DEFAULT_ASSET) else {
        println!(
            "MNIST: no asset at {} (run `make mnist`)",
            crate::mnist::DEFAULT_ASSET
        );
        return Ok(());
    };
    let digits = std::sync::Arc::new(
        earthmover_core::share::mnist::verify(&bytes).map_err(|e| e.to_string())?,
    );
    let device = Device::flex();
    for (name, config) in [
        ("conv D=16 (tab default)", MnistConfig::default()),
        ("MLP", MnistConfig::default().with_arch(MnistArch::Mlp)),
        ("conv D=64 (paper)", MnistConfig::paper()),
    ] {
        let mut t = MnistTrainer::new(config.clone(), digits.clone(), &device)
            .map_err(|e| e.to_string())?;
        t.step().read();
        // The paper's width is slow on a CPU: fewer timed steps.
        let steps = if config.width > 32 {
            3
        } else {
            args.steps.min(20)
        };
        let start = Instant::now();
        for _ in 0..steps {
            t.step();
        }
        t.step().read();
        let rate = (steps + 1) as f64 / start.elapsed().as_secs_f64();
        println!(
            "MNIST {name}: batch {} n_critic {}: {rate:.2} generator steps/s",
            config.batch, config.n_critic
        );
    }
    Ok(())
}

/// Runs both configurations, the EMD solver and the MNIST models (or only the paper's
/// configuration at the widths asked for).
pub fn run(args: BenchArgs) -> Result<(), String> {
    if !args.paper_widths.is_empty() {
        for &w in &args.paper_widths {
            measure(
                &format!("paper at width {w}"),
                TrainConfig::paper().with_width(w),
                &args,
            )?;
        }
        return Ok(());
    }
    measure("paper", TrainConfig::paper(), &args)?;
    measure("fast", TrainConfig::new(), &args)?;
    // The batch `make bench-pytorch` and the README's earlier figures use.
    measure(
        "fast at batch 256",
        TrainConfig::new().with_batch(256),
        &args,
    )?;
    measure_emd();
    measure_mnist(&args)
}
