//! What the window shows for the bucket list's stable ids: each enum's labels, in
//! the order they are offered, and what a new idea starts as. Served whole by the
//! shell's `bucket_vocabulary` command, so the window holds no second copy.

use serde::Serialize;

use super::{Category, Cost, Effort, Interest, ItemInput, Person, Status};
use crate::IntimacyKind;

/// One choice: its stable id and its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub id: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vocabulary {
    pub categories: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub interests: Vec<Choice>,
    pub costs: Vec<Choice>,
    pub efforts: Vec<Choice>,
    pub statuses: Vec<Choice>,
    /// What a new idea starts as (the form's defaults and the quick add's).
    pub new_item: ItemInput,
}

fn choices<T: Copy>(
    all: &[T],
    id: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter().map(|v| Choice { id: id(*v), label: label(*v) }).collect()
}

/// A new idea before anything is filled in: suggested by me, who wants it; the
/// partner not asked yet.
pub fn new_item() -> ItemInput {
    ItemInput {
        title: String::new(),
        notes: String::new(),
        category: Category::Outdoors,
        kind: IntimacyKind::Experiential,
        suggested_by: Some(Person::Me),
        interest_me: Interest::Yes,
        interest_partner: Interest::NotAsked,
        cost: Cost::Low,
        effort: Effort::Easy,
    }
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        categories: choices(Category::ALL, Category::id, Category::label),
        kinds: choices(&IntimacyKind::ALL, IntimacyKind::id, IntimacyKind::label),
        interests: choices(Interest::ALL, Interest::id, Interest::label),
        costs: choices(Cost::ALL, Cost::id, Cost::label),
        efforts: choices(Effort::ALL, Effort::id, Effort::label),
        statuses: choices(Status::ALL, Status::id, Status::label),
        new_item: new_item(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_id_is_offered_once_with_its_serde_id_and_a_label() {
        let v = vocabulary();
        let json = serde_json::to_value(&v).unwrap();
        for (key, n) in
            [("categories", 8), ("kinds", 5), ("interests", 4), ("costs", 4), ("efforts", 3), ("statuses", 3)]
        {
            let list = json[key].as_array().unwrap();
            assert_eq!(list.len(), n, "{key}");
            let mut ids: Vec<&str> = list.iter().map(|c| c["id"].as_str().unwrap()).collect();
            assert!(list.iter().all(|c| !c["label"].as_str().unwrap().is_empty()), "{key}");
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), n, "{key} ids are distinct");
        }
        assert_eq!(serde_json::to_value(Category::AtHome).unwrap(), json!("at_home"));
        assert!(v.categories.contains(&Choice { id: "at_home", label: "At home" }));
        assert!(v.kinds.contains(&Choice { id: "experiential", label: "Shared experiences" }));
        // The new idea's defaults are a valid input once it has a title.
        let item = ItemInput { title: "Picnic".into(), ..v.new_item };
        assert_eq!(item.cleaned().unwrap().interest_partner, Interest::NotAsked);
    }
}
