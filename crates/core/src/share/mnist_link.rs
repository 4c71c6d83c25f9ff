//! The MNIST tab's settings in the address, so a teacher can share "only 0s and 1s with BCE".
//!
//! The Lab owns the hash; the MNIST tab uses one query parameter, `mnist=`, whose value is
//! `key:value` pairs joined by commas, e.g.
//! `mnist=preset:zeros-ones,arch:conv,width:16,loss:bce,lambda:10,clip:0.01,n_critic:5,lr:0.001,batch:50,noise_dim:128,seed:1,digits:01`.
//! Every character is allowed in a query as is. Floats use Rust's shortest round-trip form, so
//! a link gives back the same numbers and the same run on the CPU backend. Decoding never
//! panics and is lenient per setting (see [`decode`]).

use crate::config::LossKind;
use crate::mnist::{MnistArch, MnistConfig};
use crate::share::link::{Fields, LinkNotice};

/// The query parameter's name.
pub const PARAM: &str = "mnist";
/// Longer values are not ours.
const MAX_LEN: usize = 1024;

/// The parameter's value for a configuration and the preset it came from.
pub fn encode(config: &MnistConfig, preset: &str) -> String {
    let digits: String = config.digit_list().iter().map(|d| d.to_string()).collect();
    let c = config;
    // Only when on, so links made before the warm-up existed stay what they were.
    let warmup = if c.warmup { ",warmup:1" } else { "" };
    // Likewise the generator's weight average.
    let average = if c.ema > 0.0 {
        format!(",ema:{},avg:{}", c.ema, u8::from(c.averaged))
    } else {
        String::new()
    };
    format!(
        "preset:{preset},arch:{},width:{},loss:{},lambda:{},clip:{},n_critic:{},lr:{},batch:{},noise_dim:{},seed:{},digits:{digits}{average}{warmup}",
        c.arch.name(),
        c.width,
        c.loss.name(),
        c.lambda,
        c.clip,
        c.n_critic,
        c.lr,
        c.batch,
        c.noise_dim,
        c.seed
    )
}

/// What a link's `mnist=` value gave: the settings to use, the preset it names, and what was
/// wrong with it (empty when it was clean).
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub config: MnistConfig,
    pub preset: Option<String>,
    pub notices: Vec<LinkNotice>,
}

/// The configuration and preset in a parameter's value. Never fails and never panics: like
/// the Lab's link (see [`crate::share::link`]), a bad value keeps its default and is named in a
/// notice, and settings that do not validate as a whole fall back to the defaults.
pub fn decode(value: &str) -> Decoded {
    let mut d = Decoded {
        config: MnistConfig::default(),
        preset: None,
        notices: vec![],
    };
    if value.len() > MAX_LEN {
        d.notices.push(LinkNotice::TooLong);
        return d;
    }
    let c = &mut d.config;
    let mut f = Fields::default();
    for (k, v) in f.split(value, ',', ':') {
        match k {
            "preset" => {
                if v.is_empty()
                    || v.len() > 32
                    || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    f.unknown(k);
                } else {
                    d.preset = Some(v.to_string());
                }
            }
            "arch" => f.named(k, v, MnistArch::parse, &mut c.arch),
            "loss" => f.named(k, v, LossKind::parse, &mut c.loss),
            "width" => f.num(k, v, &mut c.width),
            "lambda" => f.num(k, v, &mut c.lambda),
            "clip" => f.num(k, v, &mut c.clip),
            "n_critic" => f.num(k, v, &mut c.n_critic),
            "lr" => f.num(k, v, &mut c.lr),
            "batch" => f.num(k, v, &mut c.batch),
            "noise_dim" => f.num(k, v, &mut c.noise_dim),
            "seed" => f.num(k, v, &mut c.seed),
            "warmup" => f.flag(k, v, &mut c.warmup),
            "ema" => f.num(k, v, &mut c.ema),
            "avg" => f.flag(k, v, &mut c.averaged),
            "digits" => f.named(k, v, parse_digits, &mut c.digits),
            _ => f.unknown(k),
        }
    }
    d.notices.extend(f.notice());
    // As in the Lab's links: no `ema`, no average, and the raw generator is shown.
    if !value.is_empty() && !value.split(',').any(|kv| kv.starts_with("ema:")) {
        d.config.ema = 0.0;
    }
    if d.config.ema == 0.0 {
        d.config.averaged = false;
    }
    if let Err(e) = d.config.validate() {
        d.notices.push(LinkNotice::Invalid(e));
        d.config = MnistConfig::default();
    }
    d
}

