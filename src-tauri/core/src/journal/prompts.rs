//! Reflection prompts, written for Hearth, and which one to offer next.
//!
//! Ids are stable (they are remembered in the vault to avoid repeats): add new
//! prompts with new ids, never renumber.

use rand_free::shuffle_key;
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Prompt {
    pub id: u32,
    pub theme: &'static str,
    pub text: &'static str,
}

const fn p(id: u32, theme: &'static str, text: &'static str) -> Prompt {
    Prompt { id, theme, text }
}

/// Every prompt, by theme.
pub const PROMPTS: &[Prompt] = &[
    // Feeling close, known and safe
    p(
        1,
        "Feeling close",
        "When did you feel closest to your partner today, even for a moment? What was happening?",
    ),
    p(
        2,
        "Feeling close",
        "What is something about you that your partner understands better than anyone else?",
    ),
    p(
        3,
        "Feeling close",
        "Think of a time you felt truly safe with your partner. What made it feel that way?",
    ),
    p(4, "Feeling close", "What did you tell your partner about your day, and how did they listen?"),
    p(
        5,
        "Feeling close",
        "Is there a feeling you have carried this week that your partner doesn't know about yet?",
    ),
    p(6, "Feeling close", "What small thing does your partner do that makes you feel looked after?"),
    // Touch and affection
    p(7, "Touch and affection", "When did you last reach for each other without a reason? How did it feel?"),
    p(
        8,
        "Touch and affection",
        "What kind of affection means the most to you right now: a hand held, a hug, sitting close?",
    ),
    p(
        9,
        "Touch and affection",
        "Has closeness between you felt easier or harder lately? What do you think has changed?",
    ),
    p(10, "Touch and affection", "Write about a gesture, not a grand one, that told you you were loved."),
    // Things done together
    p(
        11,
        "Doing things together",
        "What is a memory the two of you made together that still makes you smile?",
    ),
    p(
        12,
        "Doing things together",
        "If you had a free day together next week, how would you want to spend it?",
    ),
    p(
        13,
        "Doing things together",
        "What is something new you would like to try together, and what draws you to it?",
    ),
    p(14, "Doing things together", "When did you last laugh together properly? What set it off?"),
    p(
        15,
        "Doing things together",
        "Which of your shared rituals, big or tiny, would you miss most if it stopped?",
    ),
    // Ideas and conversation
    p(16, "Talking and thinking", "What is a conversation with your partner that you keep coming back to?"),
    p(
        17,
        "Talking and thinking",
        "Where do the two of you see something differently, and what do you respect about their view?",
    ),
    p(18, "Talking and thinking", "Is there an idea or question you would love to explore together?"),
    p(
        19,
        "Talking and thinking",
        "When did you last say exactly what you thought, without softening it? How did it go?",
    ),
    p(20, "Talking and thinking", "What are you curious about in your partner's inner world right now?"),
    // Meaning and values
    p(21, "Meaning and values", "What matters most to you both, underneath the everyday?"),
    p(22, "Meaning and values", "How has your partner helped you grow into more of yourself?"),
    p(23, "Meaning and values", "What do you hope your life together looks like in five years?"),
    p(24, "Meaning and values", "When things got hard, what did you lean on together?"),
    // What helps
    p(
        25,
        "What helps",
        "How much of your time together today had phones in it? What would an hour without them be like?",
    ),
    p(
        26,
        "What helps",
        "Did you let yourself be a little vulnerable with your partner this week? What happened, or what held you back?",
    ),
    p(
        27,
        "What helps",
        "Who has been carrying more of the emotional work lately, and how does that sit with you?",
    ),
    p(
        28,
        "What helps",
        "When is your next real time together, just the two of you? What would make it feel special?",
    ),
    p(
        29,
        "What helps",
        "Whose turn is it to choose your next evening together, and what do you secretly hope they pick?",
    ),
    p(
        30,
        "What helps",
        "What do you do just for yourself, apart from the relationship, and how does it feed the two of you?",
    ),
    p(31, "What helps", "Which friends or people around you help you be a better partner?"),
    p(32, "What helps", "If you could ask for one thing from your partner this week, what would it be?"),
    // What was left unsaid
    p(33, "Left unsaid", "What did you almost say today, and then didn't?"),
    p(34, "Left unsaid", "Is there something you wish your partner would ask you about?"),
    p(
        35,
        "Left unsaid",
        "What is a worry about the two of you that you haven't put into words yet? Try it here first.",
    ),
    p(36, "Left unsaid", "Was there a moment recently when you felt alone even though you were together?"),
    p(37, "Left unsaid", "What would you want your partner to know about how you have really been lately?"),
    p(38, "Left unsaid", "Is there an old hurt that still comes back? What would help it heal?"),
    // Gratitude
    p(39, "Gratitude", "What are three things your partner did recently that you are grateful for?"),
    p(40, "Gratitude", "What quality in your partner do you admire but rarely mention?"),
    p(41, "Gratitude", "Who was the first person you wanted to tell your news to this week, and why?"),
    p(42, "Gratitude", "Write a thank-you to your partner that you may or may not share."),
    p(43, "Gratitude", "What is something your partner did that made an ordinary day better?"),
    p(44, "Gratitude", "How has your partner surprised you, in a good way, since you met?"),
    // Fears that hold closeness back
    p(
        45,
        "Fears that hold us back",
        "When did you last pull back from your partner a little? What were you protecting yourself from?",
    ),
    p(
        46,
        "Fears that hold us back",
        "What would you be afraid of losing if you let your partner even closer?",
    ),
    p(
        47,
        "Fears that hold us back",
        "Is there an old hurt, from before this relationship, that still shapes how much you let in?",
    ),
    p(48, "Fears that hold us back", "What helps you feel steady enough to need someone without panicking?"),
    p(
        49,
        "Fears that hold us back",
        "Which parts of yourself do you keep for yourself, and which would you like to share one day?",
    ),
    // Making up after a disagreement
    p(
        50,
        "After a disagreement",
        "Think of your last disagreement. What did you need from your partner that you didn't ask for?",
    ),
    p(
        51,
        "After a disagreement",
        "What helps the two of you find your way back to each other after an argument?",
    ),
    p(
        52,
        "After a disagreement",
        "Is there an apology you owe, or one you are still hoping for? What would it sound like?",
    ),
    p(
        53,
        "After a disagreement",
        "What do you understand about your partner's side of a recent quarrel now that you didn't at the time?",
    ),
    // Living apart, for now or for good
    p(
        54,
        "Apart for now",
        "When the miles feel long, what is the thing you miss most about being in the same place?",
    ),
    p(55, "Apart for now", "Which call or message from your partner this week warmed you most, and why?"),
    p(
        56,
        "Apart for now",
        "What small ritual could you share across the distance, like a film started at the same moment?",
    ),
    p(57, "Apart for now", "What are you looking forward to doing the next time you are together?"),
    // Faith, meaning and what we believe
    p(
        58,
        "Faith and meaning",
        "What do you believe in that you haven't really talked about with your partner?",
    ),
    p(
        59,
        "Faith and meaning",
        "If faith is part of your life, how does it show up in your relationship, and how would you like it to?",
    ),
    p(
        60,
        "Faith and meaning",
        "What gives you hope when things are hard, and do you share it with your partner?",
    ),
    // Appreciation
    p(61, "Appreciation", "What did your partner do this week that you noticed but didn't mention?"),
    p(62, "Appreciation", "When did you last feel truly valued by your partner? What did they say or do?"),
    p(63, "Appreciation", "What does your partner bring to your life that nobody else does?"),
    p(64, "Appreciation", "What would you like your partner to know that you admire about how they love?"),
];

