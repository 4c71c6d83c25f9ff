//! The whole Lab state in the URL hash, so a link reproduces a run.
//!
//! Format: `#v=1&data=8gaussians&loss=wgan-gp&width=128&…&seed=1&layers=surface,real,fake`,
//! every value plain ASCII. Floats are written in Rust's shortest round-trip form, so decoding
//! gives back bit-identical numbers and the same run step for step on the CPU backend.
//! Decoding never fails: unknown keys and bad values are skipped with a notice, and a state that
//! does not validate as a whole falls back to the defaults, also with a notice.

use crate::config::{Activation, LossKind, OptimizerKind, TrainConfig};
use crate::data::{DEFAULT_JITTER, Dataset, ToyData, UserPoints};
use crate::share::link::{Fields, LinkNotice};

/// Everything a shared link carries.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareState {
    /// The run's hyperparameters and seed.
    pub config: TrainConfig,
    /// The real data, drawn points included.
    pub data: Dataset,
    /// The plot layers that are switched on, by name.
    pub layers: Vec<String>,
    /// Controls a classroom link hides, by name.
    pub hidden: Vec<String>,
    /// The preset the state came from, if any.
    pub preset: Option<String>,
}

impl Default for ShareState {
    fn default() -> Self {
        Self {
            config: TrainConfig::new(),
            data: Dataset::Toy(ToyData::EightGaussians),
            layers: default_layers(),
            hidden: vec![],
            preset: None,
        }
    }
}

/// The layers shown on a fresh page.
pub fn default_layers() -> Vec<String> {
    ["surface", "real", "fake", "arrows"]
        .map(String::from)
        .to_vec()
}

fn list(v: &[String]) -> String {
    v.join(",")
}

fn names(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 32
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(String::from)
        .collect()
}

/// Writes `state` as a URL hash (with the leading `#`).
pub fn encode(state: &ShareState) -> String {
    let c = &state.config;
    let mut kv: Vec<(&str, String)> = vec![("v", "1".into())];
    match &state.data {
        Dataset::Toy(t) => kv.push(("data", t.name())),
        Dataset::User(u) => {
            kv.push(("data", "points".into()));
            let pts: Vec<String> = u
                .points()
                .iter()
                .map(|p| format!("{},{}", p[0], p[1]))
                .collect();
            kv.push(("pts", pts.join(";")));
            kv.push(("jitter", u.jitter().to_string()));
        }
    }
    kv.extend([
        ("loss", c.loss.name().to_string()),
        ("width", c.width.to_string()),
        ("depth", c.depth.to_string()),
        ("act", c.activation.name().to_string()),
        ("noise", c.noise_dim.to_string()),
        ("batch", c.batch.to_string()),
        ("ncritic", c.n_critic.to_string()),
        ("lambda", c.lambda.to_string()),
        ("clip", c.clip.to_string()),
        ("lrg", c.lr_g.to_string()),
        ("lrd", c.lr_d.to_string()),
        ("b1", c.beta1.to_string()),
        ("b2", c.beta2.to_string()),
        ("optg", c.optimizer_g.name().to_string()),
        ("optd", c.optimizer_d.name().to_string()),
        ("half", c.lr_half_life.to_string()),
        ("warmup", u8::from(c.warmup).to_string()),
        ("fixedg", u8::from(c.fixed_generator).to_string()),
        ("seed", c.seed.to_string()),
    ]);
    // Only with an average, so links made before it existed stay what they were.
    if c.ema > 0.0 {
        kv.extend([
            ("ema", c.ema.to_string()),
            ("avg", u8::from(c.averaged).to_string()),
        ]);
    }
    kv.push(("layers", list(&state.layers)));
    if !state.hidden.is_empty() {
        kv.push(("hide", list(&state.hidden)));
    }
    if let Some(p) = &state.preset {
        kv.push(("preset", p.clone()));
    }
    let body: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("#{}", body.join("&"))
}

/// The decoded state and what was wrong with the hash, if anything.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The state to use.
    pub state: ShareState,
    /// Sentences for the notice bar; empty when the hash was clean.
    pub notices: Vec<LinkNotice>,
}

fn parse_points(s: &str) -> Option<Vec<[f32; 2]>> {
    s.split(';')
        .map(|p| {
            let (x, y) = p.split_once(',')?;
            Some([x.parse().ok()?, y.parse().ok()?])
        })
        .collect()
}

