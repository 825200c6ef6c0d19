package backprop.kernel.vector;

import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Chooses, while a run trains, whether the kernels split their products across all their threads or run on the
 * calling thread alone, by timing training steps on each. Whether two threads pay depends on more than a product's
 * size: on a VM whose two cores sit on different dies, every line one thread writes and the other reads costs
 * hundreds of nanoseconds, and a mid-sized network (Fashion-MNIST's 784-128-10 at batch 64) trains slower on two
 * threads than on one, while on cores that share a cache it trains faster; where the host puts the cores changes
 * from one minute to the next. So a trial alternates short windows of steps on each count, keeps each count's
 * fastest window (a window that a busy host or a compilation interrupted reads slow, and is not the count's), and
 * runs on the faster count until the next trial. The first trials come early and often, while the kernels are still
 * being compiled and a window says little; the settled stretch between trials doubles up to
 * {@link #MAX_SETTLED_WINDOWS}, so that trials cost a few percent of the run at most. Thread counts never change a
 * product's bits, so neither does the choice.
 */
final class ThreadTuning {

    /** Steps in one timed window. */
    static final int WINDOW_STEPS = 16;
    /** Windows of each thread count in one trial. */
    static final int TRIAL_ROUNDS = 3;
    /** Windows on the chosen count after the first trial, doubled after each trial up to {@link #MAX_SETTLED_WINDOWS}. */
    static final int FIRST_SETTLED_WINDOWS = 16;
    static final int MAX_SETTLED_WINDOWS = 256;

    private final int windowSteps;
    private final int trialRounds;
    private final int maxSettledWindows;
    /** The two counts tried: all the kernels' threads, and the caller alone. */
    private final int[] counts;
    private final IntConsumer use;
    private final LongSupplier clock;
    /** The fastest window of each count in the current trial, in the clock's nanoseconds. */
    private final long[] fastest = new long[2];

    private int stepsInWindow;
    private long windowStart;
    /** Windows ended in the current trial, or -1 while settled. */
    private int trialWindow;
    private int settledWindowsLeft;
    private int settledWindows;
    private int chosen;
    private int trials;

    /** Tunes between {@code threads} (at least 2) and one, telling {@code use} each count to switch to. */
    ThreadTuning(int threads, IntConsumer use) {
        this(threads, use, System::nanoTime, WINDOW_STEPS, TRIAL_ROUNDS, FIRST_SETTLED_WINDOWS, MAX_SETTLED_WINDOWS);
    }

    /** For tests: another clock and other window lengths. */
    ThreadTuning(int threads, IntConsumer use, LongSupplier clock, int windowSteps, int trialRounds,
                 int firstSettledWindows, int maxSettledWindows) {
        if (threads < 2) throw new IllegalArgumentException("tuning needs at least 2 threads, got " + threads);
        if (windowSteps < 1 || trialRounds < 1 || firstSettledWindows < 1 || maxSettledWindows < firstSettledWindows) {
            throw new IllegalArgumentException("windows of " + windowSteps + " steps, " + trialRounds
                    + " rounds, " + firstSettledWindows + " to " + maxSettledWindows + " settled windows");
        }
        this.settledWindows = firstSettledWindows;
        this.counts = new int[] {threads, 1};
        this.use = use;
        this.clock = clock;
        this.windowSteps = windowSteps;
        this.trialRounds = trialRounds;
        this.maxSettledWindows = maxSettledWindows;
        this.chosen = threads;
        startTrial();
    }

    /** The thread count in use now. */
    int current() {
        return trialWindow >= 0 ? counts[trialWindow % 2] : chosen;
    }

    /** The count the last trial chose; all the threads before the first trial ends. */
    int chosen() {
        return chosen;
    }

    /** Trials ended so far. */
    int trials() {
        return trials;
    }

    /** Counts a training step that has just ended; every {@link #WINDOW_STEPS}th ends a window. */
    void stepEnded() {
        if (++stepsInWindow < windowSteps) return;
        long now = clock.getAsLong();
        long elapsed = now - windowStart;
        stepsInWindow = 0;
        windowStart = now;
        if (trialWindow < 0) {
            if (--settledWindowsLeft <= 0) startTrial();
            return;
        }
        int tried = trialWindow % 2;
        fastest[tried] = Math.min(fastest[tried], elapsed);
        trialWindow++;
        if (trialWindow < 2 * trialRounds) {
            use.accept(counts[trialWindow % 2]);
            return;
        }
        chosen = fastest[1] < fastest[0] ? counts[1] : counts[0];
        trials++;
        trialWindow = -1;
        settledWindowsLeft = settledWindows;
        settledWindows = Math.min(2 * settledWindows, maxSettledWindows);
        use.accept(chosen);
    }

    private void startTrial() {
        trialWindow = 0;
        fastest[0] = Long.MAX_VALUE;
        fastest[1] = Long.MAX_VALUE;
        windowStart = clock.getAsLong();
        stepsInWindow = 0;
        use.accept(counts[0]);
    }
}
