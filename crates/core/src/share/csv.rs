//! Pasted CSV of x,y points, validated line by line: every bad row is reported by its line
//! number and nothing the student typed is thrown away silently.

use crate::data::{MAX_USER_POINTS, UserPoints, UserPointsError};

/// A row that could not be read, or (line 0) a problem with the points as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvError {
    /// 1-based line number; 0 for the whole paste.
    pub line: usize,
    /// What is wrong with it, as data: the page says it in the student's language.
    pub problem: CsvProblem,
}

/// What is wrong with a pasted row or paste.
#[derive(Clone, Debug, PartialEq)]
pub enum CsvProblem {
    /// Two numbers, one beyond ±[`MAX_CSV_COORD`].
    OutOfRange,
    /// Two numbers, one NaN or infinite.
    NotFinite,
    /// Two fields that are not both numbers (the row, at most 40 characters).
    NotNumbers(String),
    /// Not two fields: how many there were.
    FieldCount(usize),
    /// More rows than a drawn dataset may have: how many.
    TooMany(usize),
    /// The points as a set are refused.
    Points(UserPointsError),
}

/// The largest coordinate a pasted point may have.
pub const MAX_CSV_COORD: f32 = 100.0;

/// The result of reading pasted text.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedCsv {
    /// The rows that were read.
    pub points: Vec<[f32; 2]>,
    /// The rows that were not, with reasons.
    pub errors: Vec<CsvError>,
}

/// Reads `x,y` rows (comma, semicolon, tab or spaces between the numbers). Blank lines and
/// lines starting with `#` are skipped; a first line that is not numeric (a header such as
/// `x,y`) is skipped too.
pub fn parse_points(text: &str) -> ParsedCsv {
    let mut points = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line
            .split(|c: char| c == ',' || c == ';' || c == '\t' || c.is_whitespace())
            .filter(|f| !f.is_empty())
            .collect();
        let numbers: Vec<Result<f32, _>> = fields.iter().map(|f| f.parse::<f32>()).collect();
        if i == 0 && numbers.iter().all(|n| n.is_err()) {
            continue; // a header
        }
        let problem = match numbers.as_slice() {
            [Ok(x), Ok(y)] if x.is_finite() && y.is_finite() => {
                if x.abs() > MAX_CSV_COORD || y.abs() > MAX_CSV_COORD {
                    CsvProblem::OutOfRange
                } else {
                    points.push([*x, *y]);
                    continue;
                }
            }
            [Ok(_), Ok(_)] => CsvProblem::NotFinite,
            [_, _] => CsvProblem::NotNumbers(line.chars().take(40).collect()),
            _ => CsvProblem::FieldCount(fields.len()),
        };
        errors.push(CsvError {
            line: i + 1,
            problem,
        });
    }
    if points.len() > MAX_USER_POINTS {
        errors.push(CsvError {
            line: 0,
            problem: CsvProblem::TooMany(points.len()),
        });
    }
    ParsedCsv { points, errors }
}

/// Pasted text as a dataset, or every reason it is not one.
pub fn points_from_csv(text: &str, jitter: f32) -> Result<UserPoints, Vec<CsvError>> {
    let parsed = parse_points(text);
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    UserPoints::new(parsed.points, jitter).map_err(|e| {
        vec![CsvError {
            line: 0,
            problem: CsvProblem::Points(e),
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn reads_rows_skips_header_blank_and_comments() {
        let p = parse_points("x,y\n0.5,1\n\n# note\n-1; 2.5\n3\t4\n 5 6 \n");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(
            p.points,
            vec![[0.5, 1.0], [-1.0, 2.5], [3.0, 4.0], [5.0, 6.0]]
        );
    }

    #[test]
    fn bad_rows_are_reported_by_line_number_and_good_rows_kept() {
        let p = parse_points("1,2\n1,2,3\nfoo,bar\nNaN,1\n500,0\n7,8");
        assert_eq!(p.points, vec![[1.0, 2.0], [7.0, 8.0]]);
        let lines: Vec<usize> = p.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5]);
        let problems: Vec<&CsvProblem> = p.errors.iter().map(|e| &e.problem).collect();
        assert_eq!(
            problems,
            [
                &CsvProblem::FieldCount(3),
                &CsvProblem::NotNumbers("foo,bar".into()),
                &CsvProblem::NotFinite,
                &CsvProblem::OutOfRange
            ]
        );
        let err = points_from_csv("1,2\nx", 0.02).unwrap_err();
        assert_eq!(
            err,
            vec![CsvError {
                line: 2,
                problem: CsvProblem::FieldCount(1)
            }]
        );
        assert_eq!(
            points_from_csv("", 0.02).unwrap_err()[0].problem,
            CsvProblem::Points(UserPointsError::Empty)
        );
    }

    #[test]
    fn random_bytes_never_panic_and_every_point_is_valid() {
        let mut rng = Rng::new(77);
        let alphabet = b"0123456789.,;-+eE \t\nabcxyNaNinf#\r";
        for _ in 0..3000 {
            let len = rng.below(80);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.below(10) == 0 {
                        rng.below(256) as u8
                    } else {
                        alphabet[rng.below(alphabet.len())]
                    }
                })
                .collect();
            let text = String::from_utf8_lossy(&bytes);
            let p = parse_points(&text);
            assert!(
                p.points
                    .iter()
                    .flatten()
                    .all(|v| v.is_finite() && v.abs() <= 100.0)
            );
            let _ = points_from_csv(&text, 0.02);
        }
    }
}
