package backprop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A folder the fuzz tests rewrite their input files in, once per JVM, removed with its files when the JVM exits. */
public final class FuzzFiles {

    private FuzzFiles() {
    }

    public static Path folder(String name) {
        try {
            Path dir = Files.createTempDirectory("backprop-fuzz-" + name);
            // File.deleteOnExit removes only an empty folder, and the fuzz tests leave their inputs in it.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort at exit: the folder is under the system's temporary directory
        }
    }
}
