//! Independent work spread over the machine's cores.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex, OnceLock};
use std::time::{Duration, Instant};

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

/// `second(first(item))` for every item, results in the items' order, on
/// every core, in two phases: each thread applies `first` to the items it
/// takes (largest first, as [`map_largest_first`]), waits for the others,
/// then applies `second` to its own results. What `first` returns never
/// leaves its thread, so it need not be `Send` (token streams are not).
/// Also returns the wall time of each phase.
pub fn map_two_phases<T, A, R, C, F, G>(
    items: &[T],
    cost: C,
    first: F,
    second: G,
) -> (Vec<R>, Duration, Duration)
where
    T: Sync,
    R: Send,
    C: Fn(&T) -> usize,
    F: Fn(&T) -> A + Sync,
    G: Fn(A) -> R + Sync,
{
    let started = Instant::now();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cost(&items[i])));
    let threads = cores().min(items.len());
    if threads <= 1 {
        let firsts: Vec<(usize, A)> = order.iter().map(|&i| (i, first(&items[i]))).collect();
        let middle = Instant::now();
        let mut slots: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
        for (i, a) in firsts {
            slots[i] = Some(second(a));
        }
        let end = Instant::now();
        return (
            slots.into_iter().flatten().collect(),
            middle - started,
            end - middle,
        );
    }
    let next = AtomicUsize::new(0);
    let barrier = Barrier::new(threads);
    let middle: Mutex<Option<Instant>> = Mutex::new(None);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut mine = Vec::new();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    mine.push((i, first(&items[i])));
                }
                if barrier.wait().is_leader() {
                    if let Ok(mut m) = middle.lock() {
                        *m = Some(Instant::now());
                    }
                }
                for (i, a) in mine {
                    let r = second(a);
                    if let Ok(mut slots) = results.lock() {
                        slots[i] = Some(r);
                    }
                }
            });
        }
    });
    let end = Instant::now();
    let middle = middle
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .unwrap_or(end);
    let results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect();
    (results, middle - started, end - middle)
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

    #[test]
    fn two_phases_keep_the_items_order_and_pass_what_is_not_send() {
        let items: Vec<u64> = (0..100).collect();
        // `Rc` is not `Send`: the first phase's result stays on its thread.
        let (out, _, _) = super::map_two_phases(
            &items,
            |n| (*n % 5) as usize,
            |n| std::rc::Rc::new(*n * 2),
            |rc| *rc + 1,
        );
        assert_eq!(out, items.iter().map(|n| n * 2 + 1).collect::<Vec<_>>());
        let (empty, _, _) = super::map_two_phases(&[] as &[u64], |_| 0, |n| *n, |n| n);
        assert!(empty.is_empty());
    }
}
