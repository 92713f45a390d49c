//! Lists of word indices held in one list: the significant words of each run of a reading, and
//! of each region. A reading is kept in memory for as long as its record is asked about, and
//! dropped when it is evicted: one allocation for every run's words, instead of one per run, is
//! quicker to make and to drop.

use std::fmt;
use std::ops::Index;

/// Lists of word indices, each in word order, held in one list: how many lists, the end of each
/// (counted in words from the start of the first), then the words of every list in turn (and
/// nothing at all when there are no lists). Read as a list of lists: `lists[k]` is list `k`'s
/// words; printed as a list of lists.
///
/// One list, not a count beside it: a reading is no larger than with a list per run (a reading
/// borrowed by a verification is held in a value as large as an owned one).
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct WordLists {
    data: Vec<usize>,
}

impl WordLists {
    /// The `lists` lists that `words` (list, word) puts the words in, each in word order:
    /// `words` are in word order, and are sorted by list here.
    pub(crate) fn new(lists: usize, words: &mut [(usize, usize)]) -> WordLists {
        if lists == 0 {
            return WordLists::default();
        }
        // Stable: each list's words stay in word order (a run's words are sorted already).
        words.sort_by_key(|&(list, _)| list);
        // Made at its exact size.
        let mut data = Vec::with_capacity(1 + lists + words.len());
        data.push(lists);
        let mut end = 0;
        for list in 0..lists {
            end += words[end..].iter().take_while(|&&(l, _)| l == list).count();
            data.push(end);
        }
        data.extend(words.iter().map(|&(_, word)| word));
        WordLists { data }
    }

    /// How many lists.
    fn lists(&self) -> usize {
        self.data.first().copied().unwrap_or(0)
    }

    /// Each list in turn.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[usize]> {
        (0..self.lists()).map(|list| &self[list])
    }
}

impl Index<usize> for WordLists {
    type Output = [usize];

    /// The words of list `list`.
    fn index(&self, list: usize) -> &[usize] {
        let (ends, words) = self.data[1..].split_at(self.lists());
        let start = match list {
            0 => 0,
            _ => ends[list - 1],
        };
        &words[start..ends[list]]
    }
}

/// As the list of lists it holds (`[[1, 2], []]`).
impl fmt::Debug for WordLists {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lists made one list of words at a time.
    fn lists_of(assignment: &[Option<usize>], lists: usize) -> Vec<Vec<usize>> {
        (0..lists)
            .map(|list| {
                (0..assignment.len())
                    .filter(|&word| assignment[word] == Some(list))
                    .collect()
            })
            .collect()
    }

    // proptest builds natively only (see Cargo.toml).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// For any words put in any lists (or none), each list holds its words in order, and
        /// the lists print as the list of lists.
        #[test]
        fn word_lists_hold_and_print_each_list_as_a_list_of_its_own(
            lists in 0usize..6,
            drawn in proptest::collection::vec(proptest::option::of(0usize..6), 0..40),
        ) {
            // Words drawn for a list past the last are in none.
            let assignment: Vec<Option<usize>> =
                drawn.iter().map(|list| list.filter(|&l| l < lists)).collect();
            let mut words: Vec<(usize, usize)> = assignment
                .iter()
                .enumerate()
                .filter_map(|(word, list)| list.map(|l| (l, word)))
                .collect();
            let made = WordLists::new(lists, &mut words);
            let expected = lists_of(&assignment, lists);
            let read: Vec<Vec<usize>> = made.iter().map(<[usize]>::to_vec).collect();
            proptest::prop_assert_eq!(&read, &expected);
            for (list, words) in expected.iter().enumerate() {
                proptest::prop_assert_eq!(&made[list], words.as_slice());
            }
            proptest::prop_assert_eq!(format!("{made:?}"), format!("{expected:?}"));
            proptest::prop_assert_eq!(format!("{made:#?}"), format!("{expected:#?}"));
        }
    }

    #[test]
    fn each_list_holds_its_words_in_order_and_prints_as_a_list_of_lists() {
        // Words 0 to 4 in lists 1, none, 0, 1 and 1, of three lists; sorted by list here.
        let assignment = [Some(1), None, Some(0), Some(1), Some(1)];
        let mut words = [(1, 0), (0, 2), (1, 3), (1, 4)];
        let made = WordLists::new(3, &mut words);
        assert_eq!(&made[0], &[2]);
        assert_eq!(&made[1], &[0, 3, 4]);
        assert!(made[2].is_empty());
        assert_eq!(format!("{made:?}"), "[[2], [0, 3, 4], []]");
        assert_eq!(
            format!("{made:?}"),
            format!("{:?}", lists_of(&assignment, 3))
        );
    }

    #[test]
    fn no_lists_hold_nothing_and_print_as_an_empty_list() {
        let made = WordLists::new(0, &mut []);
        assert_eq!(made.iter().count(), 0);
        assert_eq!(format!("{made:?}"), "[]");
    }
}
