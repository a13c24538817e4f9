//! End-to-end tests: the real app window, driven over WebDriver.
//! Run under Xvfb with one test thread: `.ci/test` does both.

mod a11y;
mod bucket;
mod crosslinks;
mod hostile;
mod journal;
mod lock_screen;
mod network;
mod safety;
mod selfcheck;
