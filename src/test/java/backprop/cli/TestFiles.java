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

    /** The columns of {@link #flowers}: an id, four measurements and the species. */
    static final String[] FLOWER_COLUMNS = {"id", "sepal_len", "sepal_wid", "petal_len", "petal_wid", "species"};

    /**
     * {@code rows} flowers of three species (named as UCI's iris file names them) in well separated clusters, with
     * a text id first: the columns of {@link #FLOWER_COLUMNS}, separated by {@code delimiter}, in the order
     * {@code order} gives as indices into them.
     */
    static Path flowers(Path file, int rows, char delimiter, int... order) throws IOException {
        String[] species = {"Iris-setosa", "Iris-versicolor", "Iris-virginica"};
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder();
        appendRow(csv, FLOWER_COLUMNS, delimiter, order);
        for (int r = 0; r < rows; r++) {
            int k = r % 3;
            String[] row = {
                String.format(Locale.ROOT, "F-%04d", r),
                String.format(Locale.ROOT, "%.2f", 4.5 + 1.5 * k + random.nextGaussian() * 0.2),
                String.format(Locale.ROOT, "%.2f", 3.0 + 0.4 * k + random.nextGaussian() * 0.2),
                String.format(Locale.ROOT, "%.2f", 1.0 + 2.0 * k + random.nextGaussian() * 0.2),
                String.format(Locale.ROOT, "%.2f", 0.2 + 0.9 * k + random.nextGaussian() * 0.1),
                species[k],
            };
            appendRow(csv, row, delimiter, order);
        }
        return Files.writeString(file, csv);
    }

    private static void appendRow(StringBuilder csv, String[] fields, char delimiter, int[] order) {
        for (int i = 0; i < order.length; i++) csv.append(i == 0 ? "" : delimiter).append(fields[order[i]]);
        csv.append('\n');
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
