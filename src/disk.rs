//! Many small looks at the disk at once. With the files in memory, a look at a file is work
//! for the cores; with a cold cache (the first build after the computer starts) each waits on
//! the disk, and one in flight per core leaves the disk idle most of the time. The checks of
//! the previous tree's folders and files (one `stat` each) run on a pool of threads made for
//! waiting, several per core. (Reading the records is left to the cores: a text read on one
//! of these threads is memory of that thread's heap, and at 100,000 issues that raised the
//! peak by 30–45 MB for little gain.)

/// Reads in flight at once: enough to keep a disk's queue full, few enough to cost nothing
/// when the files are in memory.
const THREADS: usize = 16;

/// Runs `f` with its parallel iterators on a pool of threads for waiting on the disk (on the
/// caller's, if the pool cannot be made). The pool is made for the call and goes with it: a
/// thread's memory is its own while the thread lives (the allocator keeps a heap per thread),
/// and a build's memory peaks later.
pub fn install<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(THREADS)
        .thread_name(|i| format!("gongkai-disk-{i}"))
        .build();
    match pool {
        Ok(p) => p.install(f),
        Err(_) => f(),
    }
}

#[cfg(test)]
mod tests {
    use rayon::prelude::*;

    #[test]
    fn work_runs_on_the_disk_threads_and_comes_back_in_order() {
        let names: Vec<Option<String>> = super::install(|| {
            (0..64)
                .into_par_iter()
                .map(|_| std::thread::current().name().map(str::to_string))
                .collect()
        });
        assert!(names
            .iter()
            .all(|n| n.as_deref().is_some_and(|n| n.starts_with("gongkai-disk-"))));
        let doubled: Vec<u32> =
            super::install(|| (0..100u32).into_par_iter().map(|x| x * 2).collect());
        assert_eq!(doubled, (0..100u32).map(|x| x * 2).collect::<Vec<_>>());
    }
}
