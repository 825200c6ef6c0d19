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
    private final float[] labels;
    private final int[] origin;
    private final Table table;
    private final int labelColumn;

    private Samples(String source, float[] features, int rows, int inputs, float[] labels, int[] origin, Table table,
                    int labelColumn) {
        this.source = source;
        this.features = features;
        this.rows = rows;
        this.inputs = inputs;
        this.labels = labels;
        this.origin = origin;
        this.table = table;
        this.labelColumn = labelColumn;
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
     * {@code null} for the last column), or for IDX images from {@code labelsFile}, by default the sibling
     * {@code labels-idx1} file.
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
                    labelTable, 0);
        }
        Table table = CsvReader.read(data);
        int label = table.columnIndex(labelColumn);
        if (table.columns < 2) {
            throw new DataException(data + ": has only the label column; it needs input columns besides it");
        }
        return fromTableWithout(table, label);
    }

    /**
     * Rows of {@code inputs} values for a model to predict: a CSV with exactly {@code inputs} columns, or with one
     * more, the label column, which is dropped; or IDX images.
     */
    public static Samples readInputs(Path data, String labelColumn, int inputs) throws IOException {
        Table table = IdxReader.isIdx(data) ? IdxReader.readImages(data) : CsvReader.read(data);
        if (table.columns == inputs) {
            return new Samples(table.source, table.values, table.rows, table.columns, null, identity(table.rows), table,
                    -1);
        }
        if (table.columns == inputs + 1 && table.lines != null) {
            return fromTableWithout(table, table.columnIndex(labelColumn));
        }
        throw new DataException(data + ": has " + table.columns + " columns, but the model takes " + inputs
                + " inputs" + (table.lines != null ? " (plus, optionally, a label column)" : ""));
    }

    private static Samples fromTableWithout(Table table, int labelColumn) {
        int inputs = table.columns - 1;
        float[] features = new float[table.rows * inputs];
        float[] labels = new float[table.rows];
        for (int r = 0; r < table.rows; r++) {
            int from = r * table.columns;
            System.arraycopy(table.values, from, features, r * inputs, labelColumn);
            System.arraycopy(table.values, from + labelColumn + 1, features, r * inputs + labelColumn,
                    inputs - labelColumn);
            labels[r] = table.values[from + labelColumn];
        }
        return new Samples(table.source, features, table.rows, inputs, labels, identity(table.rows), table, labelColumn);
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
        float[] l = labels == null ? null : new float[count];
        int[] o = new int[count];
        for (int i = 0; i < count; i++) {
            int row = order[from + i];
            System.arraycopy(features, row * inputs, f, i * inputs, inputs);
            if (l != null) l[i] = labels[row];
            o[i] = origin[row];
        }
        return new Samples(source, f, count, inputs, l, o, table, labelColumn);
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

    /** The label of every row as a class number; a label that is negative or not an integer is an error. */
    public int[] classLabels() throws DataException {
        int[] classes = new int[rows];
        for (int r = 0; r < rows; r++) {
            float v = labels[r];
            if (v < 0) throw labelError(r, "label " + format(v) + " is negative; classes are numbered from 0");
            if (v != Math.rint(v)) throw labelError(r, "label " + format(v) + " is not an integer class number");
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
        return new DataException(table.locate(origin[row], labelColumn) + ": " + problem);
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
