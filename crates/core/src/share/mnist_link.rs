//! The MNIST tab's settings in the address, so a teacher can share "only 0s and 1s with BCE".
//!
//! The Lab owns the hash; the MNIST tab uses one query parameter, `mnist=`, whose value is
//! `key:value` pairs joined by commas, e.g.
//! `mnist=preset:zeros-ones,arch:conv,width:16,loss:bce,lambda:10,clip:0.01,n_critic:5,lr:0.001,batch:50,noise_dim:128,seed:1,digits:01`.
//! Every character is allowed in a query as is. Floats use Rust's shortest round-trip form, so
//! a link gives back the same numbers and the same run on the CPU backend. Decoding never
//! panics: a value that does not parse, or a whole that does not validate, is an error message
//! and the page keeps its defaults.

use crate::config::LossKind;
use crate::mnist::{MnistArch, MnistConfig};

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
    format!(
        "preset:{preset},arch:{},width:{},loss:{},lambda:{},clip:{},n_critic:{},lr:{},batch:{},noise_dim:{},seed:{},digits:{digits}{warmup}",
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

/// The configuration and preset in a parameter's value. Missing keys keep their defaults.
pub fn decode(value: &str) -> Result<(MnistConfig, Option<String>), String> {
    if value.len() > MAX_LEN {
        return Err("the MNIST settings in the link are too long".into());
    }
    let mut c = MnistConfig::default();
    let mut preset = None;
    for pair in value.split(',').filter(|p| !p.is_empty()) {
        let (key, v) = pair
            .split_once(':')
            .ok_or_else(|| format!("“{pair}” is not key:value"))?;
        let bad = || format!("{key}: “{v}” is not a valid value");
        let num = || v.parse::<f64>().map_err(|_| bad());
        let int = || v.parse::<usize>().map_err(|_| bad());
        match key {
            "preset" => {
                if v.is_empty()
                    || v.len() > 32
                    || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    return Err(bad());
                }
                preset = Some(v.to_string());
            }
            "arch" => c.arch = MnistArch::parse(v).ok_or_else(bad)?,
            "loss" => c.loss = LossKind::parse(v).ok_or_else(bad)?,
            "width" => c.width = int()?,
            "lambda" => c.lambda = num()?,
            "clip" => c.clip = num()?,
            "n_critic" => c.n_critic = int()?,
            "lr" => c.lr = num()?,
            "batch" => c.batch = int()?,
            "noise_dim" => c.noise_dim = int()?,
            "seed" => c.seed = v.parse::<u64>().map_err(|_| bad())?,
            "warmup" => {
                c.warmup = match v {
                    "0" => false,
                    "1" => true,
                    _ => return Err(bad()),
                }
            }
            "digits" => {
                let mut mask = 0u16;
                for ch in v.chars() {
                    mask |= 1 << ch.to_digit(10).ok_or_else(bad)?;
                }
                c.digits = mask;
            }
            _ => return Err(format!("unknown setting “{key}”")),
        }
    }
    c.validate().map_err(|e| e.to_string())?;
    Ok((c, preset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn random_config(rng: &mut Rng) -> MnistConfig {
        let pick = |rng: &mut Rng, n: usize| rng.below(n);
        MnistConfig::default()
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
    }

    #[test]
    fn random_configurations_round_trip_exactly() {
        let mut rng = Rng::new(12);
        for _ in 0..500 {
            let c = random_config(&mut rng);
            c.validate().unwrap();
            let (back, preset) = decode(&encode(&c, "mlp")).unwrap();
            assert_eq!(back, c);
            assert_eq!(preset.as_deref(), Some("mlp"));
        }
    }

    #[test]
    fn bad_values_are_messages_and_random_text_never_panics() {
        for (value, says) in [
            ("width:2", "width"),
            ("lr:fast", "lr"),
            ("digits:", "digits"),
            ("digits:0a", "digits"),
            ("loss:magic", "loss"),
            ("preset:<script>", "preset"),
            ("colour:red", "unknown"),
            ("width", "key:value"),
            ("warmup:yes", "warmup"),
        ] {
            let e = decode(value).unwrap_err();
            assert!(e.contains(says), "{value}: {e}");
        }
        assert_eq!(decode("").unwrap(), (MnistConfig::default(), None));
        // A link made before the warm-up existed says nothing about it, and opens as it did.
        let old = "preset:paper,arch:conv,width:16,loss:wgan-gp,lambda:10,clip:0.01,n_critic:5,lr:0.001,batch:50,noise_dim:128,seed:1,digits:0123456789";
        assert_eq!(decode(old).unwrap().0, MnistConfig::default());
        assert_eq!(encode(&MnistConfig::default(), "paper"), old);
        assert_eq!(
            decode("digits:01").unwrap().0,
            MnistConfig::default().with_digits(0b11)
        );
        let mut rng = Rng::new(3);
        for _ in 0..5000 {
            let s: String = (0..rng.below(40))
                .map(|_| b"abc:,0123456789.-_xyzdigitslr"[rng.below(29)] as char)
                .collect();
            let _ = decode(&s);
        }
        assert!(decode(&"a".repeat(5000)).is_err());
    }
}
