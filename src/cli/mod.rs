//! The commands, one file each, each with its own arguments. A command prints what it
//! has to say and returns an [`Outcome`]; `main` alone turns that into the exit code.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod scaffold;
pub(crate) mod serve;

/// Why a command failed, which decides its exit code.
pub(crate) enum Failed {
    /// Content errors, or warnings denied: already printed with their summary line. Exit 1.
    Content,
    /// A usage or I/O error, not yet printed: `main` prints the message. Exit 2.
    UsageOrIo(String),
}

/// What a command ends with.
pub(crate) type Outcome = Result<(), Failed>;
