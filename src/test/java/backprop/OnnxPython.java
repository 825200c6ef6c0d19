package backprop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Python with the {@code onnx}, {@code onnxruntime} and {@code numpy} packages, for the tests that check an
 * exported model the way Python users load it: the first {@code python3} of PATH that imports them, else the virtual
 * environment {@code target/onnx-venv}, made on first use by pip from the machine's local wheels. Where neither
 * works, the tests that need it are skipped, saying why.
 */
public final class OnnxPython {

    private static final String PACKAGES = "onnx onnxruntime numpy";
    private static final Path VENV = Path.of("target", "onnx-venv").toAbsolutePath();
    private static final long INSTALL_SECONDS = 300;

    private static String python;
    private static String whyNot;

    private OnnxPython() {
    }

    /** The Python to run; skips the calling test, with the reason, where there is none. */
    public static synchronized String require() {
        if (python == null && whyNot == null) find();
        assumeTrue(python != null, () -> "no Python with " + PACKAGES + ": " + whyNot);
        return python;
    }

    private static void find() {
        String venvPython = VENV.resolve("bin").resolve("python").toString();
        for (String candidate : List.of("python3", venvPython)) {
            if (imports(candidate)) {
                python = candidate;
                return;
            }
        }
        Result made = run(List.of("python3", "-m", "venv", VENV.toString()), Path.of("."), INSTALL_SECONDS);
        if (made.exit != 0) {
            whyNot = "python3 -m venv " + VENV + " failed: " + made.lastLine();
            return;
        }
        List<String> pip = new ArrayList<>(List.of(VENV.resolve("bin").resolve("pip").toString(), "install", "-q",
                "--retries", "0"));
        pip.addAll(List.of(PACKAGES.split(" ")));
        Result installed = run(pip, Path.of("."), INSTALL_SECONDS);
        if (installed.exit != 0 || !imports(venvPython)) {
            whyNot = "pip could not install " + PACKAGES + " into " + VENV + ": " + installed.lastLine();
            return;
        }
        python = venvPython;
    }

    private static boolean imports(String candidate) {
        return run(List.of(candidate, "-c", "import onnx, onnxruntime, numpy"), Path.of("."), 60).exit == 0;
    }

    /** Runs {@code command} in {@code folder}; exit 127 with the reason as output when it cannot start. */
    public static Result run(List<String> command, Path folder, long timeoutSeconds) {
        try {
            Path output = Files.createTempFile("python", ".out");
            try {
                Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    return new Result(124, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(127, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }

    /** A finished command: its exit code and what it printed. */
    public record Result(int exit, String output) {
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "exit " + exit : lines.get(lines.size() - 1);
        }
    }
}
