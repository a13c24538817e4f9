//! Reading an import file's outline: what every import (journal, bucket list,
//! partner's self-check) reads first, before its typed structs.
//!
//! Imports read a file straight into typed structs (never into a
//! `serde_json::Value` of the whole file, which costs about ten times the file in
//! memory). Each first reads a small outline struct of its own: `format` and
//! `version` as `&RawValue` slices of the file, read with [`text`] and [`number`]
//! (so a file of another kind or a newer version gets its own message before its
//! shape is judged), and its list as a [`Capped`]. [`Capped`] keeps at most `MAX` elements and counts the rest without
//! keeping them, so an over-long list costs no more memory than a full one, and the
//! caller refuses it whole, saying how many it holds. With `&RawValue` elements
//! (slices of the file, nothing copied) each element can then be read into its own
//! type one at a time, so a message can name the element that is wrong.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// A field of the outline as a string, if it is one.
pub fn text(raw: Option<&RawValue>) -> Option<String> {
    serde_json::from_str(raw?.get()).ok()
}

/// A field of the outline as a whole number, if it is one.
pub fn number(raw: Option<&RawValue>) -> Option<u64> {
    serde_json::from_str(raw?.get()).ok()
}

/// The first `MAX` elements of a JSON array, and how many it holds in all.
#[derive(Debug)]
pub struct Capped<T, const MAX: usize> {
    pub items: Vec<T>,
    pub total: usize,
}

impl<T, const MAX: usize> Capped<T, MAX> {
    /// Whether the list held more than `MAX` elements (and some were not kept).
    pub fn too_long(&self) -> bool {
        self.total > MAX
    }
}

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for Capped<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct List<T, const MAX: usize>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for List<T, MAX> {
            type Value = Capped<T, MAX>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                // No capacity from the size hint: a file could claim anything.
                let mut items = Vec::new();
                let mut total = 0;
                loop {
                    if total < MAX {
                        match seq.next_element::<T>()? {
                            Some(item) => items.push(item),
                            None => break,
                        }
                    } else if seq.next_element::<IgnoredAny>()?.is_none() {
                        break;
                    }
                    total += 1;
                }
                Ok(Capped { items, total })
            }
        }

        d.deserialize_seq(List::<T, MAX>(PhantomData))
    }
}

/// The first `MAX` members of a JSON object (key and value, in file order), and
/// how many it holds in all: [`Capped`] for a file that keys its list, as Mini
/// Diary keys entries by day.
#[derive(Debug)]
pub struct CappedMap<V, const MAX: usize> {
    pub items: Vec<(String, V)>,
    pub total: usize,
}

impl<V, const MAX: usize> CappedMap<V, MAX> {
    /// Whether the object held more than `MAX` members (and some were not kept).
    pub fn too_long(&self) -> bool {
        self.total > MAX
    }
}

impl<'de, V: Deserialize<'de>, const MAX: usize> Deserialize<'de> for CappedMap<V, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Members<V, const MAX: usize>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>, const MAX: usize> Visitor<'de> for Members<V, MAX> {
            type Value = CappedMap<V, MAX>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                let mut total = 0;
                loop {
                    if total < MAX {
                        match map.next_entry::<String, V>()? {
                            Some(item) => items.push(item),
                            None => break,
                        }
                    } else if map.next_entry::<IgnoredAny, IgnoredAny>()?.is_none() {
                        break;
                    }
                    total += 1;
                }
                Ok(CappedMap { items, total })
            }
        }

        d.deserialize_map(Members::<V, MAX>(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_fields_are_read_only_if_they_are_of_their_kind() {
        let raw = |s: &str| RawValue::from_string(s.to_owned()).unwrap();
        assert_eq!(text(Some(&raw(r#""hearth-journal""#))).as_deref(), Some("hearth-journal"));
        assert_eq!(text(Some(&raw("7"))), None);
        assert_eq!(text(None), None);
        assert_eq!(number(Some(&raw("2"))), Some(2));
        assert_eq!(number(Some(&raw(r#""2""#))), None);
        assert_eq!(number(Some(&raw("-1"))), None);
    }

    #[test]
    fn keeps_up_to_the_cap_and_counts_the_rest() {
        let list: Capped<u32, 3> = serde_json::from_str("[1, 2, 3]").unwrap();
        assert_eq!((list.items, list.total), (vec![1, 2, 3], 3));
        let list: Capped<u32, 3> = serde_json::from_str("[1, 2, 3, 4, {\"x\": [5]}]").unwrap();
        assert!(list.too_long());
        assert_eq!((list.items, list.total), (vec![1, 2, 3], 5));
        let list: Capped<IgnoredAny, 0> = serde_json::from_str("[]").unwrap();
        assert!(!list.too_long());
        assert!(serde_json::from_str::<Capped<u32, 3>>("{\"not\": \"a list\"}").is_err());
    }

    #[test]
    fn keyed_lists_keep_up_to_the_cap_in_file_order_and_count_the_rest() {
        let map: CappedMap<u32, 2> = serde_json::from_str(r#"{"b": 1, "a": 2, "c": {"x": 3}}"#).unwrap();
        assert!(map.too_long());
        assert_eq!((map.items, map.total), (vec![("b".to_owned(), 1), ("a".to_owned(), 2)], 3));
        assert!(serde_json::from_str::<CappedMap<u32, 2>>("[1]").is_err());
    }

    #[test]
    fn raw_elements_are_slices_of_the_file() {
        let text = r#"[{"a": 1}, "two"]"#;
        let list: Capped<&RawValue, 10> = serde_json::from_str(text).unwrap();
        let raw: Vec<&str> = list.items.iter().map(|r| r.get()).collect();
        assert_eq!(raw, [r#"{"a": 1}"#, r#""two""#]);
    }
}