pub fn by_id(id: u32) -> Option<&'static Prompt> {
    PROMPTS.iter().find(|p| p.id == id)
}

/// Offers a prompt: one never offered or offered longest ago, chosen at random
/// among those, never `skip` (the one on screen when the person asks for
/// another). Remembers the offer.
pub fn offer(conn: &Connection, skip: Option<u32>) -> Result<Prompt> {
    let mut last: std::collections::HashMap<u32, String> = std::collections::HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT prompt_id, last_offered FROM journal_prompt_offers")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))? {
            let (id, at) = row?;
            last.insert(id, at);
        }
    }
    let seed = {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).map_err(|_| crate::Error::Random)?;
        u64::from_le_bytes(b)
    };
    let chosen = PROMPTS
        .iter()
        .filter(|p| Some(p.id) != skip)
        .min_by_key(|p| (last.get(&p.id).cloned().unwrap_or_default(), shuffle_key(seed, p.id)))
        .copied()
        .unwrap_or(PROMPTS[0]);
    let now = crate::time::stamp();
    conn.execute(
        "INSERT INTO journal_prompt_offers (prompt_id, last_offered) VALUES (?1, ?2)
         ON CONFLICT (prompt_id) DO UPDATE SET last_offered = excluded.last_offered",
        params![chosen.id, now],
    )?;
    Ok(chosen)
}

mod rand_free {
    /// A cheap, well-mixed key per prompt for one random `seed` (splitmix64), so
    /// ties among equally old prompts are broken at random.
    pub fn shuffle_key(seed: u64, id: u32) -> u64 {
        let mut z = seed.wrapping_add(u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::conn;
    use super::*;

    #[test]
    fn at_least_sixty_with_unique_ids_and_no_near_duplicates() {
        assert!(PROMPTS.len() >= 60, "{} prompts", PROMPTS.len());
        let mut ids: Vec<u32> = PROMPTS.iter().map(|p| p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), PROMPTS.len());
        let texts: Vec<(String, String)> =
            PROMPTS.iter().map(|p| (format!("prompt {}", p.id), p.text.to_string())).collect();
        let near = crate::near_duplicates::find(&texts);
        assert!(near.is_empty(), "near-duplicate prompts:\n{}", near.join("\n"));
        for theme in [
            "Feeling close",
            "What helps",
            "Left unsaid",
            "Gratitude",
            "Fears that hold us back",
            "After a disagreement",
            "Apart for now",
            "Faith and meaning",
            "Appreciation",
        ] {
            assert!(PROMPTS.iter().filter(|p| p.theme == theme).count() >= 3, "{theme}");
        }
    }

    #[test]
    fn no_repeat_until_every_prompt_was_offered() {
        let c = conn();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..PROMPTS.len() {
            // Each offer a millisecond after the last, as a person's clicks are.
            crate::time::test_clock::advance(1);
            assert!(seen.insert(offer(&c, None).unwrap().id), "a prompt came back too soon");
        }
        crate::time::test_clock::advance(1);
        assert_eq!(seen.len(), PROMPTS.len());
        let first = offer(&c, None).unwrap();
        assert_ne!(offer(&c, Some(first.id)).unwrap().id, first.id);
    }
}
