package backprop.cli;

import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import picocli.CommandLine.Option;

/** {@code --backend auto|vector|scalar}, shared by every command that computes. */
final class BackendOption {

    @Option(names = "--backend", paramLabel = "auto|vector|scalar", converter = BackendConverter.class,
            description = "Kernels to compute with (default: ${DEFAULT-VALUE}; auto is vector when this JVM can"
                    + " run it, else scalar).")
    Backend backend = Backend.AUTO;

    /** The kernels asked for; {@code auto} also falls back to scalar when the vector class fails to load. */
    Kernels kernels() {
        try {
            return KernelProvider.create(backend);
        } catch (KernelProvider.BackendUnavailableException e) {
            if (backend != Backend.AUTO) throw e;
            System.err.println("backprop: using the scalar backend because " + e.getMessage());
            return KernelProvider.create(Backend.SCALAR);
        }
    }

    static final class BackendConverter implements picocli.CommandLine.ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            return Backend.parse(value);
        }
    }
}
