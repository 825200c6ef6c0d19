package backprop.cli;

import backprop.data.CsvOptions;
import backprop.data.Samples;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where labelled rows come from: {@code --data}, {@code --labels} or {@code --label} for their classes, and how a CSV
 * file's columns are read.
 */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Labelled data: CSV (with or without a header) or IDX images; .gz is read transparently.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "IDX labels of --data (default: the sibling file named labels-idx1 for images-idx3).")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "The CSV label column: a header name or a 0-based index (default: the model's label"
                    + " column for evaluate, else the last column); several, comma-separated, for regression targets.")
    String labelColumn;

    @Mixin
    ColumnOptions columns;

    /** The rows for training: every column not ignored and not the label is an input, in file order. */
    Samples read() throws IOException {
        return Samples.read(data, labels, csv());
    }

    /** The CSV options of these settings. */
    CsvOptions csv() {
        return columns.csv(labelColumn, List.of());
    }
}
