package backprop.cli;

import backprop.plot.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The picture options of {@code xor} and {@code train}, through the real command tree. */
class PicturesCommandTest {

    @TempDir
    Path dir;

    private static void assertOneLineError(CommandRun run, int exit, String text) {
        assertEquals(exit, run.exit(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(text), run.err());
    }

    @Test
    void xorWritesItsLossCurveBoundaryAndFramesBesideTheDemo() throws Exception {
        Path plot = dir.resolve("loss.svg");
        Path boundary = dir.resolve("xor.png");
        Path frames = dir.resolve("frames");
        CommandRun run = CommandRun.of("xor", "--plot", plot.toString(), "--boundary", boundary.toString(), "--frames",
                frames.toString(), "--frame-every", "250", "--image-size", "400x300");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Epoch 0, Loss: "), run.out());
        assertTrue(run.out().contains("Predictions:"), run.out());
        Images.assertSvg(plot, 400, 300);
        Images.assertPng(boundary, 400, 300);
        try (var listing = Files.list(frames)) {
            assertEquals(List.of("epoch-00000.png", "epoch-00250.png", "epoch-00500.png", "epoch-00750.png",
                    "epoch-01000.png"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void trainDrawsTheBoundaryOfTwoColumnData() throws Exception {
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 40; i++) {
            double x = (i % 8) / 7.0;
            double y = (i / 8) / 4.0;
            csv.append(x).append(',').append(y).append(',').append(x + y > 1 ? 1 : 0).append('\n');
        }
        Path data = Files.writeString(dir.resolve("two.csv"), csv);
        Path plot = dir.resolve("loss.png");
        Path boundary = dir.resolve("boundary.svg");
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--epochs", "5", "--hidden", "4", "--quiet",
                "--plot", plot.toString(), "--boundary", boundary.toString());
        assertEquals(0, run.exit(), run.err());
        Images.assertPng(plot, 800, 600);
        Images.assertSvg(boundary, 800, 600);
    }

    @Test
    void trainRefusesABoundaryOfDataWithoutTwoColumnsBeforeTraining() throws Exception {
        Path data = TestFiles.clusters(dir.resolve("four.csv"), 30, 2, 1);
        Path boundary = dir.resolve("boundary.png");
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--boundary", boundary.toString());
        assertOneLineError(run, 2, "a decision boundary needs data with 2 input columns; this data has 4");
        assertEquals("", run.out(), "nothing was trained");
        assertFalse(Files.exists(boundary));
    }

    @Test
    void aMissingFolderIsAOneLineErrorBeforeTheDemoRuns() {
        Path plot = dir.resolve("missing").resolve("loss.png");
        CommandRun run = CommandRun.of("xor", "--plot", plot.toString());
        assertOneLineError(run, 1, plot.toString());
        assertEquals("", run.out());
    }

    @Test
    void anUnknownImageFormatIsAUsageError() {
        Path plot = dir.resolve("loss.gif");
        assertOneLineError(CommandRun.of("xor", "--plot", plot.toString()), 2, plot + ": unknown image format");
    }
}
