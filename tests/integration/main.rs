mod selfcheck;
mod vault;
