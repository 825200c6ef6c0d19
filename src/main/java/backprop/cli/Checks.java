package backprop.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;

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
