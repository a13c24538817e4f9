mod config;
mod selfcheck;
mod vault;
