package backprop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults that reach {@link AtomicFile} in the middle of a write, and the temporaries a killed writer leaves. */
class AtomicFileTest {

    private static final byte[] OLD = "the old content\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aFullFileSystemHalfwayKeepsTheOldFileAndNoTemporary() throws IOException {
        Path target = Files.write(dir.resolve("out.csv"), OLD);
        IOException e = assertThrows(AtomicFile.WriteFailure.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));
        assertEquals(target + ": cannot write (No space left on device)", e.getMessage());
        assertUntouched(target);
    }

    @Test
    void aChannelClosedHalfwayKeepsTheOldFileAndNoTemporary() throws IOException {
        Path target = Files.write(dir.resolve("out.csv"), OLD);
        try {
            IOException e = assertThrows(AtomicFile.WriteFailure.class, () -> AtomicFile.write(target, out -> {
                out.write(new byte[100_000]);
                // the channel closes at its next operation, as it does when a thread is interrupted mid-write
                Thread.currentThread().interrupt();
                out.write(new byte[100_000]);
            }));
            assertTrue(e.getCause() instanceof ClosedByInterruptException, e.toString());
        } finally {
            Thread.interrupted();
        }
        assertUntouched(target);
    }

    @Test
    void theNextWriteRemovesTheTemporariesOfAWriterThatIsGone() throws IOException {
        Path target = Files.write(dir.resolve("model.json"), OLD);
        Path abandoned = Files.write(dir.resolve(".model.json.1f2e3d4c5b6a7988.tmp"), new byte[10]);
        Path otherTarget = Files.write(dir.resolve(".history.csv.1f2e3d4c5b6a7988.tmp"), new byte[10]);
        Path notOurs = Files.write(dir.resolve(".model.json.notes.tmp"), new byte[10]);
        AtomicFile.writeText(target, writer -> writer.write("new\n"));
        assertEquals("new\n", Files.readString(target));
        assertEquals(List.of(otherTarget, notOurs).stream().sorted().toList(), Temporaries.in(dir),
                "only the abandoned temporary of model.json is gone");
        assertTrue(Files.notExists(abandoned));
    }

    @Test
    void aTemporaryAWriterStillHoldsIsLeftAlone() throws IOException {
        Path target = Files.write(dir.resolve("model.json"), OLD);
        Path live = Files.write(dir.resolve(".model.json.00000000000000aa.tmp"), new byte[10]);
        try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            AtomicFile.writeText(target, writer -> writer.write("new\n"));
            assertTrue(lock.isValid());
        }
        assertEquals(List.of(live), Temporaries.in(dir));
    }

    private void assertUntouched(Path target) throws IOException {
        assertArrayEquals(OLD, Files.readAllBytes(target));
        assertEquals(List.of(), Temporaries.in(dir), "no temporary file is left behind");
    }
}
