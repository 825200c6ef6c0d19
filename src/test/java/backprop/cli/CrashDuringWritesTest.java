package backprop.cli;

import backprop.Temporaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code kill -9} of a JVM in the middle of {@code train --save --history} and {@code predict --out}, many times at
 * random points: afterwards every target is the previous file byte for byte or a complete new one, and the
 * temporary files a kill leaves are removed by the next write of the same target. {@code -Dbackprop.crash.kills=200}
 * runs the 200 kills; the default keeps the suite short.
 */
class CrashDuringWritesTest {

    static final long[] SEEDS = {1, 2};
    private static final int EPOCHS = 3;
    private static final int KILLS = Integer.getInteger("backprop.crash.kills", 20);
    /** Kills land up to this long after the child's first round, spread over the next few rounds of writes. */
    private static final int LATEST_KILL_MILLIS = 150;
    private static final List<String> TARGETS = List.of("model.json", "history.csv", "predictions.csv");

    @TempDir
    Path dir;

    /** One round of the child: every target written once, with contents decided by {@code seed}. */
    static void trainAndPredict(Path dir, long seed) {
        String data = dir.resolve("data.csv").toString();
        String model = dir.resolve("model.json").toString();
        expectOk(CommandRun.of("train", "--data", data, "--hidden", "24", "--epochs", Integer.toString(EPOCHS),
                "--seed", Long.toString(seed), "--backend", "scalar", "--quiet", "--save", model,
                "--history", dir.resolve("history.csv").toString()));
        expectOk(CommandRun.of("predict", "--model", model, "--data", data, "--backend", "scalar",
                "--out", dir.resolve("predictions.csv").toString()));
    }

    private static void expectOk(CommandRun run) {
        if (run.exit() != 0) throw new IllegalStateException(run.err());
    }

    @Test
    void everyTargetIsTheOldFileOrACompleteNewOneAfterEachKill() throws Exception {
        TestFiles.clusters(dir.resolve("data.csv"), 300, 3, 7);
        byte[][] models = new byte[SEEDS.length][];
        byte[][] predictions = new byte[SEEDS.length][];
        for (int s = 0; s < SEEDS.length; s++) {
            trainAndPredict(dir, SEEDS[s]);
            models[s] = Files.readAllBytes(dir.resolve("model.json"));
            predictions[s] = Files.readAllBytes(dir.resolve("predictions.csv"));
        }
        Random random = new Random(21);
        int killsThatLeftATemporary = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = startChild();
            try {
                Thread.sleep(random.nextInt(LATEST_KILL_MILLIS));
            } finally {
                child.destroyForcibly();
            }
            assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the killed child ends");
            String after = "after kill " + (kill + 1);
            assertOneOf(models, dir.resolve("model.json"), after);
            assertOneOf(predictions, dir.resolve("predictions.csv"), after);
            assertCompleteHistory(dir.resolve("history.csv"), after);
            if (!Temporaries.in(dir).isEmpty()) killsThatLeftATemporary++;
        }
        trainAndPredict(dir, SEEDS[0]);
        assertEquals(List.of(), Temporaries.in(dir), "the next writes remove what the kills left");
        System.out.println(KILLS + " kills, " + killsThatLeftATemporary + " of them left a temporary file behind");
    }

    private Process startChild() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(ChildJvm.command(WriteLoop.class, dir.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            child.destroyForcibly();
            fail("the child did not start: " + line);
        }
        // the child prints on: keep its pipe drained so that it never blocks
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        drain.setDaemon(true);
        drain.start();
        return child;
    }

    private static void assertOneOf(byte[][] contents, Path file, String when) throws IOException {
        byte[] actual = Files.readAllBytes(file);
        for (byte[] content : contents) if (Arrays.equals(content, actual)) return;
        assertArrayEquals(contents[0], actual, file + " " + when + " is none of the contents it can have");
    }

    private static void assertCompleteHistory(Path file, String when) throws IOException {
        String text = Files.readString(file);
        List<String> lines = text.lines().toList();
        assertTrue(text.endsWith("\n") && lines.size() == EPOCHS + 1 && lines.get(0).startsWith("epoch,")
                && lines.get(EPOCHS).startsWith(EPOCHS + ","), file + " " + when + " is incomplete:\n" + text);
    }
}
