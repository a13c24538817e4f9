mod bucket;
mod config;
mod crash;
mod hostile;
mod journal;
mod selfcheck;
mod vault;
