//! The limit on failed logins: by client and name, by client, by name, and for the whole
//! server, in memory of a bounded size whatever the clients send.
//!
//! An attempt is counted before its password is checked, and forgiven only when it succeeds:
//! 300 wrong guesses sent at once used to be checked 26 at a time against a limit of 5,
//! because each was counted only after argon2 had taken its tens of milliseconds. Names are
//! kept as digests, so a 40 MB name costs 32 bytes; and the number of clients and names
//! remembered is capped (the oldest forgotten first), so that no stream of new names or
//! addresses fills the memory.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed logins allowed per client and name within [`WINDOW`].
pub const PER_CLIENT_AND_NAME: u32 = 5;
/// Failed logins allowed from one client, whatever the names, within [`WINDOW`].
pub const PER_CLIENT: u32 = 30;
/// Failed logins allowed for one name, from anywhere, within [`WINDOW`]: high enough that
/// another client cannot lock a colleague out by guessing, low enough to stop a spread-out
/// guess at one account.
pub const PER_NAME: u32 = 100;
/// Failed logins the whole server allows within [`WINDOW`].
pub const GLOBAL: u32 = 1000;
/// How long a failure is held against the client.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Clients, names and pairs remembered at most, each.
const REMEMBERED: usize = 10_000;

type Key = [u8; 32];

/// Failures counted in one window, per key.
#[derive(Default)]
struct Counts {
    by: HashMap<Key, (u32, Instant)>,
}

impl Counts {
    fn get(&self, key: &Key, now: Instant) -> u32 {
        self.by
            .get(key)
            .filter(|(_, since)| now.duration_since(*since) < WINDOW)
            .map_or(0, |(n, _)| *n)
    }

    fn add(&mut self, key: Key, now: Instant) {
        if self.by.len() >= REMEMBERED && !self.by.contains_key(&key) {
            self.by
                .retain(|_, (_, since)| now.duration_since(*since) < WINDOW);
            if self.by.len() >= REMEMBERED {
                // Still full of live entries: forget the oldest. Each client beyond the
                // cap then gets somewhat more tries; the per-name and global limits hold.
                if let Some(oldest) = self.by.iter().min_by_key(|(_, (_, t))| *t).map(|(k, _)| *k) {
                    self.by.remove(&oldest);
                }
            }
        }
        let entry = self.by.entry(key).or_insert((0, now));
        if now.duration_since(entry.1) >= WINDOW {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    fn take_back(&mut self, key: &Key) {
        if let Some(entry) = self.by.get_mut(key) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }

    fn forget(&mut self, key: &Key) {
        self.by.remove(key);
    }
}

#[derive(Default)]
struct State {
    pair: Counts,
    client: Counts,
    name: Counts,
    global: Vec<Instant>,
}

/// The failed-login memory of one server.
#[derive(Default)]
pub struct Throttle(Mutex<State>);

/// An attempt let through: it counts as a failure until [`Throttle::succeeded`] says it was not.
pub struct Attempt {
    pair: Key,
    client: Key,
    name: Key,
}

fn key(parts: &[&str]) -> Key {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.finalize().into()
}

impl Throttle {
    /// Lets an attempt through, counted as a failure, or refuses it when a limit is reached.
    pub fn attempt(&self, client: &str, name: &str) -> Option<Attempt> {
        let now = Instant::now();
        let attempt = Attempt {
            pair: key(&["pair", client, name]),
            client: key(&["client", client]),
            name: key(&["name", name]),
        };
        let mut s = self.0.lock().expect("not poisoned");
        s.global.retain(|t| now.duration_since(*t) < WINDOW);
        if s.pair.get(&attempt.pair, now) >= PER_CLIENT_AND_NAME
            || s.client.get(&attempt.client, now) >= PER_CLIENT
            || s.name.get(&attempt.name, now) >= PER_NAME
            || s.global.len() >= GLOBAL as usize
        {
            return None;
        }
        s.pair.add(attempt.pair, now);
        s.client.add(attempt.client, now);
        s.name.add(attempt.name, now);
        s.global.push(now);
        Some(attempt)
    }

    /// The attempt logged in: it is no failure, and the pair's earlier failures are forgiven.
    pub fn succeeded(&self, attempt: Attempt) {
        let mut s = self.0.lock().expect("not poisoned");
        s.pair.forget(&attempt.pair);
        s.client.take_back(&attempt.client);
        s.name.take_back(&attempt.name);
        s.global.pop();
    }

    #[cfg(test)]
    fn remembered(&self) -> usize {
        let s = self.0.lock().expect("not poisoned");
        s.pair.by.len() + s.client.by.len() + s.name.by.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_per_client_and_name() {
        let t = Throttle::default();
        for _ in 0..PER_CLIENT_AND_NAME {
            assert!(t.attempt("10.0.0.1", "ed").is_some());
        }
        assert!(t.attempt("10.0.0.1", "ed").is_none());
        // Another client is not locked out of the same account.
        assert!(t.attempt("10.0.0.2", "ed").is_some());
    }

    #[test]
    fn a_success_is_no_failure() {
        let t = Throttle::default();
        for _ in 0..20 {
            let a = t.attempt("10.0.0.1", "ed").unwrap();
            t.succeeded(a);
        }
        assert!(t.attempt("10.0.0.1", "ed").is_some());
    }

    #[test]
    fn one_client_guessing_many_names_is_stopped() {
        let t = Throttle::default();
        let let_through = (0..100)
            .filter(|i| t.attempt("10.0.0.1", &format!("user{i}")).is_some())
            .count();
        assert_eq!(let_through, PER_CLIENT as usize);
    }

    #[test]
    fn memory_is_bounded_whatever_is_sent() {
        let t = Throttle::default();
        // Names of a megabyte each cost a digest.
        let long = "名".repeat(1 << 20);
        for i in 0..50 {
            let _ = t.attempt(&format!("10.0.0.{i}"), &format!("{long}{i}"));
        }
        assert_eq!(t.remembered(), 150);
        // More clients than are remembered, all live: the oldest are forgotten.
        let mut counts = Counts::default();
        let now = Instant::now();
        for i in 0..(REMEMBERED + 500) {
            counts.add(key(&[&i.to_string()]), now);
        }
        assert_eq!(counts.by.len(), REMEMBERED);
    }
}
