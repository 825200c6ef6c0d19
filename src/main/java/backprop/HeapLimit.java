package backprop;

import java.util.Locale;
import java.util.Optional;

/**
 * Sizes taken from a file, a header or an option, checked before anything of that size is allocated: a number in a
 * file is someone else's claim, and an OutOfMemoryError halfway through helps nobody.
 */
public final class HeapLimit {

    /** The longest array HotSpot allocates. */
    public static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private HeapLimit() {
    }

    /**
     * Why {@code bytes} more cannot be allocated, or empty when the heap can still give them: for example
     * {@code "needs 12.0 GB of memory but this JVM has 1.9 GB left of its 2.0 GB maximum; give java more with -Xmx,
     * for example -Xmx13g"}.
     */
    public static Optional<String> shortfall(long bytes) {
        Runtime runtime = Runtime.getRuntime();
        long max = runtime.maxMemory();
        long left = max - (runtime.totalMemory() - runtime.freeMemory());
        if (bytes >= 0 && bytes > left && bytes <= max) {
            // garbage counts as used until a collection: collect once before refusing
            System.gc();
            left = max - (runtime.totalMemory() - runtime.freeMemory());
        }
        if (bytes >= 0 && bytes <= left) return Optional.empty();
        if (bytes < 0) {
            return Optional.of("needs more memory than a long can count, more than any -Xmx gives java");
        }
        long suggestedGigabytes = (bytes + max - left) / (1L << 30) + 1;
        return Optional.of("needs " + format(bytes) + " of memory but this JVM has " + format(left) + " left of its "
                + format(max) + " maximum; give java more with -Xmx, for example -Xmx" + suggestedGigabytes + "g");
    }

    /** {@code count * bytesEach}, or -1 when the product does not fit in a long. */
    public static long times(long count, long bytesEach) {
        try {
            return Math.multiplyExact(count, bytesEach);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    static String format(long bytes) {
        if (bytes < 1L << 20) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        if (bytes < 1L << 30) return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
        if (bytes < 1L << 40) return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        return String.format(Locale.ROOT, "%.1f TB", bytes / (double) (1L << 40));
    }
}
