package backprop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command that runs a main class of the test class path in a JVM of its own, to be killed or starved. */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1",
                // no hsperfdata file: a child with a file-size limit writes nothing but its own output
                "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** How a child ended: its exit code and its standard error without the JVM's incubator warning. */
    record Ended(int exit, String err) {
    }

    /** Runs {@code command} to its end (two minutes at most), its output discarded, its errors through {@code errFile}. */
    static Ended run(List<String> command, Path errFile) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errFile.toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the command ends");
        String err = Files.readString(errFile).lines().filter(line -> !line.startsWith("WARNING: Using incubator"))
                .map(line -> line + "\n").reduce("", String::concat);
        Files.delete(errFile);
        return new Ended(process.exitValue(), err);
    }
}
