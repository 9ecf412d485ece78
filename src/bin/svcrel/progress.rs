//! Progress on stderr for long work: a spinner with the elapsed time,
//! drawn only when stderr is a terminal, so that a program reading
//! stderr never sees it.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Files at least this large show a spinner while they load.
pub const LARGE: u64 = 16 << 20;

/// A spinner saying what is under way, cleared when dropped.
pub struct Spinner(Option<ProgressBar>);

impl Spinner {
    /// A spinner saying `message` while the work runs, when stderr is a
    /// terminal; nothing otherwise.
    pub fn start(message: String) -> Spinner {
        if !std::io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message);
        bar.enable_steady_tick(Duration::from_millis(120));
        Spinner(Some(bar))
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = self.0.take() {
            bar.finish_and_clear();
        }
    }
}
