//! Every Lab preset keeps the promise its text makes, within a stated number of generator
//! steps, for 3 seeds: the fast preset's sharp modes, BCE's collapse, clipping's weights piled
//! at ±c, and the paper preset staying exactly the paper's. The Figure 1(a) presets are
//! checked by `tests/figure1a.rs`. A new preset fails here until its promise is written down.
//!
//! The budgets are steps, not seconds: `make bench-web` measures the seconds in the browser.

use burn::module::Module;
use burn::tensor::Device;
use earthmover_core::config::TrainConfig;
use earthmover_core::data::{Dataset, ToyData};
use earthmover_core::metrics::modes::{ModeReport, mode_report};
use earthmover_core::presets::{PRESETS, Preset};
use earthmover_engine::probes::clipped_share;
use earthmover_engine::{Trainer, to_host};

const SEEDS: [u64; 3] = [1, 2, 3];

/// The fast preset: 8 of 8 modes and ≥ 80 % high-quality samples (drawn as the page draws
/// them, from the averaged generator) within this many steps.
const FAST_BUDGET: u64 = 2500;
/// BCE: after step 300, 6 or fewer of the 8 modes covered (the lecture's collapse task),
/// within this many steps.
const BCE_BUDGET: u64 = 600;
/// Clipping: at least half of the critic's weights within 1 % of ±c, within this many steps.
const CLIP_BUDGET: u64 = 100;

fn trainer(p: &Preset, seed: u64) -> Trainer {
    Trainer::new(
        (p.config)().with_seed(seed),
        Dataset::Toy(p.data),
        &Device::flex(),
    )
    .unwrap()
}

fn modes(t: &Trainer, data: &ToyData) -> ModeReport {
    mode_report(&to_host(t.sample_fake(2048, 99)), &data.modes().unwrap())
}

/// The first step, checked every `every`, at which `holds` holds, within `budget`.
fn first_step(
    t: &mut Trainer,
    budget: u64,
    every: u64,
    holds: impl Fn(&Trainer) -> bool,
) -> Option<u64> {
    (1..=budget).find(|&step| {
        t.step();
        step % every == 0 && holds(t)
    })
}

#[test]
fn every_preset_keeps_its_promise_within_its_budget_for_three_seeds() {
    for p in PRESETS {
        match p.id {
            "fast" => {
                let config = (p.config)();
                assert!(
                    config.ema > 0.0 && config.averaged,
                    "the fast preset shows the average"
                );
                for seed in SEEDS {
                    let mut t = trainer(p, seed);
                    let at = first_step(&mut t, FAST_BUDGET, 100, |t| {
                        let r = modes(t, &p.data);
                        r.covered == 8 && r.high_quality >= 0.8
                    });
                    eprintln!("fast, seed {seed}: 8/8 and 80 % HQ at step {at:?}");
                    assert!(at.is_some(), "seed {seed}: {:?}", modes(&t, &p.data));
                }
            }
            "paper" => {
                // Exactly the reference script's settings, and the raw generator it trains.
                assert_eq!((p.config)(), TrainConfig::paper());
                let c = TrainConfig::paper();
                assert_eq!((c.width, c.batch, c.n_critic, c.lambda), (512, 256, 5, 0.1));
                assert_eq!(
                    (c.lr_g, c.lr_d, c.lr_half_life, c.ema),
                    (1e-4, 1e-4, 0, 0.0)
                );
            }
            "bce-collapses" => {
                let config = (p.config)();
                assert!(
                    config.ema == 0.0 && !config.averaged,
                    "a failure is shown raw"
                );
                for seed in SEEDS {
                    let mut t = trainer(p, seed);
                    let at = first_step(&mut t, BCE_BUDGET, 50, |t| {
                        t.generator_steps() > 300 && modes(t, &p.data).covered <= 6
                    });
                    eprintln!("bce-collapses, seed {seed}: 6 or fewer modes at step {at:?}");
                    assert!(at.is_some(), "seed {seed}: {:?}", modes(&t, &p.data));
                }
            }
            "clipping-simple" => {
                let config = (p.config)();
                for seed in SEEDS {
                    let mut t = trainer(p, seed);
                    let at = first_step(&mut t, CLIP_BUDGET, 25, |t| {
                        clipped_share(&t.critic().valid(), config.clip) >= 0.5
                    });
                    eprintln!(
                        "clipping-simple, seed {seed}: half the weights at ±c at step {at:?}"
                    );
                    assert!(
                        at.is_some(),
                        "seed {seed}: {}",
                        clipped_share(&t.critic().valid(), config.clip)
                    );
                }
            }
            // Figure 1(a): the critic's surface, measured in tests/figure1a.rs.
            "clipping-fixed" | "gp-follows" => assert!((p.config)().fixed_generator),
            other => panic!("preset {other} has no promise checked here"),
        }
    }
}
