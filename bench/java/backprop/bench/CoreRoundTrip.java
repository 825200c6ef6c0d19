package backprop.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far apart two cores of this machine are: the time a value written by one thread takes to reach another and
 * come back, printed as JSON ({@code {"roundTripNanos":452.0}}). A shared host puts a VM's virtual cores next to
 * each other or on different dies, and moves them while a benchmark runs (docs/DESIGN.md, "Threads"); every product
 * two threads share pays for each cache line one core writes and the other reads, so a multi-thread figure means
 * little without this. {@code bench/run} takes it just before and just after each multi-thread benchmark. Usage:
 * {@code CoreRoundTrip}; it needs two cores.
 */
public final class CoreRoundTrip {

    private static final int ROUNDS = 7;
    private static final int TRIPS_PER_ROUND = 100_000;
    /** The two counters, a cache line and more apart, so that each trip moves each line once each way. */
    private static final int PING = 0;
    private static final int PONG = 16;

    private CoreRoundTrip() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            System.err.println("CoreRoundTrip: this machine has one core, so there is no round trip between two");
            System.exit(2);
        }
        System.out.printf(Locale.ROOT, "{\"roundTripNanos\":%.1f}%n", medianRoundTripNanos());
    }

    /** The median over {@value #ROUNDS} rounds (after one more to warm up) of the mean round trip in each. */
    static double medianRoundTripNanos() throws InterruptedException {
        AtomicLongArray counters = new AtomicLongArray(PONG + 1);
        long trips = (long) (ROUNDS + 1) * TRIPS_PER_ROUND;
        Thread echo = new Thread(() -> {
            for (long i = 1; i <= trips; i++) {
                while (counters.get(PING) < i) {
                    // spin: a pause here would add its own latency to every trip
                }
                counters.set(PONG, i);
            }
        }, "backprop-round-trip");
        echo.setDaemon(true);
        echo.start();
        double[] nanos = new double[ROUNDS];
        long trip = 0;
        for (int round = -1; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < TRIPS_PER_ROUND; i++) {
                trip++;
                counters.set(PING, trip);
                while (counters.get(PONG) < trip) {
                    // spin: a pause here would add its own latency to every trip
                }
            }
            if (round >= 0) nanos[round] = (System.nanoTime() - start) / (double) TRIPS_PER_ROUND;
        }
        echo.join();
        Arrays.sort(nanos);
        return nanos[ROUNDS / 2];
    }
}
