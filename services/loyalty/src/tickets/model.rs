//! How a ticket's lines share what amount vouchers deduct, and what a return takes back.

use platform::codes::loyalty::OperationType;

/// Purchases earn points and count in the purchase amount.
pub fn is_purchase(op: OperationType) -> bool {
    matches!(op, OperationType::Achat0 | OperationType::Achat1)
}

/// `deducted` cents taken off the purchases in the ticket's order, each line down to zero at
/// most: the net amount of each line, on which its points are counted.
pub fn allocate(amounts: &[i64], deducted: i64) -> Vec<i64> {
    let mut left = deducted.max(0);
    amounts
        .iter()
        .map(|&amount| {
            let taken = amount.min(left);
            left -= taken;
            amount - taken
        })
        .collect()
}

/// Points a return of `quantity` takes back from a line that earned `points` on `bought`,
/// `returned` of which (worth `returned_points`) already came back: pro rata, rounded down,
/// the last unit taking what is left so that the whole line gives back exactly its points.
pub fn points_back(
    points: i64,
    bought: i64,
    returned: i64,
    returned_points: i64,
    quantity: i64,
) -> i64 {
    if bought <= 0 || quantity <= 0 {
        return 0;
    }
    if returned + quantity >= bought {
        return points - returned_points;
    }
    i64::try_from(i128::from(points) * i128::from(quantity) / i128::from(bought)).unwrap_or(0)
}

/// What a return gave back of an earlier ticket's paid amount (a ticket returned from in
/// several lines or units appears once, with their sum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaidBack {
    pub ticket: i64,
    pub cents: i64,
}

/// Adds `cents` given back of `ticket` to `list`.
pub fn add_paid_back(list: &mut Vec<PaidBack>, ticket: i64, cents: i64) {
    match list.iter_mut().find(|p| p.ticket == ticket) {
        Some(known) => known.cents += cents,
        None => list.push(PaidBack { ticket, cents }),
    }
}

/// The part of `net` cents, paid for `bought` units of a line `returned` of which already came
/// back, that a return of `quantity` more gives back: pro rata, rounded down, counted on the
/// whole returned so far, so that the returns of a whole line add up to exactly `net`.
pub fn paid_back(net: i64, bought: i64, returned: i64, quantity: i64) -> i64 {
    if bought <= 0 || quantity <= 0 {
        return 0;
    }
    let share = |units: i64| {
        let units = units.clamp(0, bought);
        i64::try_from(i128::from(net) * i128::from(units) / i128::from(bought)).unwrap_or(0)
    };
    share(returned + quantity) - share(returned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vouchers_come_off_the_lines_in_order() {
        assert_eq!(allocate(&[229_000, 70_000], 1000), vec![228_000, 70_000]);
        assert_eq!(allocate(&[500, 700], 1000), vec![0, 200]);
        assert_eq!(allocate(&[500], 0), vec![500]);
    }

    #[test]
    fn a_whole_return_gives_back_exactly_the_line_s_points() {
        assert_eq!(points_back(2280, 200, 0, 0, 100), 1140);
        assert_eq!(points_back(2280, 200, 100, 1140, 100), 1140);
        assert_eq!(points_back(7, 300, 0, 0, 100), 2);
        assert_eq!(points_back(7, 300, 200, 4, 100), 3);
    }

    #[test]
    fn returns_of_a_whole_line_give_back_exactly_what_it_was_paid() {
        assert_eq!(paid_back(1000, 300, 0, 100), 333);
        assert_eq!(paid_back(1000, 300, 100, 100), 333);
        assert_eq!(paid_back(1000, 300, 200, 100), 334);
        assert_eq!(paid_back(1000, 300, 0, 300), 1000);
        assert_eq!(paid_back(1000, 300, 200, 500), 334);
        assert_eq!(paid_back(1000, 0, 0, 100), 0);
    }
}
