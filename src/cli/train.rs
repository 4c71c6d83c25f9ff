//! The `train` and `bench` subcommands' arguments, and the training loop with its report lines.

use std::path::PathBuf;
use std::time::Instant;

use burn::tensor::Device;
use clap::{Args, Parser, Subcommand};
use earthmover_core::config::Activation;
use earthmover_core::config::LossKind;
use earthmover_core::config::OptimizerKind;
use earthmover_core::config::TrainConfig;
use earthmover_core::data::Dataset;
use earthmover_core::data::ToyData;
use earthmover_core::metrics::emd::emd_2d;
use earthmover_core::metrics::modes::mode_report;
use earthmover_core::presets::{PRESETS, Preset};
use earthmover_core::stats::Stats;
use earthmover_engine::Trainer;
use earthmover_engine::probes::{clipped_share, gradient_norm_gap};
use earthmover_engine::to_host;

/// Train GANs on toy 2D data with burn's CPU backend.
#[derive(Parser, Debug)]
#[command(name = "earthmover-cli", version)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Train one run, print metrics, write a PNG.
    Train(Box<TrainArgs>),
    /// Print generator steps/s for the paper's toy config and the fast config.
    Bench(crate::bench::BenchArgs),
    /// The WGAN-GP paper's Figure 1(b): each critic layer's gradient norm on the Swiss roll,
    /// with clipping at c = 0.1, 0.01, 0.001 and with the gradient penalty (8 hidden layers,
    /// 256 wide).
    Layers {
        /// Generator steps before the norms are read.
        #[arg(long, default_value_t = 100)]
        steps: u64,
    },
    /// Train the digit classifier behind the MNIST tab's class histogram and write its weights.
    TrainClassifier(crate::mnist::ClassifierArgs),
    /// Train a WGAN-GP on MNIST digits; prints W, the class histogram and steps/s.
    TrainMnist(Box<crate::mnist::MnistArgs>),
}

/// Training options; unset ones take the fast configuration's defaults.
#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Start from a preset's configuration and data (fast, paper, bce-collapses,
    /// clipping-simple, clipping-fixed, gp-follows); the options below change it.
    #[arg(long)]
    preset: Option<String>,
    /// 8gaussians (the default), 25gaussians, swissroll, ringN, line, blobs2, blobs3.
    #[arg(long)]
    data: Option<String>,
    /// bce, bce-saturating, wgan-clip, wgan-gp (the default), wgan-gp-one-sided.
    #[arg(long)]
    loss: Option<String>,
    /// Generator steps.
    #[arg(long, default_value_t = 2000)]
    steps: u64,
    /// Seed of weights, data and noise.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Start from the WGAN-GP reference toy script's config (width 512, lr 1e-4).
    #[arg(long)]
    paper: bool,
    #[arg(long)]
    width: Option<usize>,
    #[arg(long)]
    depth: Option<usize>,
    /// relu, leaky-relu, tanh.
    #[arg(long)]
    activation: Option<String>,
    #[arg(long)]
    lambda: Option<f64>,
    #[arg(long)]
    clip: Option<f64>,
    #[arg(long)]
    n_critic: Option<usize>,
    #[arg(long)]
    lr_g: Option<f64>,
    #[arg(long)]
    lr_d: Option<f64>,
    /// Adam betas as "b1,b2".
    #[arg(long)]
    betas: Option<String>,
    #[arg(long)]
    batch: Option<usize>,
    /// Halve the learning rates every this many generator steps (0: constant).
    #[arg(long)]
    lr_half_life: Option<u64>,
    #[arg(long)]
    noise_dim: Option<usize>,
    /// adam, rmsprop or sgd, for both networks.
    #[arg(long)]
    optimizer: Option<String>,
    /// WGAN's 100-critic-step warm-up schedule.
    #[arg(long)]
    warmup: bool,
    /// Hold the generator at real + N(0,1) and train the critic alone.
    #[arg(long)]
    fixed_generator: bool,
    /// Print a metrics line every this many generator steps.
    #[arg(long, default_value_t = 100)]
    every: u64,
    /// Where to write the final plot.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print metrics as JSON lines.
    #[arg(long)]
    json: bool,
    /// Whether critic iterations split their batch across two threads, where there are two.
    /// The batches are the same either way; only the rounding of the gradient's sum differs.
    #[arg(long, value_enum, default_value_t = crate::bench::Halves::On)]
    halves: crate::bench::Halves,
}

