//! The per-line work of reading an export, on every core: a reader thread cuts the file into
//! batches of whole lines, workers run the caller's per-line function (parse, check canonical,
//! hash), and the caller takes the results back in file order (positions, the frontier, the fold
//! and the first error stay sequential). Memory stays bounded: both queues are bounded, so at
//! most a few batches of half a megabyte of lines (and what the workers made of them) are in
//! flight, however slow the caller is.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

/// Bytes of lines per batch (a batch always holds whole lines).
const BATCH_BYTES: usize = 1 << 19;

/// One line as a worker saw it.
pub struct Checked<T> {
    /// What the per-line function made of the line (its `\n` excluded).
    pub value: T,
    /// False for a last line without its `\n`.
    pub terminated: bool,
}

/// Lines read from the file, in order.
struct Batch {
    index: u64,
    bytes: Vec<u8>,
    /// Where each line ends in `bytes` (its `\n` excluded) and whether it had one.
    ends: Vec<(usize, bool)>,
}

/// Reads `reader` to its end (or until `each` answers false), runs `per_line` on every line on
/// the workers and hands the results to `each` in file order; an IO error stops it.
pub fn check_lines<T: Send>(
    reader: impl BufRead + Send,
    per_line: impl Fn(&[u8]) -> T + Sync,
    mut each: impl FnMut(Checked<T>) -> bool,
) -> std::io::Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    std::thread::scope(|scope| {
        let (jobs, queued) = sync_channel::<Batch>(workers * 2);
        let (results, done) = sync_channel::<(u64, Vec<Checked<T>>)>(workers);
        let reading = scope.spawn(move || read_batches(reader, &jobs));
        let queued = Arc::new(Mutex::new(queued));
        let per_line = &per_line;
        for _ in 0..workers {
            let (queued, results) = (Arc::clone(&queued), results.clone());
            scope.spawn(move || work(&queued, per_line, &results));
        }
        drop(results);
        let stopped = deliver_in_order(&done, &mut each);
        // dropping the results' receiver stops the workers, and then the reader
        drop(done);
        let read = reading
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the export reader panicked")));
        if stopped { Ok(()) } else { read }
    })
}

/// Passes results to `each` in batch order; true when `each` asked to stop. Between two calls of
/// `each` it only waits on the results' queue and takes whatever comes (out-of-order batches
/// wait here), so a worker blocked on a full queue never holds back the batch it waits for.
fn deliver_in_order<T>(
    done: &Receiver<(u64, Vec<Checked<T>>)>,
    each: &mut impl FnMut(Checked<T>) -> bool,
) -> bool {
    let mut waiting: BTreeMap<u64, Vec<Checked<T>>> = BTreeMap::new();
    let mut next = 0;
    for (index, checked) in done {
        waiting.insert(index, checked);
        while let Some(batch) = waiting.remove(&next) {
            next += 1;
            for line in batch {
                if !each(line) {
                    return true;
                }
            }
        }
    }
    false
}

fn read_batches(mut reader: impl BufRead, jobs: &SyncSender<Batch>) -> std::io::Result<()> {
    for index in 0.. {
        let mut batch = Batch {
            index,
            bytes: Vec::with_capacity(BATCH_BYTES + 4096),
            ends: Vec::new(),
        };
        while batch.bytes.len() < BATCH_BYTES {
            if reader.read_until(b'\n', &mut batch.bytes)? == 0 {
                break;
            }
            let terminated = batch.bytes.last() == Some(&b'\n');
            let end = batch.bytes.len() - usize::from(terminated);
            batch.ends.push((end, terminated));
        }
        if batch.ends.is_empty() || jobs.send(batch).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

fn work<T>(
    queued: &Mutex<Receiver<Batch>>,
    per_line: &impl Fn(&[u8]) -> T,
    results: &SyncSender<(u64, Vec<Checked<T>>)>,
) {
    loop {
        let next = match queued.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(batch) = next else {
            return;
        };
        let mut start = 0;
        let mut checked = Vec::with_capacity(batch.ends.len());
        for &(end, terminated) in &batch.ends {
            let line = &batch.bytes[start..end];
            start = end + usize::from(terminated);
            checked.push(Checked {
                value: per_line(line),
                terminated,
            });
        }
        if results.send((batch.index, checked)).is_err() {
            return;
        }
    }
}
