package backprop.kernel;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Chooses the kernels, the way Lucene's {@code VectorizationProvider} does: the vector implementation is named
 * only by reflection, so no class that loads without {@code jdk.incubator.vector} ever touches a vector type.
 */
public final class KernelProvider {

    /** The flag that makes the vector backend available. */
    public static final String ENABLE_FLAG = "--add-modules jdk.incubator.vector";

    private static final String VECTOR_CLASS = "backprop.kernel.vector.VectorKernels";
    private static volatile boolean fallbackReported;

    private KernelProvider() {
    }

    /** Fresh kernels for one trainer. {@code AUTO} falls back to scalar with one line on stderr per JVM. */
    public static Kernels create(Backend backend) {
        return create(backend, 1);
    }

    /**
     * Fresh kernels for one trainer that split large products across {@code threads} threads (the caller and
     * worker threads that live as long as the kernels), with results identical for any thread count. The scalar
     * backend, the textbook baseline, always runs on the caller's thread.
     */
    public static Kernels create(Backend backend, int threads) {
        return create(backend, threads, false);
    }

    /**
     * As {@link #create(Backend, int)}; with {@code timesThreads}, vector kernels of more than one thread choose as
     * they train between all their threads and the calling thread alone, by timing the trainer's steps on each
     * (results are the same either way).
     */
    public static Kernels create(Backend backend, int threads, boolean timesThreads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        switch (backend) {
            case SCALAR:
                return new ScalarKernels();
            case VECTOR: {
                Optional<String> missing = whyVectorUnavailable();
                if (missing.isPresent()) {
                    throw new BackendUnavailableException("the vector backend is not available: " + missing.get());
                }
                return instantiateVector(threads, timesThreads);
            }
            default: {
                Optional<String> missing = whyVectorUnavailable();
                if (missing.isEmpty()) return instantiateVector(threads, timesThreads);
                if (!fallbackReported) {
                    fallbackReported = true;
                    System.err.println("backprop: using the scalar backend because " + missing.get());
                }
                return new ScalarKernels();
            }
        }
    }

    /**
     * Multiply-adds of a whole run below which {@link Backend#AUTO} picks the scalar kernels. Until C2 has compiled
     * them, the vector kernels run interpreted, far slower than the scalar loops, and that costs about a second of
     * a run; a run shorter than this (the README's 20-epoch digits run is about 2e8) ends sooner on scalar.
     */
    public static final double SHORT_RUN_MULTIPLY_ADDS = 3e9;

    /**
     * Fresh kernels for a run of {@code multiplyAdds} multiply-adds in all: as {@link #create(Backend, int)}, but
     * {@code AUTO} takes the scalar kernels for a run shorter than {@link #SHORT_RUN_MULTIPLY_ADDS}, whatever the JVM.
     */
    public static Kernels createForRun(Backend backend, int threads, double multiplyAdds) {
        return createForRun(backend, threads, false, multiplyAdds);
    }

    /** As {@link #createForRun(Backend, int, double)}, with {@code timesThreads} as in {@link #create(Backend, int, boolean)}. */
    public static Kernels createForRun(Backend backend, int threads, boolean timesThreads, double multiplyAdds) {
        if (backend == Backend.AUTO && multiplyAdds < SHORT_RUN_MULTIPLY_ADDS) return create(Backend.SCALAR, threads);
        return create(backend, threads, timesThreads);
    }

    /**
     * Multiply-adds of the products of one training step per row of the batch: each layer's forward product and
     * weight gradient, and the delta of every layer but the first.
     */
    public static double trainingMultiplyAddsPerRow(int[] layers) {
        double total = 0;
        for (int l = 0; l + 1 < layers.length; l++) {
            total += (l == 0 ? 2.0 : 3.0) * layers[l] * layers[l + 1];
        }
        return total;
    }

    /** Multiply-adds of a forward pass per row. */
    public static double inferenceMultiplyAddsPerRow(int[] layers) {
        double total = 0;
        for (int l = 0; l + 1 < layers.length; l++) total += (double) layers[l] * layers[l + 1];
        return total;
    }

    /** Why the vector backend cannot run in this JVM, or empty when it can. */
    public static Optional<String> whyVectorUnavailable() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.of("jdk.incubator.vector is not loaded (run java with " + ENABLE_FLAG + ")");
        }
        if (!c2Enabled()) {
            return Optional.of("the C2 compiler is off in this JVM (-Xint or -XX:TieredStopAtLevel below 4),"
                    + " and vector code is slow without it");
        }
        if (HotSpotOptions.value("UseFMA").filter("false"::equals).isPresent()) {
            return Optional.of("this JVM has no fused multiply-add instructions to use (a CPU without FMA, or"
                    + " -XX:-UseFMA), and the vector kernels, built on them, would run each one as slow Java code");
        }
        int maxVectorBytes = HotSpotOptions.intValue("MaxVectorSize", MIN_VECTOR_BYTES);
        if (maxVectorBytes < MIN_VECTOR_BYTES) {
            return Optional.of("this JVM's vectors are " + maxVectorBytes * Byte.SIZE + " bits wide"
                    + " (-XX:MaxVectorSize=" + maxVectorBytes + "), too narrow to be faster than the scalar loops");
        }
        return Optional.empty();
    }

    /** The narrowest vectors, in bytes, the vector kernels are faster with than the scalar loops: 4 floats. */
    private static final int MIN_VECTOR_BYTES = 16;

    /** True when HotSpot's optimising compiler is on; the Vector API is only intrinsified by C2. */
    public static boolean c2Enabled() {
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode") || info.contains("emulated-client")) return false;
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.equals("-Xint") || arg.equals("-client")) return false;
            if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                try {
                    if (Integer.parseInt(arg.substring("-XX:TieredStopAtLevel=".length())) < 4) return false;
                } catch (NumberFormatException ignored) {
                    // the JVM itself would have refused such an argument
                }
            }
        }
        return true;
    }

    private static Kernels instantiateVector(int threads, boolean timesThreads) {
        try {
            return (Kernels) Class.forName(VECTOR_CLASS).getDeclaredConstructor(int.class, boolean.class)
                    .newInstance(threads, timesThreads);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new BackendUnavailableException("the vector backend failed to load: " + e);
        }
    }

    /** Thrown when the vector backend is asked for by name and this JVM cannot run it. */
    public static final class BackendUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Says why the vector backend cannot run and how to enable it. */
        public BackendUnavailableException(String message) {
            super(message);
        }
    }
}
