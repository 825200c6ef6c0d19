package backprop.plot;

import backprop.TrainingHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ChartFilesTest {

    @TempDir
    Path dir;

    private static TrainingHistory twoEpochs() {
        TrainingHistory history = new TrainingHistory();
        history.add(new TrainingHistory.Epoch(1, 0.25, 0.5, Double.NaN, 0.01));
        history.add(new TrainingHistory.Epoch(2, 0.20, 0.75, Double.NaN, 0.01));
        return history;
    }

    private static void assertOneLineNaming(Exception e, Path path) {
        assertTrue(e.getMessage().contains(path.toString()), "message names the path: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static void assertWriteFailsNaming(Path target) {
        IOException e = assertThrows(IOException.class,
                () -> LossChart.write(twoEpochs(), "t", ChartSize.DEFAULT, target));
        assertOneLineNaming(e, target);
    }

    @Test
    void unknownExtensionIsRefusedNamingThePath() {
        Path gif = dir.resolve("loss.gif");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossChart.write(twoEpochs(), "t", ChartSize.DEFAULT, gif));
        assertOneLineNaming(e, gif);
        assertFalse(Files.exists(gif));
    }

    @Test
    void missingFolderIsAOneLineError() {
        assertWriteFailsNaming(dir.resolve("no-such-folder").resolve("loss.png"));
    }

    @Test
    void aFileWhereTheFolderShouldBeIsAOneLineError() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "not a folder");
        assertWriteFailsNaming(file.resolve("loss.png"));
    }

    @Test
    void unwritableFolderIsAOneLineErrorAndLeavesTheOldFile() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("read-only"));
        Path target = Files.writeString(folder.resolve("loss.png"), "old picture");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root ignores permissions; there the folder is writable and this case cannot happen
            assumeFalse(Files.isWritable(folder), "running as a user that can write anywhere");
            assertWriteFailsNaming(target);
            assertEquals("old picture", Files.readString(target));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFolderThatRefusesFilesEvenToRootIsAOneLineError() {
        // /proc accepts no new files whoever asks, so this runs where the permission test above cannot
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc), "no /proc on this system");
        assertWriteFailsNaming(proc.resolve("loss.png"));
    }

    @Test
    void aFailedWriteKeepsThePreviousImageByteForByte() throws Exception {
        Path target = dir.resolve("loss.png");
        LossChart.write(twoEpochs(), "t", new ChartSize(320, 240), target);
        byte[] before = Files.readAllBytes(target);
        // an interrupted thread cannot lock the temporary file: the write fails once the temporary exists
        Thread.currentThread().interrupt();
        try {
            IOException e = assertThrows(IOException.class,
                    () -> LossChart.write(twoEpochs(), "t", new ChartSize(640, 480), target));
            assertEquals(target + ": cannot write the image (FileLockInterruptionException)", e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertArrayEquals(before, Files.readAllBytes(target));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    @Test
    void sizesOutsideTheLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ChartSize(0, 600));
        assertThrows(IllegalArgumentException.class, () -> new ChartSize(800, 100_000));
    }
}
