package backprop.cli;

import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import picocli.CommandLine.Option;

/** {@code --backend auto|vector|scalar}, shared by every command that computes. */
final class BackendOption {

    @Option(names = "--backend", paramLabel = "auto|vector|scalar", converter = BackendConverter.class,
            description = "Kernels to compute with (default: ${DEFAULT-VALUE}; auto is vector when this JVM can"
                    + " run it and the run is long enough to repay compiling it, else scalar).")
    Backend backend = Backend.AUTO;

    /** {@code --threads auto}: all the cores, or the caller alone where timed steps show that one is faster. */
    static final int AUTO_THREADS = 0;

    @Option(names = "--threads", paramLabel = "auto|N", converter = ThreadsConverter.class,
            description = "Threads that split each large matrix product (vector backend). auto (the default) has all"
                    + " cores' threads and, while training, times steps on them and on one thread and keeps the"
                    + " faster; N uses N. A product takes as many as its size keeps busy. Results are the same for"
                    + " any count.")
    int threads = AUTO_THREADS;

    /** The kernels asked for; {@code auto} falls back to scalar, saying why once. */
    Kernels kernels() {
        return KernelProvider.create(backend, threadCount(), threads == AUTO_THREADS);
    }

    /** The kernels for a run of {@code multiplyAdds} in all: {@code auto} is scalar for a short one. */
    Kernels kernelsForRun(double multiplyAdds) {
        return KernelProvider.createForRun(backend, threadCount(), threads == AUTO_THREADS, multiplyAdds);
    }

    private int threadCount() {
        return threads == AUTO_THREADS ? Runtime.getRuntime().availableProcessors() : threads;
    }

    static final class ThreadsConverter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            if (value.trim().equalsIgnoreCase("auto")) return AUTO_THREADS;
            int threads;
            try {
                threads = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is neither auto nor a whole number");
            }
            if (threads < 1) throw new picocli.CommandLine.TypeConversionException("must be auto or at least 1, got " + threads);
            return threads;
        }
    }

    static final class BackendConverter implements picocli.CommandLine.ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            return Backend.parse(value);
        }
    }
}
