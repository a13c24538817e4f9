mod bucket;
mod config;
mod crash;
mod selfcheck;
mod vault;
