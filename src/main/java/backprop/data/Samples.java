package backprop.data;

import backprop.ModelColumns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Input rows read from a CSV or IDX file, with their labels when the file has them: what the command line turns into
 * a {@link Dataset} once it knows the classes. Labels are kept as the file's text: integers are class numbers, and
 * labels that are not all integers are class names; for regression there may be several label columns, the
 * targets, parsed as numbers by {@link #targets()}. Every row remembers where it came from, so that a bad label
 * found after a split is still reported at its line in the file.
 */
public final class Samples {

    /** Labels above this are taken for a regression target or a typo rather than a class. */
    private static final int MAX_CLASS = 65_535;

    private final String source;
    private final float[] features;
    private final int rows;
    private final int inputs;
    /** {@code labels[k][r]}: row {@code r}'s text in the {@code k}-th label column; {@code null} without labels. */
    private final String[][] labels;
    private final int[] origin;
    private final Table table;
    /** The file's label columns: one for a class, one or more for regression targets. */
    private final int[] labelColumns;

    private Samples(String source, float[] features, int rows, int inputs, String[][] labels, int[] origin,
                    Table table, int[] labelColumns) {
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
        return read(data, null, CsvOptions.DEFAULT);
    }

    /**
     * {@link #read(Path, Path, CsvOptions)} with {@code labelColumn} (several, comma-separated, are regression
     * targets) and the other options' defaults.
     */
    public static Samples readLabelled(Path data, Path labelsFile, String labelColumn) throws IOException {
        return read(data, labelsFile, CsvOptions.label(labelColumn));
    }

    /**
     * Rows with labels: from a CSV's label column (by default the last column not ignored; several, comma-separated,
     * for regression targets), every other column not ignored an input in file order; or for IDX images from {@code labelsFile}, by default the sibling
     * {@code labels-idx1} file.
     */
    public static Samples read(Path data, Path labelsFile, CsvOptions options) throws IOException {
        if (IdxReader.isIdx(data)) return readIdx(data, labelsFile, options);
        return fromTable(CsvReader.read(data, options.delimiter(), ColumnPlan.forTraining(options)));
    }

    /** {@link #readForModel(Path, Path, CsvOptions, ModelColumns, int, int, boolean, String)} for a classifier. */
    public static Samples readForModel(Path data, Path labelsFile, CsvOptions options, ModelColumns model, int inputs,
                                       boolean labelRequired, String owner) throws IOException {
        return readForModel(data, labelsFile, options, model, inputs, 1, labelRequired, owner);
    }

    /**
     * Rows for a model of {@code inputs} inputs that knows {@code model}'s names, with their labels when the file has
     * the label columns ({@code labelRequired}: it must): one for a classifier, {@code labelCount}, one per target,
     * for a regression model. A CSV's columns are matched to the model's inputs by name when both have names, else
     * by position; {@code owner} names the model in messages.
     *
     * @throws DataException if an input is missing, a column is neither an input, a label, ignored nor kept, or the
     *                       number of columns does not fit the model's inputs
     */
    public static Samples readForModel(Path data, Path labelsFile, CsvOptions options, ModelColumns model, int inputs,
                                       int labelCount, boolean labelRequired, String owner) throws IOException {
        if (IdxReader.isIdx(data)) {
            if (labelRequired) return readIdx(data, labelsFile, options);
            checkNoColumnOptions(data, options);
            return fromTable(IdxReader.readImages(data));
        }
        return fromTable(CsvReader.read(data, options.delimiter(),
                ColumnPlan.forModel(options, model, inputs, labelCount, labelRequired, owner)));
    }

    /**
     * Rows of {@code inputs} values by position, for a classifier that knows no names: a CSV with exactly
     * {@code inputs} columns, or with one more, the label column ({@code labelColumn}, by default the last), which is
     * left out; or IDX images.
     */
    public static Samples readInputs(Path data, String labelColumn, int inputs) throws IOException {
        return readForModel(data, null, CsvOptions.label(labelColumn), ModelColumns.NONE, inputs, false, "the model");
    }

    private static Samples readIdx(Path data, Path labelsFile, CsvOptions options) throws IOException {
        checkNoColumnOptions(data, options);
        Table images = IdxReader.readImages(data);
        Path labelsPath = labelsFile != null ? labelsFile : IdxReader.siblingLabels(data);
        if (labelsPath == null || !Files.exists(labelsPath) && labelsFile == null) {
            throw new DataException(data + ": no labels file" + (labelsPath == null ? "" : " " + labelsPath)
                    + "; name one with --labels");
        }
        float[] values = IdxReader.readLabels(labelsPath);
        if (values.length != images.rows) {
            throw new DataException(labelsPath + ": has " + values.length + " labels but " + data + " has "
                    + images.rows + " images");
        }
        String[] labels = new String[values.length];
        String[] byValue = new String[256];
        for (int r = 0; r < labels.length; r++) {
            int label = (int) values[r];
            if (byValue[label] == null) byValue[label] = Integer.toString(label);
            labels[r] = byValue[label];
        }
        Table labelTable = new Table(labelsPath.toString(), values, values.length, 1);
        return new Samples(images.source, images.values, images.rows, images.columns, new String[][] {labels},
                identity(images.rows), labelTable, new int[] {0});
    }

    private static void checkNoColumnOptions(Path data, CsvOptions options) throws DataException {
        if (!options.ignore().isEmpty() || !options.keep().isEmpty() || options.label() != null) {
            throw new DataException(data + ": --label, --ignore and --keep name CSV columns; IDX images have none");
        }
    }

    /** The rows as the table's plan chose them: its input columns in input order, its label columns' text. */
    private static Samples fromTable(Table table) {
        ColumnPlan plan = table.plan;
        int inputs = plan.inputs.length;
        float[] features;
        if (inputs == table.columns && isIdentity(plan.inputs)) {
            features = table.values;
        } else {
            features = new float[table.rows * inputs];
            for (int r = 0; r < table.rows; r++) {
                for (int i = 0; i < inputs; i++) features[r * inputs + i] = table.values[r * table.columns + plan.inputs[i]];
            }
        }
        String[][] labels = null;
        if (plan.labels.length > 0) {
            labels = new String[plan.labels.length][];
            for (int k = 0; k < labels.length; k++) labels[k] = table.text[plan.labels[k]];
        }
        return new Samples(table.source, features, table.rows, inputs, labels, identity(table.rows), table,
                plan.labels);
    }

    private static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) if (order[i] != i) return false;
        return true;
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
        String[][] l = labels == null ? null : new String[labels.length][count];
        int[] o = new int[count];
        for (int i = 0; i < count; i++) {
            int row = order[from + i];
            System.arraycopy(features, row * inputs, f, i * inputs, inputs);
            if (l != null) for (int k = 0; k < l.length; k++) l[k][i] = labels[k][row];
            o[i] = origin[row];
        }
        return new Samples(source, f, count, inputs, l, o, table, labelColumns);
    }

    /**
     * The rows as a classification {@link Dataset}, the way {@code train} builds it: labels that are all 0 or 1 get
     * one 0/1 target column (for one sigmoid output), others one-hot targets over the classes (for softmax): the
     * numbers 0..max label, or the {@link #classNames()}. The features are shared with these samples, not copied.
     *
     * @return the dataset, with {@link Dataset#outputs()} the number of outputs a network needs for it
     * @throws DataException if a label is missing, or the labels are numbers and one is not a class number
     */
    public Dataset toDataset() throws DataException {
        List<String> names = classNames();
        int[] classLabels = classLabels();
        int classes = names.isEmpty() ? classes().last() + 1 : names.size();
        return Dataset.classification(features, classLabels, rows, inputs, Math.max(classes, 2), classes <= 2);
    }

    /**
     * The class names, sorted as strings, when the labels are not all numbers; empty when they are all integers
     * (classes are numbers then).
     *
     * @throws DataException if a label is missing, every label is a number and one is not a class number (the
     *                       message names {@code --task regression} for fractions), or there are several label
     *                       columns (regression targets)
     */
    public List<String> classNames() throws DataException {
        String[] labels = classLabelTexts();
        Set<String> distinct = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            if (labels[r].isEmpty()) throw labelError(r, "the label is missing");
            distinct.add(labels[r]);
        }
        for (String label : distinct) {
            if (number(label) == null) return new ArrayList<>(new TreeSet<>(distinct));
        }
        classNumbers();
        return List.of();
    }

    /** The sorted distinct classes of the rows, numbered as {@link #classLabels()} numbers them. */
    public SortedSet<Integer> classes() throws DataException {
        SortedSet<Integer> classes = new TreeSet<>();
        for (int label : classLabels()) classes.add(label);
        return classes;
    }

    /**
     * The class of every row: the label itself when every label is an integer 0..65535, else the label's place among
     * the sorted {@link #classNames()}.
     */
    public int[] classLabels() throws DataException {
        List<String> names = classNames();
        return names.isEmpty() ? classNumbers() : classLabels(names, "the");
    }

    /**
     * The class of every row among a model's classes ({@code whose} names them in messages): by name when
     * {@code classNames} is not empty, else by number, each label one of {@code classNumbers} ({@code null}: any
     * class number).
     */
    public int[] classLabels(List<String> classNames, SortedSet<Integer> classNumbers, String whose)
            throws DataException {
        if (!classNames.isEmpty()) return classLabels(classNames, whose);
        return classNumbers == null ? classNumbers() : classLabels(classNumbers, whose);
    }

    /** The place of every row's label among {@code classNames}; a label that is not one of them is an error. */
    private int[] classLabels(List<String> classNames, String whose) throws DataException {
        String[] labels = classLabelTexts();
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classNames.size(); k++) index.put(classNames.get(k), k);
        int[] classes = new int[rows];
        for (int r = 0; r < rows; r++) {
            Integer k = index.get(labels[r]);
            if (k == null) {
                throw labelError(r, labels[r].isEmpty() ? "the label is missing" : "label '" + labels[r]
                        + "' is not one of " + whose + " classes (" + String.join(", ", classNames) + ")");
            }
            classes[r] = k;
        }
        return classes;
    }

    /** {@link #classNumbers()}, also requiring each label to be one of {@code allowed} ({@code whose} classes). */
    public int[] classLabels(SortedSet<Integer> allowed, String whose) throws DataException {
        String[] labels = classLabelTexts();
        String listed = allowed.stream().map(String::valueOf).collect(Collectors.joining(", "));
        for (int r = 0; r < rows; r++) {
            if (number(labels[r]) == null && !labels[r].isEmpty()) {
                throw labelError(r, "label '" + labels[r] + "' is not one of " + whose + " classes (" + listed + ")");
            }
        }
        int[] classes = classNumbers();
        for (int r = 0; r < rows; r++) {
            if (!allowed.contains(classes[r])) {
                throw labelError(r, "label " + classes[r] + " is not one of " + whose + " classes (" + listed + ")");
            }
        }
        return classes;
    }

    /** The label of every row as a class number; a label that is not an integer from 0 is an error. */
    private int[] classNumbers() throws DataException {
        String[] labels = classLabelTexts();
        Map<String, Float> parsed = new HashMap<>();
        int[] classes = new int[rows];
        for (int r = 0; r < rows; r++) {
            if (labels[r].isEmpty()) throw labelError(r, "the label is missing");
            Float number = parsed.computeIfAbsent(labels[r], Samples::number);
            if (number == null) throw labelError(r, "label '" + labels[r] + "' is not a class number");
            float v = number;
            if (v != Math.rint(v)) {
                throw labelError(r, "label " + format(v) + " is not an integer class number (for numeric targets,"
                        + " train with --task regression)");
            }
            if (v < 0) throw labelError(r, "label " + format(v) + " is negative; classes are numbered from 0");
            if (v > MAX_CLASS) throw labelError(r, "label " + format(v) + " is larger than " + MAX_CLASS);
            classes[r] = (int) v;
        }
        return classes;
    }

    /** The label's value when it is a finite number, else {@code null} (it is a class name). */
    private static Float number(String label) {
        try {
            float v = CsvReader.parseNumber(label);
            return Float.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void requireLabels() throws DataException {
        if (labels == null) throw new DataException(source + ": the rows have no labels");
    }

    /** The one label column's text of every row; several label columns (regression targets) are an error. */
    private String[] classLabelTexts() throws DataException {
        requireLabels();
        if (labels.length != 1) {
            throw new DataException(source + ": --label names " + labels.length
                    + " columns; several targets are for --task regression");
        }
        return labels[0];
    }

    private DataException labelError(int row, String problem) {
        return labelError(row, 0, problem);
    }

    private DataException labelError(int row, int k, String problem) {
        return new DataException(table.locate(origin[row], labelColumns[k]) + ": " + problem);
    }

    /**
     * The labels as numeric regression targets, {@code rows x targetCount()} row-major; a value that is missing,
     * not a number or not finite is an error.
     */
    public float[] targets() throws DataException {
        requireLabels();
        int count = labels.length;
        float[] targets = new float[rows * count];
        for (int k = 0; k < count; k++) {
            for (int r = 0; r < rows; r++) {
                String text = labels[k][r];
                if (text.isEmpty()) throw labelError(r, k, "the target is missing");
                float v;
                try {
                    v = CsvReader.parseNumber(text);
                } catch (NumberFormatException e) {
                    throw labelError(r, k, "target '" + text + "' is not a number");
                }
                if (!Float.isFinite(v)) throw labelError(r, k, "target '" + text + "' is not a finite number");
                targets[r * count + k] = v;
            }
        }
        return targets;
    }

    /** The number of label columns: 1 for classes, one per target for regression, 0 without labels. */
    public int targetCount() {
        return labels == null ? 0 : labels.length;
    }

    private static String format(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }

    /**
     * What a model trained on these rows knows of them: the input columns' names (when the file had a header whose
     * input names differ from one another), the label columns' names (one, or one per regression target), and
     * {@code classNames}.
     */
    public ModelColumns columns(List<String> classNames) {
        String[] names = table.plan.inputNames;
        boolean distinct = names != null && new HashSet<>(Arrays.asList(names)).size() == names.length;
        String[] labelNames = table.plan.labelNames;
        return new ModelColumns(distinct ? Arrays.asList(names) : List.of(),
                labelNames == null ? List.of() : Arrays.asList(labelNames), classNames);
    }

    /** The names of the kept columns (header names, or 0-based indices without a header), in --keep order. */
    public List<String> keptNames() {
        List<String> names = new ArrayList<>();
        for (int c : table.plan.keep) names.add(table.columnName(c));
        return names;
    }

    /** Row {@code row}'s text in the {@code k}-th kept column, as the file has it. */
    public String kept(int row, int k) {
        return table.text[table.plan.keep[k]][origin[row]];
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
