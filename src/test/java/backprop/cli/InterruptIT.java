package backprop.cli;

import backprop.ModelFile;
import backprop.Network;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Ctrl-C during {@code train --save} ends the step, saves the model atomically and exits 130; SIGTERM does the same
 * and exits 143, the JVM's code for it; a second Ctrl-C while the model is saved changes nothing.
 */
class InterruptIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} x{1} exits {2}")
    @CsvSource({"INT, 1, 130", "TERM, 1, 143", "INT, 2, 130"})
    void aSignalSavesTheModelAndExitsWithItsCode(String signal, int times, int exitCode)
            throws IOException, InterruptedException {
        Path digits = Paths.get("data/digits.csv").toAbsolutePath();
        Path model = Files.writeString(dir.resolve("model.json"), "an older model\n");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(Jar.command("train", "--data", digits.toString(), "--hidden", "16",
                "--epochs", "100000", "--backend", "scalar", "--save", model.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!Files.readString(out).contains("epoch 2/")) {
                if (!process.isAlive() || System.nanoTime() > deadline) fail("training did not get going");
                Thread.sleep(50);
            }
            for (int i = 0; i < times; i++) {
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
                assertEquals(0, kill.waitFor());
            }
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "exits after Ctrl-C");
        } finally {
            process.destroyForcibly();
        }
        Jar.Result result = Jar.finished(process, out, err);
        assertEquals(exitCode, result.exitCode, result.toString());
        assertEquals("train: interrupted\n", result.err);
        assertTrue(result.outLines().get(result.outLines().size() - 1)
                .matches("saved .*model\\.json \\(interrupted during epoch \\d+\\)"), result.out);
        Network saved = ModelFile.read(model);
        assertEquals("64-16-10 sigmoid/softmax", saved.describe());
        assertTrue(saved.isFinite());
    }
}
