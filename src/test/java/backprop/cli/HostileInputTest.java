package backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hostile inputs issue 21 found, each refused in one line that names the file or the option, before it costs. */
class HostileInputTest {

    @TempDir
    Path dir;

    @Test
    void aModelFileOfDeeplyNestedBracketsIsNotValidJsonAtItsPlace() throws IOException {
        Path model = Files.writeString(dir.resolve("deep.json"), "[".repeat(100_000) + "]".repeat(100_000));
        Path data = TestFiles.clusters(dir.resolve("c.csv"), 6, 2, 1);
        CommandRun run = CommandRun.of("predict", "--model", model.toString(), "--data", data.toString());
        assertEquals(1, run.exit(), run.err());
        assertEquals("predict: deep.json: not valid JSON (line 1, column 66: Document nesting depth (65) exceeds the"
                + " maximum allowed (64))\n", run.err());
    }

    @Test
    void aHiddenLayerNoArrayCanHoldIsRefusedBeforeTraining() throws IOException {
        Path data = TestFiles.clusters(dir.resolve("c.csv"), 6, 2, 1);
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--hidden", "2000000000");
        assertEquals(1, run.exit(), run.err());
        assertEquals("train: a 4-2000000000-1 network has 8000000000 weights between layers 0 and 1, more than a Java"
                + " array holds (2147483639)\n", run.err());
    }

    @Test
    void aNetworkTheHeapCannotHoldSaysHowMuchItNeedsAndHowToGiveJavaMore() throws IOException {
        Path data = TestFiles.clusters(dir.resolve("c.csv"), 6, 2, 1);
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--hidden", "200000000,10");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().matches("train: a 4-200000000-10-1 network needs 53\\.6 GB of memory but this JVM has"
                + " .* left of its .* maximum; give java more with -Xmx, for example -Xmx\\d+g\n"), run.err());
    }

    @Test
    void xorRefusesAHiddenLayerNoArrayCanHold() {
        CommandRun run = CommandRun.of("xor", "--hidden", "2000000000");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().startsWith("xor: a 2-2000000000-1 network has 4000000000 weights"), run.err());
    }

    @Test
    void anIdxHeaderPromisingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        Path images = TestFiles.idx(dir.resolve("x-images-idx3-ubyte"), new int[] {1 << 20, 32, 32}, new byte[16]);
        TestFiles.idx(dir.resolve("x-labels-idx1-ubyte"), new int[] {1}, new byte[1]);
        CommandRun run = CommandRun.of("train", "--data", images.toString());
        assertEquals(1, run.exit(), run.err());
        assertEquals("train: " + images + ": truncated: the header promises 1073741824 bytes of data, found 16\n",
                run.err());
    }

    @Test
    void textColumnsTheHeapCannotHoldAreRefusedWhileReading() throws Exception {
        Path data = TestFiles.clusters(dir.resolve("c.csv"), 6, 2, 1);
        Path model = dir.resolve("m.json");
        assertEquals(0, CommandRun.of("train", "--data", data.toString(), "--hidden", "3", "--epochs", "1", "--quiet",
                "--save", model.toString()).exit());
        String header = Files.readAllLines(data).get(0);
        String inputs = header.substring(0, header.lastIndexOf(','));
        // 150,000 rows with a kept text column of 400 characters: about 60 MB of text for a 64 MB heap
        Path big = dir.resolve("notes.csv");
        try (BufferedWriter out = Files.newBufferedWriter(big)) {
            out.write(inputs + ",note\n");
            String note = "n".repeat(392);
            String numbers = "0.5,".repeat(inputs.split(",").length);
            for (int row = 0; row < 150_000; row++) out.write(numbers + note + String.format("%08d", row) + "\n");
        }
        List<String> command = ChildJvm.command(Main.class, "predict", "--model", model.toString(), "--data",
                big.toString(), "--keep", "note", "--out", dir.resolve("out.csv").toString());
        command.add(1, "-Xmx64m");
        ChildJvm.Ended ended = ChildJvm.run(command, dir.resolve("err.txt"));
        assertEquals(1, ended.exit(), ended.err());
        assertTrue(ended.err().matches("predict: " + java.util.regex.Pattern.quote(big.toString()) + ":\\d+: \\d+ rows of"
                + " \\d+ columns so far; room for more needs .* of memory but this JVM has .* left of its .* maximum;"
                + " give java more with -Xmx, for example -Xmx\\d+g\n"), ended.err());
    }
}
