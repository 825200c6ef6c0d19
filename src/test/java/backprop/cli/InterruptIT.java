package backprop.cli;

import backprop.ModelFile;
import backprop.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Ctrl-C during {@code train --save} ends the step, saves the model atomically and exits 130. */
class InterruptIT {

    @TempDir
    Path dir;

    @Test
    void ctrlCSavesTheModelAndExits130() throws IOException, InterruptedException {
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
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "exits after Ctrl-C");
        } finally {
            process.destroyForcibly();
        }
        Jar.Result result = Jar.finished(process, out, err);
        assertEquals(130, result.exitCode, result.toString());
        assertEquals("train: interrupted\n", result.err);
        assertTrue(result.outLines().get(result.outLines().size() - 1)
                .matches("saved .*model\\.json \\(interrupted during epoch \\d+\\)"), result.out);
        Network saved = ModelFile.read(model);
        assertEquals("64-16-10 sigmoid/softmax", saved.describe());
        assertTrue(saved.isFinite());
    }
}
