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

    @Option(names = "--threads", paramLabel = "N", converter = ThreadsConverter.class,
            description = "Threads that split each large matrix product (vector backend; default: all ${DEFAULT-VALUE}"
                    + " cores; a product takes as many as its size keeps busy). Results are the same for any count.")
    int threads = Runtime.getRuntime().availableProcessors();

    /** The kernels asked for; {@code auto} falls back to scalar, saying why once. */
    Kernels kernels() {
        return KernelProvider.create(backend, threads);
    }

    /** The kernels for a run of {@code multiplyAdds} in all: {@code auto} is scalar for a short one. */
    Kernels kernelsForRun(double multiplyAdds) {
        return KernelProvider.createForRun(backend, threads, multiplyAdds);
    }

    static final class ThreadsConverter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int threads;
            try {
                threads = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a whole number");
            }
            if (threads < 1) throw new picocli.CommandLine.TypeConversionException("must be at least 1, got " + threads);
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
