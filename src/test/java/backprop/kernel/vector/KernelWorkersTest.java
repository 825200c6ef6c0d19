package backprop.kernel.vector;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The worker pool's contract with its tasks: every piece of a task is done exactly once, by whichever thread takes
 * it; when {@code run} returns no thread is inside the task any more, and none enters it later, even a worker
 * that wakes too late to help; a part's failure reaches the caller.
 */
class KernelWorkersTest {

    private static final int PIECES = 16;

    /** A task of {@link #PIECES} pieces that any part may take, each part its own share first. */
    private static final class Pieces implements KernelWorkers.Task {
        final AtomicIntegerArray done = new AtomicIntegerArray(PIECES);
        final AtomicInteger next = new AtomicInteger();
        volatile boolean returned;
        final AtomicInteger lateEntries;

        Pieces(AtomicInteger lateEntries) {
            this.lateEntries = lateEntries;
        }

        @Override
        public void run(int part, int parts) {
            if (returned) lateEntries.incrementAndGet();
            for (int piece = next.getAndIncrement(); piece < PIECES; piece = next.getAndIncrement()) {
                done.incrementAndGet(piece);
            }
            if (returned) lateEntries.incrementAndGet();
        }
    }

    @Test
    void everyPieceRunsOnceAndNoWorkerEntersAFinishedTask() throws InterruptedException {
        AtomicInteger lateEntries = new AtomicInteger();
        try (KernelWorkers workers = new KernelWorkers(3)) {
            for (int round = 0; round < 50_000; round++) {
                Pieces task = new Pieces(lateEntries);
                workers.run(task);
                task.returned = true;
                for (int piece = 0; piece < PIECES; piece++) {
                    assertEquals(1, task.done.get(piece), "piece " + piece + " of round " + round);
                }
            }
            Thread.sleep(50);
        }
        assertEquals(0, lateEntries.get(), "workers inside a task after its run returned");
    }

    @Test
    void aTaskOfFewerPartsWakesItsWorkersAndNoOthers() {
        AtomicInteger outsiders = new AtomicInteger();
        AtomicInteger wrongCounts = new AtomicInteger();
        try (KernelWorkers workers = new KernelWorkers(4)) {
            for (int round = 0; round < 2_000; round++) {
                int parts = 1 + round % 4;
                AtomicIntegerArray entered = new AtomicIntegerArray(4);
                // the caller's part waits for every invited worker, so one that is never woken fails the test
                workers.run((part, count) -> {
                    if (count != parts) wrongCounts.incrementAndGet();
                    if (part >= parts) outsiders.incrementAndGet();
                    entered.set(part, 1);
                    if (part > 0) return;
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    for (int other = 1; other < parts; other++) {
                        while (entered.get(other) == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
                    }
                }, parts);
                for (int part = 0; part < parts; part++) {
                    assertEquals(1, entered.get(part), "part " + part + " of " + parts + " in round " + round);
                }
            }
        }
        assertEquals(0, outsiders.get(), "parts at or past the task's count that ran it");
        assertEquals(0, wrongCounts.get(), "parts told another count than the task's");
    }

    @Test
    void aTaskOfNoPartsOrMoreThanThePoolIsRefused() {
        try (KernelWorkers workers = new KernelWorkers(2)) {
            assertThrows(IllegalArgumentException.class, () -> workers.run((part, parts) -> { }, 0));
            assertThrows(IllegalArgumentException.class, () -> workers.run((part, parts) -> { }, 3));
        }
    }

    @Test
    void aWorkersFailureReachesTheCaller() {
        try (KernelWorkers workers = new KernelWorkers(2)) {
            // the caller's part waits until the worker has failed, so the worker is inside the task
            AtomicInteger failed = new AtomicInteger();
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> workers.run((part, parts) -> {
                if (part == 1) {
                    failed.set(1);
                    throw new IllegalStateException("part 1 failed");
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (failed.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
            }));
            assertEquals("part 1 failed", thrown.getMessage());
        }
    }
}
