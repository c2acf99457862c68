//! The program's rules over a card's points: which steps are reached and may be rewarded, and
//! how a purchase turns into points.

use chrono::NaiveDateTime;

use crate::config::LoyaltySettings;

/// Times as the guide prints them: `2019-12-05T12:15:30.583`, UTC.
pub fn wire_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

/// Points for a purchase's net amount: whole points, rounded down per line, so that a line's
/// return takes back exactly what it earned.
pub fn points_for(net_cents: i64, points_per_unit: i64) -> i64 {
    if net_cents <= 0 {
        return 0;
    }
    i64::try_from(i128::from(net_cents) * i128::from(points_per_unit) / 100).unwrap_or(i64::MAX)
}

/// Where a card stands on the program's steps (indexes from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepState {
    pub current: Option<usize>,
    pub next: Option<usize>,
    /// Reached, not forced, and (when rewards do not spend points) not yet rewarded.
    pub availables: Vec<usize>,
}

/// `spendable` points against the steps; `rewarded` says whether a step already has its reward.
pub fn steps(
    program: &LoyaltySettings,
    spendable: i64,
    rewarded: impl Fn(usize) -> bool,
) -> StepState {
    let reached = |value: i64| spendable >= value;
    let indexes = 1..=program.steps.len();
    let current = indexes
        .clone()
        .filter(|&i| reached(program.steps[i - 1].value))
        .max();
    let next = indexes
        .clone()
        .find(|&i| !reached(program.steps[i - 1].value));
    let availables = indexes
        .filter(|&i| {
            let step = &program.steps[i - 1];
            reached(step.value) && !step.forced_use && (program.step_spends_points || !rewarded(i))
        })
        .collect();
    StepState {
        current,
        next,
        availables,
    }
}

/// The first forced step reached (and, when rewards do not spend points, not yet rewarded).
pub fn forced_due(
    program: &LoyaltySettings,
    spendable: i64,
    rewarded: impl Fn(usize) -> bool,
) -> Option<usize> {
    (1..=program.steps.len()).find(|&i| {
        let step = &program.steps[i - 1];
        step.forced_use
            && step.value > 0
            && spendable >= step.value
            && (program.step_spends_points || !rewarded(i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_round_down_per_line() {
        assert_eq!(points_for(228_000, 1), 2280);
        assert_eq!(points_for(1999, 1), 19);
        assert_eq!(points_for(-500, 1), 0);
    }

    #[test]
    fn the_guide_s_program() {
        let program = LoyaltySettings::default();
        let at_130 = steps(&program, 130, |_| false);
        assert_eq!(
            at_130,
            StepState {
                current: None,
                next: Some(1),
                availables: vec![]
            }
        );
        let at_900 = steps(&program, 900, |_| false);
        assert_eq!(
            at_900,
            StepState {
                current: Some(2),
                next: Some(3),
                availables: vec![1, 2]
            }
        );
        assert_eq!(forced_due(&program, 1199, |_| false), None);
        assert_eq!(forced_due(&program, 1200, |_| false), Some(3));
    }
}
