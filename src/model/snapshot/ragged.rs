//! Rows of items stored side by side, as the read-optimised snapshot
//! keeps its per-node and per-service lists: one array of items and one
//! of row starts, four bytes a row.

/// Row `i` is `items[start[i]..start[i + 1]]`.
#[derive(Clone, Debug)]
pub(crate) struct Ragged<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Ragged<T> {
    fn default() -> Self {
        Ragged {
            start: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T> Ragged<T> {
    /// Rows from their starts (one more than there are rows, the first
    /// 0, never falling) and their items.
    pub(crate) fn from_parts(start: Vec<u32>, items: Vec<T>) -> Ragged<T> {
        Ragged { start, items }
    }

    /// Adds an item to the row being written.
    pub(crate) fn push(&mut self, item: T) {
        self.items.push(item);
    }

    /// Ends the row being written; `None` when the items outgrow 32-bit
    /// starts.
    pub(crate) fn end_row(&mut self) -> Option<()> {
        self.start.push(u32::try_from(self.items.len()).ok()?);
        Some(())
    }

    /// Row `i`, if there is one.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&[T]> {
        let (a, b) = (*self.start.get(i)?, *self.start.get(i + 1)?);
        self.items.get(a as usize..b as usize)
    }

    /// Row `i`, empty if there is none.
    #[inline]
    pub(crate) fn row(&self, i: usize) -> &[T] {
        self.get(i).unwrap_or(&[])
    }

    /// The bytes the rows hold.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.start.len() * 4 + self.items.len() * size_of::<T>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_hold_what_was_pushed_and_nothing_beyond() {
        let mut r = Ragged::default();
        r.push(1);
        r.push(2);
        r.end_row();
        r.end_row();
        r.push(3);
        r.end_row();
        assert_eq!(r.get(0), Some(&[1, 2][..]));
        assert_eq!(r.get(1), Some(&[][..]));
        assert_eq!(r.row(2), [3]);
        assert_eq!(r.get(3), None);
        assert_eq!(r.row(3), [] as [i32; 0]);
    }
}
