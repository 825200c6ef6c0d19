package backprop.cli;

import backprop.Temporaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A write the file system refuses halfway, for real: the command runs under {@code ulimit -f}, so the kernel fails
 * the write past the limit (EFBIG, "File too large") the way a full disk fails it (ENOSPC). The old file stays byte
 * for byte, no temporary is left, and the error is one line naming the file.
 */
class FullFileSystemTest {

    /** In 1024-byte blocks: room for the history, not for the model or the picture. */
    private static final int FILE_SIZE_LIMIT_BLOCKS = 2;

    @TempDir
    Path dir;

    @Test
    void aSaveTheFileSystemRefusesKeepsTheOldModel() throws Exception {
        Path model = Files.writeString(dir.resolve("model.json"), "the old model\n");
        Starved run = trainUnderFileSizeLimit("--save", model.toString());
        assertEquals(1, run.exit, run.err);
        assertEquals("train: " + model + ": cannot write (File too large)\n", run.err);
        assertEquals("the old model\n", Files.readString(model));
        assertEquals(List.of(), Temporaries.in(dir), "no temporary file is left behind");
    }

    @Test
    void aPictureTheFileSystemRefusesKeepsTheOldPicture() throws Exception {
        Path plot = Files.writeString(dir.resolve("loss.svg"), "the old picture\n");
        Starved run = trainUnderFileSizeLimit("--plot", plot.toString());
        assertEquals(1, run.exit, run.err);
        assertEquals("train: " + plot + ": cannot write the image (File too large)\n", run.err);
        assertEquals("the old picture\n", Files.readString(plot));
        assertEquals(List.of(), Temporaries.in(dir), "no temporary file is left behind");
    }

    private record Starved(int exit, String err) {
    }

    private Starved trainUnderFileSizeLimit(String... output) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell for ulimit");
        Path data = TestFiles.clusters(dir.resolve("data.csv"), 30, 3, 1);
        List<String> train = new ArrayList<>(List.of("train", "--data", data.toString(), "--hidden", "64",
                "--epochs", "2", "--quiet", "--backend", "scalar"));
        train.addAll(List.of(output));
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "ulimit -f " + FILE_SIZE_LIMIT_BLOCKS + " && exec \"$@\"", "sh"));
        command.addAll(ChildJvm.command(Main.class, train.toArray(new String[0])));
        ChildJvm.Ended ended = ChildJvm.run(command, dir.resolve("err.txt"));
        Files.delete(data);
        return new Starved(ended.exit(), ended.err());
    }
}
