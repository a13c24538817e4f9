mod bucket;
mod config;
mod selfcheck;
mod vault;