/// Reads a URL hash (with or without the leading `#`). Never panics.
pub fn decode(hash: &str) -> Decoded {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let mut state = ShareState::default();
    let mut notices = Vec::new();
    if hash.is_empty() {
        return Decoded { state, notices };
    }
    if hash.len() > 200_000 {
        notices.push(LinkNotice::TooLong);
        return Decoded { state, notices };
    }
    let c = &mut state.config;
    let (mut data_name, mut pts, mut jitter) = (None, None, DEFAULT_JITTER);
    let mut f = Fields::default();
    for (k, v) in f.split(hash, '&', '=') {
        match k {
            "v" => {}
            "data" => data_name = Some(v.to_string()),
            "pts" => pts = Some(v.to_string()),
            "jitter" => f.num(k, v, &mut jitter),
            "loss" => f.named(k, v, LossKind::parse, &mut c.loss),
            "width" => f.num(k, v, &mut c.width),
            "depth" => f.num(k, v, &mut c.depth),
            "act" => f.named(k, v, Activation::parse, &mut c.activation),
            "noise" => f.num(k, v, &mut c.noise_dim),
            "batch" => f.num(k, v, &mut c.batch),
            "ncritic" => f.num(k, v, &mut c.n_critic),
            "lambda" => f.num(k, v, &mut c.lambda),
            "clip" => f.num(k, v, &mut c.clip),
            "lrg" => f.num(k, v, &mut c.lr_g),
            "lrd" => f.num(k, v, &mut c.lr_d),
            "b1" => f.num(k, v, &mut c.beta1),
            "b2" => f.num(k, v, &mut c.beta2),
            "optg" => f.named(k, v, OptimizerKind::parse, &mut c.optimizer_g),
            "optd" => f.named(k, v, OptimizerKind::parse, &mut c.optimizer_d),
            "half" => f.num(k, v, &mut c.lr_half_life),
            "warmup" => f.flag(k, v, &mut c.warmup),
            "fixedg" => f.flag(k, v, &mut c.fixed_generator),
            "seed" => f.num(k, v, &mut c.seed),
            "ema" => f.num(k, v, &mut c.ema),
            "avg" => f.flag(k, v, &mut c.averaged),
            "layers" => state.layers = names(v),
            "hide" => state.hidden = names(v),
            "preset" => state.preset = names(v).into_iter().next(),
            _ => f.unknown(k),
        }
    }
    match data_name.as_deref() {
        None => {}
        Some("points") => match pts.as_deref().and_then(parse_points) {
            Some(p) => match UserPoints::new(p, jitter) {
                Ok(u) => state.data = Dataset::User(u),
                Err(e) => notices.push(LinkNotice::PointsUnusable(e)),
            },
            None => notices.push(LinkNotice::PointsGarbled),
        },
        Some(name) => match ToyData::parse(name) {
            Ok(t) => state.data = Dataset::Toy(t),
            Err(_) => notices.push(LinkNotice::UnknownData(name.chars().take(40).collect())),
        },
    }
    notices.extend(f.notice());
    // A whole link (the app writes `v=1` first) without `ema` keeps no average: it was made
    // before there was one, or with none. A partial, hand-made hash keeps the default average.
    // With no average the raw generator is what is shown.
    let keys = || {
        hash.split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, _)| k)
    };
    if keys().any(|k| k == "v") && !keys().any(|k| k == "ema") {
        state.config.ema = 0.0;
    }
    if state.config.ema == 0.0 {
        state.config.averaged = false;
    }
    if let Err(e) = state.config.validate() {
        notices.push(LinkNotice::Invalid(e));
        state.config = TrainConfig::new();
    }
    Decoded { state, notices }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn random_state(rng: &mut Rng) -> ShareState {
        let pick = |rng: &mut Rng, n: usize| rng.below(n);
        let mut c = TrainConfig::new();
        c.loss = LossKind::ALL[pick(rng, 5)];
        c.width = 1 + pick(rng, 1024);
        c.depth = 1 + pick(rng, 8);
        c.activation = Activation::ALL[pick(rng, 3)];
        c.noise_dim = 1 + pick(rng, 64);
        c.batch = 1 + pick(rng, 4096);
        c.n_critic = 1 + pick(rng, 100);
        c.lambda = rng.uniform() * 20.0;
        c.clip = 1e-4 + rng.uniform();
        c.lr_g = 1e-6 + rng.uniform() * 1e-2;
        c.lr_d = 1e-6 + rng.uniform() * 1e-2;
        c.beta1 = rng.uniform() * 0.99;
        c.beta2 = rng.uniform() * 0.999;
        c.optimizer_g = OptimizerKind::ALL[pick(rng, 3)];
        c.optimizer_d = OptimizerKind::ALL[pick(rng, 3)];
        c.lr_half_life = rng.next_u64() % 5000;
        c.warmup = rng.below(2) == 1;
        c.fixed_generator = rng.below(2) == 1;
        c.seed = rng.next_u64();
        c.ema = [0.0, 0.9, 0.99, 0.999][pick(rng, 4)];
        c.averaged = c.ema > 0.0 && rng.below(2) == 1;
        let data = match pick(rng, 4) {
            0 => Dataset::Toy(ToyData::TwentyFiveGaussians),
            1 => Dataset::Toy(ToyData::Ring {
                modes: 1 + pick(rng, 64),
            }),
            2 => Dataset::Toy(ToyData::Blobs {
                count: 2 + pick(rng, 2),
            }),
            _ => {
                let n = 1 + pick(rng, 50);
                let pts = (0..n)
                    .map(|_| [rng.uniform_in(-3.0, 3.0) as f32, rng.normal() as f32])
                    .collect();
                Dataset::User(UserPoints::new(pts, rng.uniform() as f32 * 0.1).unwrap())
            }
        };
        let layers: Vec<String> = [
            "surface", "real", "fake", "arrows", "gradnorm", "interp", "manifold", "matching",
        ]
        .iter()
        .filter(|_| rng.below(2) == 1)
        .map(|s| s.to_string())
        .collect();
        ShareState {
            config: c,
            data,
            layers,
            hidden: if rng.below(2) == 1 {
                vec!["loss".into(), "lr_g".into()]
            } else {
                vec![]
            },
            preset: if rng.below(2) == 1 {
                Some("paper".into())
            } else {
                None
            },
        }
    }

    #[test]
    fn random_states_round_trip_exactly() {
        let mut rng = Rng::new(2024);
        for _ in 0..500 {
            let s = random_state(&mut rng);
            s.config.validate().unwrap();
            let d = decode(&encode(&s));
            assert!(d.notices.is_empty(), "{:?} for {}", d.notices, encode(&s));
            assert_eq!(d.state, s, "{}", encode(&s));
        }
    }

    #[test]
    fn garbage_hashes_give_defaults_and_a_notice_never_a_panic() {
        for h in [
            "#%%%&&&==",
            "#width=-3",
            "#width=0",
            "#lrg=NaN",
            "#data=moons",
            "#data=points&pts=1,2;x",
            "#data=points&pts=",
            "#loss=wgan&zzz=1",
            "#\u{1F600}=\u{1F600}",
            "#=&=&=",
        ] {
            let d = decode(h);
            assert!(!d.notices.is_empty(), "{h} gave no notice");
            d.state.config.validate().unwrap();
        }
        assert!(decode("").notices.is_empty());
        assert_eq!(decode("#").state, ShareState::default());
        let mut rng = Rng::new(5);
        for _ in 0..2000 {
            let len = rng.below(120);
            let bytes: Vec<u8> = (0..len).map(|_| rng.below(128) as u8).collect();
            let d = decode(&String::from_utf8_lossy(&bytes));
            d.state.config.validate().unwrap();
        }
    }

    #[test]
    fn a_whole_link_without_an_average_opens_without_one_and_a_partial_hash_keeps_it() {
        let state = ShareState {
            config: TrainConfig::paper(),
            ..Default::default()
        };
        let link = encode(&state);
        assert!(!link.contains("ema="), "{link}");
        let d = decode(&link).state.config;
        assert_eq!((d.ema, d.averaged), (0.0, false));
        assert_eq!(d, TrainConfig::paper());
        let partial = decode("#data=25gaussians&seed=3").state.config;
        assert_eq!((partial.ema, partial.averaged), (0.99, true));
        assert!(encode(&ShareState::default()).contains("&ema=0.99&avg=1"));
    }

    #[test]
    fn an_invalid_but_well_formed_state_falls_back_to_defaults() {
        let d = decode("#width=0&seed=5");
        assert_eq!(d.state.config, TrainConfig::new());
        assert!(d.notices[0].names("width"), "{:?}", d.notices);
        assert!(matches!(d.notices[0], LinkNotice::Invalid(_)));
    }
}
