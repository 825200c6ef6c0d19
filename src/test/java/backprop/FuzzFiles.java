package backprop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder the fuzz tests rewrite their input files in, once per JVM. */
public final class FuzzFiles {

    private FuzzFiles() {
    }

    public static Path folder(String name) {
        try {
            Path dir = Files.createTempDirectory("backprop-fuzz-" + name);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
