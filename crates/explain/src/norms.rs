//! L1, L2 and L∞ geometry (lecture slide 8): lengths, the many equally short taxicab paths of L1
//! and the single straight line of L2.

/// Σ |xᵢ|: the taxicab length.
pub fn l1(v: [f64; 2]) -> f64 {
    v[0].abs() + v[1].abs()
}

/// √Σ xᵢ²: the Euclidean length.
pub fn l2(v: [f64; 2]) -> f64 {
    v[0].hypot(v[1])
}

/// max |xᵢ|; NaN when a coordinate is NaN (`f64::max` alone would quietly skip it).
pub fn linf(v: [f64; 2]) -> f64 {
    if v.iter().any(|x| x.is_nan()) {
        return f64::NAN;
    }
    v[0].abs().max(v[1].abs())
}

/// The number of shortest lattice (taxicab) paths with `dx` horizontal and `dy` vertical unit
/// steps: the binomial coefficient C(dx + dy, dx). `None` exactly when it does not fit in u128.
pub fn lattice_paths(dx: u32, dy: u32) -> Option<u128> {
    let (n, k) = (dx as u128 + dy as u128, dx.min(dy) as u128);
    let mut c: u128 = 1;
    for i in 1..=k {
        // C(n−k+i, i) = C(n−k+i−1, i−1) · (n−k+i) / i. Dividing first keeps every intermediate
        // below the result: with g = gcd(c, i), i/g divides n−k+i because the quotient is a whole
        // number and c/g shares no factor with i/g. The partial binomials grow with i, so the
        // only overflow possible is the answer's own.
        let g = gcd(c, i);
        let (c_red, i_red) = (c / g, i / g);
        c = c_red.checked_mul((n - k + i) / i_red)?;
    }
    Some(c)
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The longest staircase [`staircases`] draws: far more than any lattice on a slide.
pub const MAX_STAIRCASE_STEPS: u64 = 4096;

/// A monotone lattice path from `a` to `b` as its corner points, one per unit step.
pub type Path = Vec<[i64; 2]>;

/// Up to three distinct shortest taxicab paths from `a` to `b`: horizontal first, vertical first,
/// and the staircase that hugs the straight line. All have length |Δx| + |Δy|. `None` when that
/// length exceeds [`MAX_STAIRCASE_STEPS`] (a path is one point per step, so a far-away point
/// would otherwise take all memory).
pub fn staircases(a: [i64; 2], b: [i64; 2]) -> Option<Vec<Path>> {
    let (ddx, ddy) = (b[0].checked_sub(a[0])?, b[1].checked_sub(a[1])?);
    if ddx.unsigned_abs().checked_add(ddy.unsigned_abs())? > MAX_STAIRCASE_STEPS {
        return None;
    }
    let (dx, dy) = (ddx.abs(), ddy.abs());
    let (sx, sy) = (ddx.signum(), ddy.signum());
    // Build a path from a rule choosing, at each step, whether to move horizontally.
    let walk = |horizontal: &dyn Fn(i64, i64) -> bool| -> Path {
        let mut p = vec![a];
        let (mut i, mut j) = (0, 0);
        while i < dx || j < dy {
            if j == dy || (i < dx && horizontal(i, j)) {
                i += 1;
            } else {
                j += 1;
            }
            p.push([a[0] + sx * i, a[1] + sy * j]);
        }
        p
    };
    let mut paths = vec![
        walk(&|_, _| true),
        walk(&|_, _| false),
        // Step horizontally while that keeps us on or below the diagonal (i/dx ≤ j/dy).
        walk(&|i, j| (2 * i + 1) * dy <= (2 * j + 1) * dx),
    ];
    let mut unique: Vec<Path> = Vec::new();
    for p in paths.drain(..) {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    Some(unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_by_enumeration(dx: u32, dy: u32) -> u128 {
        if dx == 0 || dy == 0 {
            1
        } else {
            count_by_enumeration(dx - 1, dy) + count_by_enumeration(dx, dy - 1)
        }
    }

    #[test]
    fn path_counts_match_enumeration() {
        for dx in 0..9 {
            for dy in 0..9 {
                assert_eq!(lattice_paths(dx, dy), Some(count_by_enumeration(dx, dy)));
            }
        }
        assert_eq!(lattice_paths(30, 30), Some(118_264_581_564_861_424));
        assert_eq!(lattice_paths(200, 200), None, "overflow is reported");
        // Counts whose intermediate products used to overflow before the division.
        assert_eq!(
            lattice_paths(65, 65),
            Some(95067625827960698145584333020095113100)
        );
        assert_eq!(lattice_paths(66, 66), None);
    }

    #[test]
    fn staircases_are_distinct_shortest_paths_of_length_l1() {
        for a in [[0, 0], [3, -2], [-4, 5]] {
            for b in [[0, 0], [5, 0], [0, -3], [4, 3], [-2, 6], [7, -1]] {
                let paths = staircases(a, b).unwrap();
                let want = lattice_paths(
                    (b[0] - a[0]).unsigned_abs() as u32,
                    (b[1] - a[1]).unsigned_abs() as u32,
                )
                .unwrap();
                assert_eq!(paths.len() as u128, want.min(3), "{a:?}→{b:?}");
                let l1_len = l1([(b[0] - a[0]) as f64, (b[1] - a[1]) as f64]);
                for p in &paths {
                    assert_eq!(p.first(), Some(&a));
                    assert_eq!(p.last(), Some(&b));
                    assert_eq!((p.len() - 1) as f64, l1_len, "length is the L1 distance");
                    for w in p.windows(2) {
                        let step = (w[1][0] - w[0][0]).abs() + (w[1][1] - w[0][1]).abs();
                        assert_eq!(step, 1, "unit lattice steps");
                    }
                }
            }
        }
    }

    #[test]
    fn norms_of_known_vectors() {
        assert_eq!(l1([3.0, -4.0]), 7.0);
        assert_eq!(l2([3.0, -4.0]), 5.0);
        assert_eq!(linf([3.0, -4.0]), 4.0);
        // L∞ ≤ L2 ≤ L1 always.
        let mut rng = earthmover_core::rng::Rng::new(5);
        for _ in 0..1000 {
            let v = [rng.normal(), rng.normal()];
            assert!(linf(v) <= l2(v) + 1e-15 && l2(v) <= l1(v) + 1e-15);
        }
    }
}
