package backprop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs {@code target/backprop.jar} the way the README says, in a fresh JVM. */
final class Jar {

    private Jar() {
    }

    /** What one run printed and how it exited. */
    static final class Result {
        final int exitCode;
        final String out;
        /** Standard error without the JVM's incubator-module warning. */
        final String err;

        Result(int exitCode, String out, String err) {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        List<String> outLines() {
            return out.lines().collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Path jar() {
        String jar = System.getProperty("backprop.jar");
        assertTrue(jar != null && Files.isRegularFile(Paths.get(jar)), "system property backprop.jar: " + jar);
        return Paths.get(jar);
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector", "-jar", jar().toString()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    static Result run(Path workDir, String... args) {
        try {
            Path out = Files.createTempFile("backprop-out", ".txt");
            Path err = Files.createTempFile("backprop-err", ".txt");
            Process process = new ProcessBuilder(command(args)).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("timed out: " + String.join(" ", args));
            }
            return finished(process, out, err);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result finished(Process process, Path out, Path err) throws IOException {
        String errText = Files.readString(err, StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("WARNING: Using incubator modules"))
                .map(line -> line + "\n").collect(Collectors.joining());
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), errText);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }

    /** The value after {@code key} in a line such as {@code test 359 rows  ...  accuracy 0.9582}. */
    static double number(String line, String key) {
        String[] words = line.trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) if (words[i].equals(key)) return Double.parseDouble(words[i + 1]);
        throw new AssertionError("no '" + key + "' in: " + line);
    }

    static String lineStarting(Result result, String prefix) {
        return result.outLines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting '" + prefix + "' in\n" + result));
    }
}
