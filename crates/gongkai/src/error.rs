//! How a command ends: the exit status it comes to, or the error that stops it, said once by
//! `main`.

use gongkai_check::Text;
use gongkai_read::ReadError;
use gongkai_store::accounts::AccountError;
use gongkai_store::season::{Blocking, SeasonError};
use gongkai_store::DbError;
use std::fmt::Display;
use std::io;
use std::path::Path;
use std::process::ExitCode;

/// The exit statuses of gongkai.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: every input was read (and, for `check`, no error was found).
    Success,
    /// 1: `check` or `compare` found an error-severity finding.
    Findings,
    /// 2: an input could not be read as a report, the command line was wrong, or the store or
    /// a file could not be used.
    Failure,
    /// 3: `season` refused the step: no such season or organ, not allowed from the organ's
    /// state or to the user, a comment needed.
    Refused,
    /// 4: `season submit` refused the report: it has errors, or warnings with no reason given.
    Blocked,
    /// 5: `score` was given an evaluation pack that is wrong.
    BadPack,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Failure => 2,
            ExitStatus::Refused => 3,
            ExitStatus::Blocked => 4,
            ExitStatus::BadPack => 5,
        })
    }
}

/// Why a command stopped.
#[derive(Debug)]
pub enum CliError {
    /// A failure, said on standard error one message a line; the exit status is
    /// [`ExitStatus::Failure`].
    Failed(Vec<Text>),
    /// A failure with its own exit status (`season`'s refusals), said one message a line.
    Stopped(ExitStatus, Vec<Text>),
    /// Standard output could not be written. When its reader went away (`| head`) that is no
    /// failure: the command ends quietly with `status`, what it had come to. Otherwise `said`
    /// is said, or the error itself when there is none.
    Output {
        error: io::Error,
        status: ExitStatus,
        said: Option<Text>,
    },
}

impl CliError {
    /// A failure in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> CliError {
        CliError::Failed(vec![Text::new(zh, en)])
    }

    /// A failure whose message is the same in both languages.
    pub fn both(message: impl Into<String>) -> CliError {
        let message = message.into();
        CliError::new(message.clone(), message)
    }

    /// The file at `path` could not be written.
    pub fn writing(path: &Path, e: impl Display) -> CliError {
        CliError::Failed(vec![cannot_write(&path.display().to_string(), e)])
    }

    /// Standard output could not be written, said as a file that could not be (`-`).
    pub fn writing_stdout(error: io::Error) -> CliError {
        CliError::Output {
            said: Some(cannot_write("-", &error)),
            error,
            status: ExitStatus::Success,
        }
    }

    /// This error and then `other`, both said.
    pub fn and(self, other: CliError) -> CliError {
        let mut messages = self.messages();
        messages.extend(other.messages());
        CliError::Failed(messages)
    }

    /// An error writing standard output, the command having come to `status` so far.
    pub fn output(error: io::Error, status: ExitStatus) -> CliError {
        CliError::Output {
            error,
            status,
            said: None,
        }
    }

    /// Whether standard output's reader went away: no failure, nothing to say.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output { error, .. } if error.kind() == io::ErrorKind::BrokenPipe)
    }

    /// The exit status the command ends with.
    pub fn status(&self) -> ExitStatus {
        match self {
            CliError::Output { status, .. } if self.is_broken_pipe() => *status,
            CliError::Stopped(status, _) => *status,
            _ => ExitStatus::Failure,
        }
    }

    /// What to say, one line each.
    pub fn messages(self) -> Vec<Text> {
        match self {
            CliError::Failed(messages) | CliError::Stopped(_, messages) => messages,
            CliError::Output { said: Some(t), .. } => vec![t],
            CliError::Output { error, .. } => vec![Text::new(error.to_string(), error.to_string())],
        }
    }
}

/// Why `path` could not be written.
fn cannot_write(path: &str, e: impl Display) -> Text {
    Text::new(
        format!("无法写入 {path}：{e}"),
        format!("cannot write {path}: {e}"),
    )
}

impl From<io::Error> for CliError {
    fn from(error: io::Error) -> CliError {
        CliError::output(error, ExitStatus::Success)
    }
}

impl From<ReadError> for CliError {
    fn from(e: ReadError) -> CliError {
        CliError::Failed(vec![e.message()])
    }
}

impl From<DbError> for CliError {
    fn from(e: DbError) -> CliError {
        CliError::new(format!("数据库：{e}"), format!("store: {e}"))
    }
}

impl From<AccountError> for CliError {
    fn from(e: AccountError) -> CliError {
        CliError::new(e.zh(), e.en())
    }
}

/// A pack that is wrong: exit status 5, said with its file, the item and what is wrong.
impl From<gongkai_check::score::PackError> for CliError {
    fn from(e: gongkai_check::score::PackError) -> CliError {
        CliError::Stopped(
            ExitStatus::BadPack,
            vec![Text::new(e.said(false), e.said(true))],
        )
    }
}

/// A season's refusal: exit status 4 for a report that cannot be submitted, with each error or
/// warning not acknowledged on a line of its own; 3 for any other step refused; a store that
/// failed is a failure (2).
impl From<SeasonError> for CliError {
    fn from(e: SeasonError) -> CliError {
        let said = Text::new(e.zh(), e.en());
        let listed = |blocking: &[Blocking]| -> Vec<Text> {
            blocking
                .iter()
                .map(|b| {
                    Text::new(
                        format!("  {} {}", b.code, b.message.zh),
                        format!("  {} {}", b.code, b.message.en),
                    )
                })
                .collect()
        };
        match e {
            SeasonError::Store(e) => e.into(),
            SeasonError::HasErrors(blocking) => {
                let mut messages = vec![said];
                messages.extend(listed(&blocking));
                CliError::Stopped(ExitStatus::Blocked, messages)
            }
            SeasonError::Unacknowledged(blocking) => {
                let mut messages = vec![said];
                messages.extend(listed(&blocking));
                messages.push(Text::new(
                    "用 --ack 代码=理由 逐条说明理由后再报送",
                    "give each a reason with --ack CODE=REASON and submit again",
                ));
                CliError::Stopped(ExitStatus::Blocked, messages)
            }
            _ => CliError::Stopped(ExitStatus::Refused, vec![said]),
        }
    }
}
