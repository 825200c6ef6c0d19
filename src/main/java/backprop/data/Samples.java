package backprop.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Input rows read from a CSV or IDX file, with their labels when the file has them: what the command line turns into
 * a {@link Dataset} once it knows the classes. Every row remembers where it came from, so that a bad label found
 * after a split is still reported at its line in the file.
 */
public final class Samples {

    /** Labels above this are taken for a regression target or a typo rather than a class. */
    private static final int MAX_CLASS = 65_535;

    private final String source;
    private final float[] features;
    private final int rows;
    private final int inputs;
    /** {@code rows x labelColumns.length} values, row-major; null for rows without labels. */
    private final float[] labels;
    private final int[] origin;
    private final Table table;
    /** The file's label columns: one for a class, one or more for regression targets. */
    private final int[] labelColumns;

    private Samples(String source, float[] features, int rows, int inputs, float[] labels, int[] origin, Table table,
                    int[] labelColumns) {
        this.source = source;
        this.features = features;
        this.rows = rows;
        this.inputs = inputs;
        this.labels = labels;
        this.origin = origin;
        this.table = table;
        this.labelColumns = labelColumns;
    }

    /**
     * Labelled rows with the label in a CSV's last column, or for IDX images in the sibling {@code labels-idx1}
     * file; {@code .gz} files are read transparently.
     *
     * @param data a CSV file (with or without a header) or an IDX images file
     * @return the rows and their labels
     * @throws IOException if the file cannot be read, or a value is not a number (the message names line and column)
     */
    public static Samples read(Path data) throws IOException {
        return readLabelled(data, null, null);
    }

    /**
     * Rows with labels: from a CSV's label column ({@code labelColumn} is a header name or 0-based index,
     * {@code null} for the last column; several, comma-separated, are regression targets), or for IDX images from
     * {@code labelsFile}, by default the sibling {@code labels-idx1} file.
     */
    public static Samples readLabelled(Path data, Path labelsFile, String labelColumn) throws IOException {
        if (IdxReader.isIdx(data)) {
            Table images = IdxReader.readImages(data);
            Path labelsPath = labelsFile != null ? labelsFile : IdxReader.siblingLabels(data);
            if (labelsPath == null || !Files.exists(labelsPath) && labelsFile == null) {
                throw new DataException(data + ": no labels file" + (labelsPath == null ? "" : " " + labelsPath)
                        + "; name one with --labels");
            }
            float[] labels = IdxReader.readLabels(labelsPath);
            if (labels.length != images.rows) {
                throw new DataException(labelsPath + ": has " + labels.length + " labels but " + data + " has "
                        + images.rows + " images");
            }
            Table labelTable = new Table(labelsPath.toString(), labels, labels.length, 1, null, null);
            return new Samples(images.source, images.values, images.rows, images.columns, labels, identity(images.rows),
                    labelTable, new int[] {0});
        }
        Table table = CsvReader.read(data);
        int[] label = labelColumns(table, labelColumn);
        if (table.columns <= label.length) {
            throw new DataException(data + ": has only the label " + (label.length == 1 ? "column" : "columns")
                    + "; it needs input columns besides them");
        }
        return fromTableWithout(table, label);
    }

