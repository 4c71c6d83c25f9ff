//! The 1D lab's settings in the address (`?view=line&line=data:two,loss:wgan-gp,…`), read with
//! the same lenient codec as every other link ([`crate::share::link`]).

use crate::config::{Activation, LossKind};
use crate::line::{LineConfig, Mixture};
use crate::share::link::{Fields, LinkNotice};

/// The query parameter's name.
pub const PARAM: &str = "line";
/// Longer values are not ours.
const MAX_LEN: usize = 1024;

/// The parameter's value for a configuration and a named mixture.
pub fn encode(c: &LineConfig, data: &str) -> String {
    format!(
        "data:{data},loss:{},width:{},depth:{},act:{},noise_dim:{},batch:{},n_critic:{},lambda:{},clip:{},lr:{},half:{},b1:{},b2:{},warmup:{},ema:{},seed:{}",
        c.loss.name(),
        c.width,
        c.depth,
        c.activation.name(),
        c.noise_dim,
        c.batch,
        c.n_critic,
        c.lambda,
        c.clip,
        c.lr,
        c.lr_half_life,
        c.beta1,
        c.beta2,
        u8::from(c.warmup),
        c.ema,
        c.seed
    )
}

/// What a `line=` value gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub config: LineConfig,
    /// The mixture's preset name (see [`Mixture::preset`]).
    pub data: String,
    pub notices: Vec<LinkNotice>,
}

/// Reads a `line=` value. Never fails: a bad value keeps its default and is named in a notice;
/// settings that do not validate as a whole give the defaults, with a notice.
pub fn decode(value: &str) -> Decoded {
    let mut d = Decoded {
        config: LineConfig::default(),
        data: "two".into(),
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
            "data" => f.named(
                k,
                v,
                |v| Mixture::preset(v).map(|_| v.to_string()),
                &mut d.data,
            ),
            "loss" => f.named(k, v, LossKind::parse, &mut c.loss),
            "width" => f.num(k, v, &mut c.width),
            "depth" => f.num(k, v, &mut c.depth),
            "act" => f.named(k, v, Activation::parse, &mut c.activation),
            "noise_dim" => f.num(k, v, &mut c.noise_dim),
            "batch" => f.num(k, v, &mut c.batch),
            "n_critic" => f.num(k, v, &mut c.n_critic),
            "lambda" => f.num(k, v, &mut c.lambda),
            "clip" => f.num(k, v, &mut c.clip),
            "lr" => f.num(k, v, &mut c.lr),
            "half" => f.num(k, v, &mut c.lr_half_life),
            "b1" => f.num(k, v, &mut c.beta1),
            "b2" => f.num(k, v, &mut c.beta2),
            "warmup" => f.flag(k, v, &mut c.warmup),
            "ema" => f.num(k, v, &mut c.ema),
            "seed" => f.num(k, v, &mut c.seed),
            _ => f.unknown(k),
        }
    }
    d.notices.extend(f.notice());
    if let Err(e) = d.config.validate() {
        d.notices.push(LinkNotice::Invalid(e));
        d.config = LineConfig::default();
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn configurations_round_trip_and_one_bad_value_costs_only_itself() {
        let mut rng = Rng::new(5);
        for _ in 0..300 {
            let c = LineConfig::default()
                .with_loss(LossKind::ALL[rng.below(5)])
                .with_width(1 + rng.below(256))
                .with_lambda(rng.uniform() * 50.0)
                .with_clip(rng.uniform_in(1e-4, 1.0))
                .with_lr(rng.uniform_in(1e-6, 1.0))
                .with_n_critic(1 + rng.below(100))
                .with_lr_half_life(rng.below(2000) as u64)
                .with_warmup(rng.below(2) == 1)
                .with_ema([0.0, 0.99, 0.999][rng.below(3)])
                .with_seed(rng.next_u64());
            let name = Mixture::PRESETS[rng.below(3)];
            let d = decode(&encode(&c, name));
            assert_eq!((d.config, d.data.as_str()), (c, name));
            assert!(d.notices.is_empty());
        }
        let d = decode("data:nine,lr:fast,seed:3");
        assert_eq!(d.config, LineConfig::default().with_seed(3));
        assert_eq!(d.data, "two");
        assert_eq!(d.notices.len(), 1);
        assert_eq!(
            d.notices[0],
            LinkNotice::NotUnderstood(vec!["data".into(), "lr".into()])
        );
        let invalid = decode("width:0");
        assert_eq!(invalid.config, LineConfig::default());
        assert!(matches!(invalid.notices[0], LinkNotice::Invalid(_)));
        for _ in 0..3000 {
            let s: String = (0..rng.below(40))
                .map(|_| b"abc:,0123456789.-_datwo"[rng.below(23)] as char)
                .collect();
            let _ = decode(&s);
        }
    }
}
