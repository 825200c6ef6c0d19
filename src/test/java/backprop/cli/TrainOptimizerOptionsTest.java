package backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train}'s optimizer and learning-rate options: each optimizer learns, the progress line shows the scheduled
 * rate, and misused options are refused with the fix.
 */
class TrainOptimizerOptionsTest {

    @TempDir
    Path folder;

    @Test
    void everyOptimizerLearnsSeparatedClusters() throws Exception {
        Path data = TestFiles.clusters(folder.resolve("clusters.csv"), 300, 3, 1);
        for (String[] optimizer : new String[][] {
                {"--optimizer", "sgd", "--momentum", "0.9", "--weight-decay", "1e-4"},
                {"--optimizer", "adam", "--lr", "0.01"},
                {"--optimizer", "adamw", "--lr", "0.01", "--weight-decay", "0.01", "--beta1", "0.8", "--eps", "1e-7"}}) {
            String[] common = {"train", "--data", data.toString(), "--normalize", "standard", "--epochs", "10",
                    "--backend", "scalar", "--quiet"};
            String[] args = new String[common.length + optimizer.length];
            System.arraycopy(common, 0, args, 0, common.length);
            System.arraycopy(optimizer, 0, args, common.length, optimizer.length);
            CommandRun run = CommandRun.of(args);
            assertEquals(0, run.exit(), String.join(" ", optimizer) + ": " + run.err());
            Matcher accuracy = Pattern.compile("train +300 rows .*accuracy ([0-9.]+)").matcher(run.out());
            assertTrue(accuracy.find(), run.out());
            assertTrue(Double.parseDouble(accuracy.group(1)) >= 0.95, String.join(" ", optimizer) + ": " + run.out());
        }
    }

    @Test
    void progressLinesShowTheScheduledRate() throws Exception {
        Path data = TestFiles.clusters(folder.resolve("clusters.csv"), 30, 3, 1);
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--epochs", "3", "--lr", "0.2",
                "--lr-schedule", "step", "--lr-step", "1", "--lr-gamma", "0.5", "--backend", "scalar");
        assertEquals(0, run.exit(), run.err());
        assertTrue(Pattern.compile("epoch 1/3 .* lr 0\\.2000 ").matcher(run.out()).find(), run.out());
        assertTrue(Pattern.compile("epoch 2/3 .* lr 0\\.1000 ").matcher(run.out()).find(), run.out());
        assertTrue(Pattern.compile("epoch 3/3 .* lr 0\\.05000 ").matcher(run.out()).find(), run.out());
    }

    @Test
    void constantRateIsNotRepeatedOnEveryLine() throws Exception {
        Path data = TestFiles.clusters(folder.resolve("clusters.csv"), 30, 3, 1);
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--epochs", "2", "--backend", "scalar");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("epoch 2/2 ") && !run.out().contains(" lr "), run.out());
    }

    @Test
    void unevenlyScaledInputsAreWarnedAboutUnlessNormalizationIsChosen() throws Exception {
        StringBuilder csv = new StringBuilder("small,large,label\n");
        java.util.Random random = new java.util.Random(3);
        for (int r = 0; r < 40; r++) {
            csv.append(random.nextFloat()).append(',').append(1000 * random.nextFloat()).append(',').append(r % 2)
                    .append('\n');
        }
        Path data = java.nio.file.Files.writeString(folder.resolve("uneven.csv"), csv);
        String[] base = {"train", "--data", data.toString(), "--epochs", "1", "--quiet", "--backend", "scalar"};
        CommandRun raw = CommandRun.of(base);
        assertEquals(0, raw.exit(), raw.err());
        assertTrue(raw.err().contains("ranges differ by a factor of") && raw.err().contains("--normalize standard"),
                raw.err());
        for (String method : new String[] {"none", "standard"}) {
            String[] args = java.util.Arrays.copyOf(base, base.length + 2);
            args[base.length] = "--normalize";
            args[base.length + 1] = method;
            CommandRun chosen = CommandRun.of(args);
            assertEquals(0, chosen.exit(), chosen.err());
            assertEquals("", chosen.err(), method);
        }
        Path even = TestFiles.clusters(folder.resolve("clusters.csv"), 30, 3, 1);
        assertEquals("", CommandRun.of("train", "--data", even.toString(), "--epochs", "1", "--quiet").err());
    }

    @Test
    void momentumWithAdamIsRefusedNamingBeta1() throws Exception {
        Path data = TestFiles.clusters(folder.resolve("clusters.csv"), 30, 3, 1);
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--optimizer", "adam", "--momentum", "0.9");
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("--momentum is SGD's; adam uses --beta1"), run.err());
    }

    @Test
    void unknownOptimizerListsTheValidOnes() throws Exception {
        Path data = TestFiles.clusters(folder.resolve("clusters.csv"), 30, 3, 1);
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--optimizer", "rmsprop");
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("expected sgd, adam or adamw"), run.err());
    }

    @Test
    void negativeWeightDecayIsRefused() throws Exception {
        Path data = TestFiles.clusters(folder.resolve("clusters.csv"), 30, 3, 1);
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--weight-decay", "-1");
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("--weight-decay must be a finite number >= 0"), run.err());
    }
}