    /** The columns a {@code --label} value names: comma-separated header names or indexes, each once. */
    private static int[] labelColumns(Table table, String spec) throws DataException {
        if (spec == null) return new int[] {table.columnIndex(null)};
        String[] parts = spec.split(",", -1);
        int[] columns = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            columns[i] = table.columnIndex(parts[i]);
            for (int j = 0; j < i; j++) {
                if (columns[j] == columns[i]) {
                    throw new DataException(table.source + ": --label names column " + table.columnName(columns[i])
                            + " twice");
                }
            }
        }
        return columns;
    }

    /**
     * Rows of {@code inputs} values for a model to predict: a CSV with exactly {@code inputs} columns, or with one
     * more, the label column, which is dropped; or IDX images.
     */
    public static Samples readInputs(Path data, String labelColumn, int inputs) throws IOException {
        Table table = IdxReader.isIdx(data) ? IdxReader.readImages(data) : CsvReader.read(data);
        if (table.columns == inputs) {
            return new Samples(table.source, table.values, table.rows, table.columns, null, identity(table.rows), table,
                    new int[0]);
        }
        int labelCount = labelColumn == null ? 1 : labelColumn.split(",", -1).length;
        if (table.columns == inputs + labelCount && table.lines != null) {
            return fromTableWithout(table, labelColumns(table, labelColumn));
        }
        throw new DataException(data + ": has " + table.columns + " columns, but the model takes " + inputs
                + " inputs" + (table.lines != null ? " (plus, optionally, " + (labelCount == 1 ? "a label column)"
                : labelCount + " label columns)") : ""));
    }

    private static Samples fromTableWithout(Table table, int[] labelColumns) {
        int labelCount = labelColumns.length;
        int inputs = table.columns - labelCount;
        boolean[] isLabel = new boolean[table.columns];
        for (int c : labelColumns) isLabel[c] = true;
        float[] features = new float[table.rows * inputs];
        float[] labels = new float[table.rows * labelCount];
        for (int r = 0; r < table.rows; r++) {
            int from = r * table.columns;
            int k = r * inputs;
            for (int c = 0; c < table.columns; c++) if (!isLabel[c]) features[k++] = table.values[from + c];
            for (int i = 0; i < labelCount; i++) labels[r * labelCount + i] = table.values[from + labelColumns[i]];
        }
        return new Samples(table.source, features, table.rows, inputs, labels, identity(table.rows), table,
                labelColumns);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    /**
     * Splits off a test part of {@code fraction} of the rows (at least one row on each side), chosen by a shuffle
     * seeded with {@code seed}: {@code [train, test]}.
     */
    public Samples[] split(double fraction, long seed) throws DataException {
        int testRows = (int) Math.round(rows * fraction);
        if (testRows < 1 || testRows >= rows) {
            throw new DataException(source + ": --test-split " + fraction + " of " + rows
                    + " rows leaves no rows for " + (testRows < 1 ? "testing" : "training"));
        }
        int[] order = identity(rows);
        Random random = new Random(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Samples[] {select(order, 0, rows - testRows), select(order, rows - testRows, rows)};
    }

    private Samples select(int[] order, int from, int to) {
        int count = to - from;
        float[] f = new float[count * inputs];
        int labelCount = labelColumns.length;
        float[] l = labels == null ? null : new float[count * labelCount];
        int[] o = new int[count];
        for (int i = 0; i < count; i++) {
            int row = order[from + i];
            System.arraycopy(features, row * inputs, f, i * inputs, inputs);
            if (l != null) System.arraycopy(labels, row * labelCount, l, i * labelCount, labelCount);
            o[i] = origin[row];
        }
        return new Samples(source, f, count, inputs, l, o, table, labelColumns);
    }

    /**
     * The rows as a classification {@link Dataset}, the way {@code train} builds it: labels that are all 0 or 1 get
     * one 0/1 target column (for one sigmoid output), others one-hot targets over classes 0..max label (for softmax).
     * The features are shared with these samples, not copied.
     *
     * @return the dataset, with {@link Dataset#outputs()} the number of outputs a network needs for it
     * @throws DataException if a label is not a class number (an integer from 0)
     */
    public Dataset toDataset() throws DataException {
        if (labels == null) throw new DataException(source + ": the rows have no labels");
        int[] classLabels = classLabels();
        int classes = classes().last() + 1;
        return Dataset.classification(features, classLabels, rows, inputs, Math.max(classes, 2), classes <= 2);
    }

    /** The sorted distinct labels, after checking that every label is a class: an integer 0..65535. */
    public SortedSet<Integer> classes() throws DataException {
        SortedSet<Integer> classes = new TreeSet<>();
        for (int label : classLabels()) classes.add(label);
        return classes;
    }

    /**
     * The label of every row as a class number; a label that is negative or not an integer is an error, and so are
     * several label columns.
     */
    public int[] classLabels() throws DataException {
        if (labelColumns.length != 1) {
            throw new DataException(source + ": --label names " + labelColumns.length
                    + " columns; several targets are for --task regression");
        }
        int[] classes = new int[rows];
        for (int r = 0; r < rows; r++) {
            float v = labels[r];
            if (v < 0) throw labelError(r, "label " + format(v) + " is negative; classes are numbered from 0");
            if (v != Math.rint(v)) {
                throw labelError(r, "label " + format(v) + " is not an integer class number"
                        + " (for numeric targets, train with --task regression)");
            }
            if (v > MAX_CLASS) throw labelError(r, "label " + format(v) + " is larger than " + MAX_CLASS);
            classes[r] = (int) v;
        }
        return classes;
    }

    /** {@link #classLabels()}, also requiring each label to be one of {@code allowed} ({@code whose} classes). */
    public int[] classLabels(SortedSet<Integer> allowed, String whose) throws DataException {
        int[] classes = classLabels();
        for (int r = 0; r < rows; r++) {
            if (!allowed.contains(classes[r])) {
                throw labelError(r, "label " + classes[r] + " is not one of " + whose + " classes ("
                        + allowed.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
            }
        }
        return classes;
    }

    private DataException labelError(int row, String problem) {
        return new DataException(table.locate(origin[row], labelColumns[0]) + ": " + problem);
    }

    /**
     * The labels as numeric regression targets, {@code rows x targetCount()} row-major, a copy; a value that is not
     * finite is an error.
     */
    public float[] targets() throws DataException {
        if (labels == null) throw new DataException(source + ": the rows have no labels");
        int count = labelColumns.length;
        for (int i = 0; i < labels.length; i++) {
            if (!Float.isFinite(labels[i])) {
                throw new DataException(table.locate(origin[i / count], labelColumns[i % count]) + ": target "
                        + labels[i] + " is not a finite number");
            }
        }
        return labels.clone();
    }

    /** The number of label columns: 1 for classes, one per target for regression, 0 without labels. */
    public int targetCount() {
        return labels == null ? 0 : labelColumns.length;
    }

    private static String format(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }

    /** The features, {@code rows x inputs} row-major; normalisation is applied to this array in place. */
    public float[] features() {
        return features;
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** Features per row. */
    public int inputs() {
        return inputs;
    }

    /** Whether the rows have labels. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** The file the rows came from (the images file for IDX). */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source + " (" + rows + " rows x " + inputs + " inputs)";
    }
}
