mod bucket;
mod config;
mod crash;
mod journal;
mod selfcheck;
mod vault;
