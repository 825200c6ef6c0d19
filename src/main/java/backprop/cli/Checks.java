package backprop.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Option values picocli's types cannot rule out; each failure is a usage error (exit 2). */
final class Checks {

    private Checks() {
    }

    static void positive(CommandSpec spec, String option, long value) {
        if (value <= 0) throw usage(spec, option + " must be a positive number, got " + value);
    }

    static void positiveFinite(CommandSpec spec, String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw usage(spec, option + " must be a positive finite number, got " + value);
        }
    }

    static void layerSizes(CommandSpec spec, String option, int[] sizes) {
        for (int size : sizes) {
            if (size <= 0) throw usage(spec, option + ": layer sizes must be positive, got " + size);
        }
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
