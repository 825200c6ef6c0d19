package backprop;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Output files that appear whole or not at all: the content goes to a temporary file beside the target, is forced
 * to disk, and is renamed over the target, so a failure or a crash never leaves a half-written or damaged file.
 */
public final class AtomicFile {

    /** Writes a file's bytes. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a file's UTF-8 text. */
    public interface Text {
        void writeTo(Writer writer) throws IOException;
    }

    private AtomicFile() {
    }

    public static void writeText(Path path, Text text) throws IOException {
        write(path, out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            text.writeTo(writer);
            writer.flush();
        });
    }

    public static void write(Path path, Content content) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IOException(path + ": folder does not exist");
        if (Files.isDirectory(absolute)) throw new IOException(path + ": is a folder");
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
