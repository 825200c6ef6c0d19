package backprop.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import backprop.HeapLimit;
import backprop.Network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

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

    /**
     * Refuses a network that no Java array or not the heap can hold, before any of it is allocated: what it needs is
     * the parameters four times over (the network, its gradients, the last finite copy, the momentum velocities)
     * and every layer's activations and deltas for {@code batchRows} rows, all floats.
     */
    static void networkFits(int[] layers, long batchRows) {
        String shape = "a " + Arrays.stream(layers).mapToObj(String::valueOf).collect(Collectors.joining("-"))
                + " network";
        for (int l = 0; l + 1 < layers.length; l++) {
            long weights = (long) layers[l] * layers[l + 1];
            if (weights > HeapLimit.MAX_ARRAY_LENGTH) {
                throw new Main.CommandFailure(shape + " has " + weights + " weights between layers " + l + " and "
                        + (l + 1) + ", more than a Java array holds (" + HeapLimit.MAX_ARRAY_LENGTH + ")");
            }
        }
        long units = 0;
        for (int size : layers) units += size;
        long floats = 4 * Network.parameterCount(layers) + 2 * batchRows * units;
        HeapLimit.shortfall(HeapLimit.times(floats, Float.BYTES)).ifPresent(why -> {
            throw new Main.CommandFailure(shape + " " + why);
        });
    }

    /** Fails before any work is done when an output file could not be written at the end. */
    static void outputFolder(Path file) {
        if (file == null) return;
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new Main.CommandFailure(file + ": folder does not exist");
        }
        if (Files.isDirectory(file)) throw new Main.CommandFailure(file + ": is a folder");
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
