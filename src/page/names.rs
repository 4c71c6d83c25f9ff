//! Display names of the configuration's enums, in the page's language. Links, files and menus'
//! values keep the enums' own names (`LossKind::name`); only what a student reads is here, so
//! every tab's menu says the same thing.

use earthmover_core::config::LossKind;
use earthmover_core::mnist::config::MnistArch;

/// A loss as a menu shows it.
pub fn loss(l: LossKind) -> &'static str {
    match l {
        LossKind::Bce => tr!("bce", "BCE (비포화 G 손실)"),
        LossKind::BceSaturating => tr!("bce-saturating", "BCE (포화 G 손실)"),
        LossKind::WganClip => tr!("wgan-clip", "WGAN (가중치 클리핑)"),
        LossKind::WganGp => tr!("wgan-gp", "WGAN-GP (그래디언트 페널티)"),
        LossKind::WganGpOneSided => tr!("wgan-gp-one-sided", "WGAN-GP (단측 그래디언트 페널티)"),
    }
}

/// An MNIST network as a menu shows it.
pub fn arch(a: MnistArch) -> &'static str {
    match a {
        MnistArch::Conv => tr!("conv", "합성곱"),
        MnistArch::Mlp => tr!("mlp", "MLP (완전 연결)"),
    }
}
