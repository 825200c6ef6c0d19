package backprop.data;

import java.util.List;

/**
 * How the columns of a CSV file are read. Columns are named as {@code --label} names them: by header name, or by
 * 0-based index.
 *
 * @param delimiter the field separator, or {@code null} to take the most frequent of comma, semicolon and tab on the
 *                  first line (comma on a tie)
 * @param label the label column, or {@code null} for the last column (or, for a model's data, the model's label)
 * @param ignore columns that are neither inputs nor the label, such as ids; their values are not read
 * @param keep columns whose text is carried along with each row, for {@code predict} to copy into its output
 */
public record CsvOptions(Character delimiter, String label, List<String> ignore, List<String> keep) {

    /** Detected delimiter, the last column as label, every other column an input. */
    public static final CsvOptions DEFAULT = new CsvOptions(null, null, List.of(), List.of());

    /** Copies the lists; {@code null} lists are empty. */
    public CsvOptions {
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        keep = keep == null ? List.of() : List.copyOf(keep);
    }

    /** The defaults with {@code label} as the label column. */
    public static CsvOptions label(String label) {
        return new CsvOptions(null, label, List.of(), List.of());
    }
}
