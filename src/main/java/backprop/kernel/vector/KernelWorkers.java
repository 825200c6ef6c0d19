package backprop.kernel.vector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads that run the parts of one task together with the calling thread, for the vector
 * kernels' products. Dispatch allocates nothing: the task is published through a volatile generation counter and
 * threads are woken with {@link LockSupport#unpark}. Workers are daemons; they end when {@link #close()} is called,
 * which the kernels arrange for when they become unreachable.
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

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Task task;
    private volatile Thread caller;
    private volatile Throwable failure;

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
    }

    int parts() {
        return workers.length + 1;
    }

    /** Runs every part of {@code work} and returns when all have finished; rethrows a worker's failure. */
    void run(Task work) {
        task = work;
        caller = Thread.currentThread();
        failure = null;
        pending.set(workers.length);
        generation++;
        for (Thread worker : workers) LockSupport.unpark(worker);
        Throwable own = null;
        try {
            work.run(0, parts());
        } catch (RuntimeException | Error e) {
            own = e;
        }
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (pending.get() != 0) {
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
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (generation == seen && !closed) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen++;
            try {
                task.run(part, parts());
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) LockSupport.unpark(worker);
    }
}
