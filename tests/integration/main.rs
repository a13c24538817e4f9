mod bucket;
mod vault;
