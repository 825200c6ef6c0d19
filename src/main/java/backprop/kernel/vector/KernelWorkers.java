package backprop.kernel.vector;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run the parts of one task together with the calling thread, for the vector
 * kernels' products. Dispatch allocates nothing: the task is published through a volatile generation counter and
 * threads are woken with {@link LockSupport#unpark}. Workers are daemons; they end when {@link #close()} is called,
 * which the kernels arrange for when they become unreachable.
 *
 * <p>A task's work must be claimable by any of its parts (every task here takes its pieces by compare-and-set, its
 * own first, then what is left of the others'), because the caller does not wait for a worker that has not started:
 * once the caller's own part has returned, no work is left unclaimed, so the caller seals the task, waits only for
 * the workers inside it, and a worker that arrives later skips it. On a machine whose other cores are busy a worker
 * may not run for milliseconds; waiting for it made two threads slower than one there. A worker that arrived too
 * late parks at once for the next task instead of spinning, so that it does not take the core from the caller.
 */
final class KernelWorkers implements AutoCloseable {

    /** One part of a task: {@code part} of {@code parts}, part 0 running on the caller. */
    interface Task {
        void run(int part, int parts);
    }

    /**
     * How long a thread spins before it parks, waiting for work or for the other parts: longer than the gaps between
     * the products of one training step, so that a step wakes no parked thread (docs/DESIGN.md).
     */
    private static final long SPIN_NANOS = 200_000;
    /** The bit of {@link #state} that closes the current task to workers that have not entered it. */
    private static final long SEALED = 1L << 31;
    private static final long INSIDE = SEALED - 1;

    private final Thread[] workers;
    /** The current task's generation (high half), whether it is sealed, and how many workers are inside it. */
    private final AtomicLong state = new AtomicLong();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Task task;
    /** The parts of the current task: workers from this part on sit it out. */
    private volatile int taskParts;
    private volatile Thread caller;
    private volatile Throwable failure;
    /** The parts the kernels' products may use now; read and written by the caller's thread only. */
    private int partsInUse;

    /** {@code parts} threads in all: the caller and {@code parts - 1} workers. */
    KernelWorkers(int parts) {
        if (parts < 2) throw new IllegalArgumentException("a worker pool needs at least 2 parts, got " + parts);
        workers = new Thread[parts - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            workers[i] = new Thread(() -> work(part), "backprop-kernels-" + part);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        partsInUse = parts;
    }

    int parts() {
        return workers.length + 1;
    }

    /** The parts the kernels split their products into at most, from {@link #useParts}; all of them at first. */
    int partsInUse() {
        return partsInUse;
    }

    /** Limits the kernels' products to {@code parts} threads from their next one ({@link ThreadTuning}'s choice). */
    void useParts(int parts) {
        if (parts < 1 || parts > parts()) {
            throw new IllegalArgumentException("parts must be 1 to " + parts() + ", got " + parts);
        }
        partsInUse = parts;
    }

    /** Runs {@code work} on every thread: {@link #run(Task, int)} with all {@link #parts()}. */
    void run(Task work) {
        run(work, parts());
    }

    /**
     * Runs {@code work} in {@code parts} parts: on the caller as part 0 and on those of workers 1 to {@code parts -
     * 1} that start it in time; returns when the caller's part and every worker that started have finished. The
     * other workers are not woken and do not take part. Rethrows a part's failure.
     */
    void run(Task work, int parts) {
        if (parts < 1 || parts > parts()) {
            throw new IllegalArgumentException("parts must be 1 to " + parts() + ", got " + parts);
        }
        task = work;
        taskParts = parts;
        caller = Thread.currentThread();
        failure = null;
        int next = generation + 1;
        state.set((long) next << 32);
        generation = next;
        for (int w = 0; w < parts - 1; w++) LockSupport.unpark(workers[w]);
        Throwable own = null;
        try {
            work.run(0, parts);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (true) {
            long s = state.get();
            if ((s & INSIDE) == 0 && state.compareAndSet(s, s | SEALED)) break;
            if (System.nanoTime() < spinUntil) Thread.onSpinWait();
            else LockSupport.park(this);
        }
        // no reference to the task may outlive the call: it would keep the kernels, and so these threads, alive
        task = null;
        if (own == null) own = failure;
        if (own instanceof RuntimeException) throw (RuntimeException) own;
        if (own instanceof Error) throw (Error) own;
    }

    private void work(int part) {
        int seen = 0;
        long spin = SPIN_NANOS;
        while (true) {
            long spinUntil = System.nanoTime() + spin;
            while (generation == seen && !closed) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = generation;
            // a task this worker is not part of is one it arrived too late for
            if (part >= taskParts || !enter(seen)) {
                spin = 0;
                continue;
            }
            spin = SPIN_NANOS;
            try {
                task.run(part, taskParts);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if ((state.decrementAndGet() & INSIDE) == 0) LockSupport.unpark(caller);
        }
    }

    /** Enters task {@code taskGeneration} unless the caller has sealed it or moved on. */
    private boolean enter(int taskGeneration) {
        while (true) {
            long s = state.get();
            if ((int) (s >>> 32) != taskGeneration || (s & SEALED) != 0) return false;
            if (state.compareAndSet(s, s + 1)) return true;
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) LockSupport.unpark(worker);
    }
}
