mod bucket;
mod config;
mod crash;
mod hostile;
mod journal;
mod migration;
mod selfcheck;
mod vault;
