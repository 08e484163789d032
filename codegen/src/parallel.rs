//! Independent work spread over the machine's cores.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The machine's cores, asked once: `available_parallelism` reads the
/// process's CPU affinity and cgroup quota files on every call.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` applied to every item, results in the items' order, on every core:
/// each thread takes the next item not yet taken, so that uneven items do
/// not leave a core idle. The result never depends on scheduling.
pub fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    map_largest_first(items, |_| 0, f)
}

/// [`map`], starting with the items `cost` says are largest, so that no
/// core is left with one big item at the end while the other idles.
pub fn map_largest_first<T, R, C, F>(items: &[T], cost: C, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    C: Fn(&T) -> usize,
    F: Fn(&T) -> R + Sync,
{
    let threads = cores().min(items.len());
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cost(&items[i])));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(k) else { break };
                let item = &items[i];
                let r = f(item);
                if let Ok(mut slots) = results.lock() {
                    slots[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order() {
        let items: Vec<u64> = (0..200).collect();
        let out = super::map(&items, |n| {
            // Uneven work.
            (0..(n % 7) * 1000).fold(*n, |a, b| a.wrapping_add(b))
                - (0..(n % 7) * 1000).sum::<u64>()
        });
        assert_eq!(out, items);
    }
}
