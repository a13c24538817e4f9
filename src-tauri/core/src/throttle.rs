//! Slows down repeated wrong passphrases.
//!
//! Each unlock attempt already costs an Argon2id derivation (about half a second).
//! After [`FREE_TRIES`] failures in a row, each further try must also wait: 2 s,
//! then 4 s, 8 s, … up to [`MAX_WAIT`]. A correct passphrase resets the count.
//! Time is passed in, so the policy is a plain, tested function.

use std::time::{Duration, Instant};

pub const FREE_TRIES: u32 = 3;
pub const MAX_WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub struct UnlockThrottle {
    failures: u32,
    not_before: Option<Instant>,
}

impl UnlockThrottle {
    /// `Err(wait)` if a try now must be refused, with how long is left.
    pub fn check(&self, now: Instant) -> Result<(), Duration> {
        match self.not_before {
            Some(t) if t > now => Err(t - now),
            _ => Ok(()),
        }
    }

    pub fn record_failure(&mut self, now: Instant) {
        self.failures = self.failures.saturating_add(1);
        let wait = wait_after(self.failures);
        self.not_before = (!wait.is_zero()).then(|| now + wait);
    }

    pub fn record_success(&mut self) {
        *self = Self::default();
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }
}

/// The wait imposed after `failures` wrong tries in a row.
pub fn wait_after(failures: u32) -> Duration {
    if failures < FREE_TRIES {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_TRIES).min(16);
    Duration::from_secs(2u64 << doublings).min(MAX_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_then_cap() {
        let table = [
            (0, 0),
            (1, 0),
            (2, 0),
            (3, 2),
            (4, 4),
            (5, 8),
            (6, 16),
            (7, 32),
            (8, 60),
            (50, 60),
            (u32::MAX, 60),
        ];
        for (failures, secs) in table {
            assert_eq!(wait_after(failures), Duration::from_secs(secs), "after {failures}");
        }
    }

    #[test]
    fn refuses_until_the_wait_is_over_and_success_resets() {
        let t0 = Instant::now();
        let mut th = UnlockThrottle::default();
        for _ in 0..2 {
            th.record_failure(t0);
            assert_eq!(th.check(t0), Ok(()));
        }
        th.record_failure(t0);
        assert_eq!(th.check(t0), Err(Duration::from_secs(2)));
        assert_eq!(th.check(t0 + Duration::from_millis(1500)), Err(Duration::from_millis(500)));
        assert_eq!(th.check(t0 + Duration::from_secs(2)), Ok(()));
        th.record_success();
        assert_eq!(th.failures(), 0);
        assert_eq!(th.check(t0), Ok(()));
    }
}