fn parse_or<T>(
    v: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>, String> {
    v.map(|s| parse(s).ok_or_else(|| format!("unknown {what} '{s}'")))
        .transpose()
}

impl TrainArgs {
    /// The preset named by `--preset`, if one is.
    fn preset(&self) -> Result<Option<&'static Preset>, String> {
        self.preset
            .as_deref()
            .map(|id| {
                PRESETS.iter().find(|p| p.id == id).ok_or_else(|| {
                    let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
                    format!("unknown preset '{id}' (one of {})", ids.join(", "))
                })
            })
            .transpose()
    }

    /// The data: `--data`, else the preset's, else 8 Gaussians.
    pub fn data(&self) -> Result<ToyData, String> {
        match (&self.data, self.preset()?) {
            (Some(d), _) => ToyData::parse(d),
            (None, Some(p)) => Ok(p.data),
            (None, None) => Ok(ToyData::EightGaussians),
        }
    }

    /// The configuration these arguments describe (not yet validated).
    pub fn config(&self) -> Result<TrainConfig, String> {
        let mut c = match (self.preset()?, self.paper) {
            (Some(p), _) => (p.config)(),
            (None, true) => TrainConfig::paper(),
            (None, false) => TrainConfig::new(),
        };
        if let Some(l) = &self.loss {
            c.loss = LossKind::parse(l).ok_or_else(|| format!("unknown loss '{l}'"))?;
        }
        c.seed = self.seed;
        c.warmup |= self.warmup;
        c.fixed_generator |= self.fixed_generator;
        if c.loss == LossKind::Bce || c.loss == LossKind::BceSaturating {
            // The original GAN alternates one D step with one G step.
            c.n_critic = 1;
        }
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { c.$f = v; } )* };
        }
        set!(
            width,
            depth,
            lambda,
            clip,
            n_critic,
            lr_g,
            lr_d,
            batch,
            noise_dim,
            lr_half_life
        );
        if let Some(a) = parse_or(self.activation.as_deref(), Activation::parse, "activation")? {
            c.activation = a;
        }
        if let Some(o) = parse_or(self.optimizer.as_deref(), OptimizerKind::parse, "optimizer")? {
            c.optimizer_g = o;
            c.optimizer_d = o;
        }
        if let Some(b) = &self.betas {
            let parts: Vec<f64> = b
                .split(',')
                .map(|p| {
                    p.trim()
                        .parse::<f64>()
                        .map_err(|_| format!("bad betas '{b}': expected b1,b2"))
                })
                .collect::<Result<_, _>>()?;
            let [b1, b2] = parts[..] else {
                return Err(format!("bad betas '{b}': expected two numbers"));
            };
            c.beta1 = b1;
            c.beta2 = b2;
        }
        Ok(c)
    }
}

/// Metrics of the current state, computed from fixed evaluation samples.
#[derive(serde::Serialize)]
struct Report {
    step: u64,
    #[serde(flatten)]
    stats: Stats,
    modes_covered: Option<usize>,
    modes_total: Option<usize>,
    high_quality: Option<f64>,
    kl_modes: Option<f64>,
    emd: f64,
    /// Mean |‖∇D(x̂)‖ − 1| over fixed interpolates: how well the critic keeps the penalty's
    /// promise of unit gradient norm between real and fake.
    gp_gap: f64,
    /// With weight clipping: the share of critic weights within 1 % of ±c.
    clip_share: Option<f64>,
    steps_per_s: f64,
}

/// Evaluation samples: the same noise and the same real points at every report.
const EVAL_SEED: u64 = 0xE7A1;
const EVAL_MODES_N: usize = 2048;
const EVAL_EMD_N: usize = 256;

