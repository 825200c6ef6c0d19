package backprop.cli;

import backprop.data.Samples;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Where labelled rows come from: {@code --data}, and {@code --labels} or {@code --label} for their classes. */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Labelled data: CSV (with or without a header) or IDX images; .gz is read transparently.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "IDX labels of --data (default: the sibling file named labels-idx1 for images-idx3).")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "The CSV label column: a header name or a 0-based index (default: the last column); "
                    + "several, comma-separated, for regression targets.")
    String labelColumn;

    Samples read() throws IOException {
        return Samples.readLabelled(data, labels, labelColumn);
    }
}
