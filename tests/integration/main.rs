mod config;
mod vault;
