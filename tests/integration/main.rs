mod journal;
mod vault;