/// `0123…` as a bit mask (bit d = digit d).
fn parse_digits(v: &str) -> Option<u16> {
    v.chars()
        .map(|ch| ch.to_digit(10).map(|d| 1u16 << d))
        .try_fold(0u16, |mask, bit| Some(mask | bit?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn random_config(rng: &mut Rng) -> MnistConfig {
        let pick = |rng: &mut Rng, n: usize| rng.below(n);
        let c = MnistConfig::default()
            .with_arch(MnistArch::ALL[pick(rng, 2)])
            .with_loss([LossKind::WganGp, LossKind::WganClip, LossKind::Bce][pick(rng, 3)])
            .with_width(4 + pick(rng, 125))
            .with_lambda(rng.uniform() * 100.0)
            .with_clip(rng.uniform_in(1e-4, 1.0))
            .with_n_critic(1 + pick(rng, 100))
            .with_lr(rng.uniform_in(1e-6, 1.0))
            .with_batch(1 + pick(rng, 512))
            .with_noise_dim(1 + pick(rng, 512))
            .with_seed(rng.next_u64())
            .with_digits(1 + pick(rng, 1023) as u16)
            .with_warmup(pick(rng, 2) == 1)
            .with_ema([0.0, 0.9, 0.99, 0.999][pick(rng, 4)])
            .with_averaged(pick(rng, 2) == 1);
        let averaged = c.averaged && c.ema > 0.0;
        c.with_averaged(averaged)
    }

    #[test]
    fn random_configurations_round_trip_exactly() {
        let mut rng = Rng::new(12);
        for _ in 0..500 {
            let c = random_config(&mut rng);
            c.validate().unwrap();
            let d = decode(&encode(&c, "mlp"));
            assert_eq!(d.config, c);
            assert_eq!(d.preset.as_deref(), Some("mlp"));
            assert!(d.notices.is_empty(), "{:?}", d.notices);
        }
    }

    #[test]
    fn bad_values_are_skipped_with_a_notice_and_random_text_never_panics() {
        for (value, says) in [
            ("width:2", "width"),
            ("lr:fast", "lr"),
            ("digits:", "digits"),
            ("digits:0a", "digits"),
            ("loss:magic", "loss"),
            ("preset:<script>", "preset"),
            ("colour:red", "colour"),
            ("width", "width"),
            ("warmup:yes", "warmup"),
        ] {
            let d = decode(value);
            // A link without `ema` keeps no average (see `decode`); an invalid one falls back
            // to the defaults, average included.
            let plain = MnistConfig::default().with_ema(0.0).with_averaged(false);
            let invalid = matches!(d.notices.first(), Some(LinkNotice::Invalid(_)));
            let want = if invalid {
                MnistConfig::default()
            } else {
                plain
            };
            assert_eq!(d.config, want, "{value}");
            assert_eq!(d.notices.len(), 1, "{value}: {:?}", d.notices);
            assert!(d.notices[0].names(says), "{value}: {:?}", d.notices);
        }
        // One bad value costs only itself: the rest of the link is read.
        let d = decode("width:8,lr:fast,seed:9,digits:01");
        assert_eq!(
            d.config,
            MnistConfig::default()
                .with_ema(0.0)
                .with_averaged(false)
                .with_width(8)
                .with_seed(9)
                .with_digits(0b11)
        );
        assert!(d.notices[0].names("lr") && !d.notices[0].names("seed"));
        let clean = decode("");
        assert_eq!((clean.config, clean.preset), (MnistConfig::default(), None));
        assert!(clean.notices.is_empty());
        // A link made before the warm-up and the weight average existed says nothing about
        // them, and opens as it did.
        let old = "preset:paper,arch:conv,width:16,loss:wgan-gp,lambda:10,clip:0.01,n_critic:5,lr:0.001,batch:50,noise_dim:128,seed:1,digits:0123456789";
        let plain = MnistConfig::default().with_ema(0.0).with_averaged(false);
        let then = plain.clone().with_n_critic(5).with_batch(50);
        assert_eq!(decode(old).config, then);
        assert_eq!(encode(&then, "paper"), old);
        assert_eq!(decode("digits:01").config, plain.clone().with_digits(0b11));
        let averaged = encode(&MnistConfig::default(), "fast");
        assert!(averaged.contains(",ema:0.99,avg:1"), "{averaged}");
        assert_eq!(decode(&averaged).config, MnistConfig::default());
        let mut rng = Rng::new(3);
        for _ in 0..5000 {
            let s: String = (0..rng.below(40))
                .map(|_| b"abc:,0123456789.-_xyzdigitslr"[rng.below(29)] as char)
                .collect();
            let _ = decode(&s);
        }
        assert!(!decode(&"a".repeat(5000)).notices.is_empty());
    }
}
