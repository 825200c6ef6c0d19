package backprop.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Small data files for end-to-end tests. */
final class TestFiles {

    private TestFiles() {
    }

    /**
     * {@code rows} points of {@code classes} well separated clusters in 4 dimensions, CSV with header
     * {@code x1,x2,x3,x4,label}; cluster {@code k} has label {@code k}.
     */
    static Path clusters(Path file, int rows, int classes, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("x1,x2,x3,x4,label\n");
        for (int r = 0; r < rows; r++) {
            int label = r % classes;
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%d%n", 10 + 3 * label + random.nextGaussian() * 0.4,
                    -2.0 * label + random.nextGaussian() * 0.4, (label % 2) * 4 + random.nextGaussian() * 0.4,
                    random.nextGaussian(), label));
        }
        return Files.writeString(file, csv);
    }

    /** An IDX file of unsigned bytes with the given dimensions and data, gzipped when the name ends in .gz. */
    static Path idx(Path file, int[] dims, byte[] data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(file.toString().endsWith(".gz")
                     ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x800 | dims.length);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        }
        return file;
    }
}
