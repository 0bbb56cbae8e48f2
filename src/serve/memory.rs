//! Giving memory back to the system after a build. mimalloc, the allocator of the
//! `ladder` binary, returns a thread's freed memory only when that thread allocates
//! again, a second later at the earliest: after a build the rendering threads sit idle,
//! and the server would hold on to the build's peak for as long as it runs.

// Links mimalloc, which defines `mi_collect`; under another allocator, it finds nothing.
use mimalloc as _;

extern "C" {
    /// mimalloc's `void mi_collect(bool force)`: frees the calling thread's empty pages
    /// and, forced, gives every freed page of the process back to the system.
    fn mi_collect(force: bool);
}

/// Gives the memory freed on every thread back to the system.
pub(super) fn give_back() {
    // Each of rayon's threads frees its own empty pages; then they are returned.
    rayon::broadcast(|_| collect());
    collect();
}

/// Frees this thread's empty pages and gives every freed page back.
pub(super) fn collect() {
    // SAFETY: `mi_collect` takes no pointers, and may be called on any thread at any time.
    unsafe { mi_collect(true) }
}