fn report(trainer: &Trainer, stats: Stats, steps_per_s: f64) -> Report {
    let fake = to_host(trainer.sample_fake(EVAL_MODES_N, EVAL_SEED));
    let modes = trainer
        .dataset()
        .modes()
        .map(|m| (m.centres.len(), mode_report(&fake, &m)));
    let real = trainer.sample_real(EVAL_EMD_N, EVAL_SEED + 1);
    let emd = emd_2d(&real, &fake[..2 * EVAL_EMD_N]).map_or(f64::NAN, |a| a.w1);
    let eps: Vec<f32> = {
        let mut rng = earthmover_core::rng::Rng::new(EVAL_SEED + 2);
        (0..EVAL_EMD_N).map(|_| rng.uniform() as f32).collect()
    };
    let gp_gap = gradient_norm_gap(trainer.critic(), &real, &fake[..2 * EVAL_EMD_N], &eps);
    let config = trainer.config();
    let clip_share =
        (config.loss == LossKind::WganClip).then(|| clipped_share(trainer.critic(), config.clip));
    Report {
        step: trainer.generator_steps(),
        stats,
        modes_covered: modes.as_ref().map(|m| m.1.covered),
        modes_total: modes.as_ref().map(|m| m.0),
        high_quality: modes.as_ref().map(|m| m.1.high_quality),
        kl_modes: modes.as_ref().and_then(|m| m.1.kl_to_uniform),
        emd,
        gp_gap,
        clip_share,
        steps_per_s,
    }
}

fn print_report(r: &Report, json: bool) {
    if json {
        println!("{}", serde_json::to_string(r).expect("a report serialises"));
        return;
    }
    let modes = match (r.modes_covered, r.modes_total) {
        (Some(c), Some(t)) => format!("{c}/{t}"),
        _ => "-".into(),
    };
    let hq = r
        .high_quality
        .map_or("-".into(), |h| format!("{:.1}%", 100.0 * h));
    let clip = r
        .clip_share
        .map_or(String::new(), |s| format!("  at ±c {:.1}%", 100.0 * s));
    println!(
        "step {:>6}  W {:>8.4}  GP {:>8.5}  modes {:>5}  HQ {:>6}  EMD {:.4}  |‖∇D‖−1| {:.4}{clip}  {:.1} steps/s",
        r.step, r.stats.w_estimate, r.stats.penalty, modes, hq, r.emd, r.gp_gap, r.steps_per_s
    );
}

/// Runs a subcommand.
pub fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Train(args) => train(*args),
        Command::Bench(args) => crate::bench::run(args),
        Command::Layers { steps } => {
            use earthmover_engine::figures::{CURVES, Constraint, layer_norms};
            let device = burn::tensor::Device::flex();
            println!(
                "critic gradient norm per layer (input first) after {steps} steps, Swiss roll"
            );
            for c in CURVES {
                let name = match c {
                    Constraint::Clip(v) => format!("clip c = {v}"),
                    Constraint::Penalty => "gradient penalty".into(),
                };
                let norms: Vec<String> = layer_norms(c, steps, &device)
                    .iter()
                    .map(|v| format!("{v:.1e}"))
                    .collect();
                println!("{name:>17}: {}", norms.join("  "));
            }
            Ok(())
        }
        Command::TrainClassifier(args) => crate::mnist::train_classifier(args),
        Command::TrainMnist(args) => crate::mnist::train_mnist(*args),
    }
}

fn train(args: TrainArgs) -> Result<(), String> {
    let config = args.config()?;
    let data = args.data()?;
    let device = Device::flex();
    let halves = args.halves.on();
    let mut trainer =
        Trainer::new(config, Dataset::Toy(data), &device).map_err(|e| e.to_string())?;
    trainer.split_critic_batch(halves);
    let mut last = Instant::now();
    let mut last_step = 0;
    for step in 1..=args.steps {
        let stats = trainer.step();
        if step % args.every.max(1) == 0 || step == args.steps {
            let stats = stats.read();
            if !stats.w_estimate.is_finite() || !stats.critic_loss.is_finite() {
                return Err(format!(
                    "training diverged at step {step} (a loss is not finite); try a smaller learning rate"
                ));
            }
            let rate = (step - last_step) as f64 / last.elapsed().as_secs_f64();
            print_report(&report(&trainer, stats, rate), args.json);
            last = Instant::now();
            last_step = step;
        }
    }
    if let Some(out) = &args.out {
        crate::plot::write_png(&trainer, out)?;
        if !args.json {
            println!("wrote {}", out.display());
        }
    }
    Ok(())
}
