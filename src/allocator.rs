//! How the `ladder` binary's allocator, mimalloc, gives memory back to the system.

// Links mimalloc, which defines the functions below.
use mimalloc as _;
use std::ffi::{c_int, c_long};

extern "C" {
    /// mimalloc's `void mi_option_set(mi_option_t option, long value)`.
    fn mi_option_set(option: c_int, value: c_long);
    /// mimalloc's `long mi_option_get(mi_option_t option)`.
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// mimalloc's `mi_option_purge_delay`, in the order of its `mi_option_t`: how many
/// milliseconds freed memory waits before it goes back to the system.
const PURGE_DELAY: c_int = 15;

/// Gives freed memory back to the system after a tenth of a second rather than
/// mimalloc's second: a build frees what each stage held as the next one grows
/// (bodies as their pages are written, counts as they are scored), and memory kept a
/// second adds the stages up (at 10,000 pages, a peak of about 235 MB rather than 203 MB).
pub fn return_freed_memory_sooner() {
    // SAFETY: takes no pointers; called first thing, before any other thread runs.
    unsafe { mi_option_set(PURGE_DELAY, 100) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_set() {
        // mimalloc's default purge delay, 1,000 ms, is no other option's default.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: takes no pointers.
            assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 1000);
        }
    }
}
