package backprop.data;

import backprop.ModelColumns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns of a CSV file are read and as what, decided from the header (or, without one, the number of columns)
 * before any row is parsed: the input columns in the order the network takes them, the label column, and the
 * columns whose text is kept. A column in none of these is skipped unread, so an id column may hold any text.
 */
final class ColumnPlan {

    final int columns;
    /** The file column of each network input, in input order. */
    final int[] inputs;
    /** The label's file column, or -1 when the file has none. */
    final int label;
    /** The columns whose text each row carries along. */
    final int[] keep;
    /** The header's names of the input columns in input order, or {@code null} without a header. */
    final String[] inputNames;
    final String labelName;
    private final boolean[] numeric;
    private final boolean[] text;

    private ColumnPlan(int columns, int[] inputs, int label, int[] keep, String[] names) {
        this.columns = columns;
        this.inputs = inputs;
        this.label = label;
        this.keep = keep;
        this.numeric = new boolean[columns];
        this.text = new boolean[columns];
        for (int c : inputs) numeric[c] = true;
        for (int c : keep) text[c] = true;
        if (label >= 0) text[label] = true;
        this.inputNames = names == null ? null : new String[inputs.length];
        for (int i = 0; names != null && i < inputs.length; i++) inputNames[i] = names[inputs[i]];
        this.labelName = names != null && label >= 0 ? names[label] : null;
    }

    /** Whether column {@code c} must hold numbers: it is an input. */
    boolean isNumeric(int c) {
        return numeric[c];
    }

    /** Whether column {@code c}'s text is kept: it is the label or a kept column. */
    boolean isText(int c) {
        return text[c];
    }

    /** Decides the plan once the reader knows the header ({@code null} without one) and the number of columns. */
    interface Planner {
        ColumnPlan plan(String source, String[] names, int columns) throws DataException;
    }

    /**
     * Training data: the label is {@code --label} or the last column that is not ignored; every other column that
     * is not ignored is an input, in file order.
     */
    static Planner forTraining(CsvOptions options) {
        return (source, names, columns) -> {
            boolean[] ignored = marks("--ignore", options.ignore(), source, names, columns);
            int label = options.label() != null ? resolve("--label", options.label(), source, names, columns)
                    : lastUnmarked(ignored);
            if (label < 0) throw new DataException(source + ": --ignore leaves no column for the label");
            if (ignored[label]) {
                throw new DataException(source + ": the label column " + name(names, label) + " is also in --ignore");
            }
            List<Integer> inputs = new ArrayList<>();
            for (int c = 0; c < columns; c++) if (c != label && !ignored[c]) inputs.add(c);
            if (inputs.isEmpty()) {
                throw new DataException(source + ": has only the label column" + (options.ignore().isEmpty() ? ""
                        : " and ignored ones") + "; it needs input columns besides it");
            }
            return new ColumnPlan(columns, toArray(inputs), label, indices("--keep", options.keep(), source, names,
                    columns), names);
        };
    }

    /**
     * Data for a model of {@code inputs} inputs that knows {@code model}'s names ({@code owner} names it in
     * messages: "the model", or the training file for test data). When both the file and the model have names,
     * columns are matched by name: a missing input is an error, and so is a column that is neither an input, the
     * label, ignored nor kept. Otherwise by position: the columns not ignored or kept are the inputs, followed by
     * the label when there is one more.
     */
    static Planner forModel(CsvOptions options, ModelColumns model, int inputs, boolean labelRequired, String owner) {
        return (source, names, columns) -> {
            boolean[] ignored = marks("--ignore", options.ignore(), source, names, columns);
            int[] keep = indices("--keep", options.keep(), source, names, columns);
            int label = options.label() == null ? -1 : resolve("--label", options.label(), source, names, columns);
            return names != null && model.hasInputNames()
                    ? byName(options, model, labelRequired, owner, source, names, ignored, keep, label)
                    : byPosition(inputs, labelRequired, owner, source, names, columns, ignored, keep, label);
        };
    }

    private static ColumnPlan byName(CsvOptions options, ModelColumns model, boolean labelRequired, String owner,
                                     String source, String[] names, boolean[] ignored, int[] keep, int label)
            throws DataException {
        Map<String, Integer> byName = new HashMap<>();
        for (int c = names.length - 1; c >= 0; c--) byName.put(names[c], c);
        int[] inputs = new int[model.inputNames().size()];
        boolean[] used = ignored.clone();
        for (int i = 0; i < inputs.length; i++) {
            String wanted = model.inputNames().get(i);
            Integer c = byName.get(wanted);
            if (c == null) throw new DataException(source + ": has no column '" + wanted + "', an input of " + owner);
            if (used[c]) {
                throw new DataException(source + ": column '" + wanted + "' is an input of " + owner
                        + (ignored[c] ? "; take it out of --ignore" : " and appears twice in the header"));
            }
            inputs[i] = c;
            used[c] = true;
        }
        if (label < 0 && model.label() != null) {
            // a model's label column that the user ignores is one they do not want read
            label = byName.getOrDefault(model.label(), -1);
            if (label >= 0 && ignored[label]) label = -1;
        }
        if (label >= 0 && used[label]) {
            throw new DataException(source + ": the label column " + names[label] + " is "
                    + (ignored[label] ? "also in --ignore" : "an input of " + owner));
        }
        if (label < 0 && labelRequired) {
            throw new DataException(source + ": has no label column" + (model.label() == null ? ""
                    : " '" + model.label() + "'") + "; name it with --label");
        }
        if (label >= 0) used[label] = true;
        for (int c : keep) used[c] = true;
        for (int c = 0; c < names.length; c++) {
            if (!used[c]) {
                throw new DataException(source + ": column '" + names[c] + "' is neither an input of " + owner
                        + " nor its label; leave it out or name it in --ignore");
            }
        }
        return new ColumnPlan(names.length, inputs, label, keep, names);
    }

    private static ColumnPlan byPosition(int inputs, boolean labelRequired, String owner, String source,
                                         String[] names, int columns, boolean[] ignored, int[] keep, int label)
            throws DataException {
        boolean[] leftOut = ignored.clone();
        for (int c : keep) leftOut[c] = true;
        if (label >= 0) leftOut[label] = true;
        List<Integer> rest = new ArrayList<>();
        for (int c = 0; c < columns; c++) if (!leftOut[c]) rest.add(c);
        if (label < 0 && rest.size() == inputs + 1) label = rest.remove(rest.size() - 1);
        if (rest.size() != inputs || label < 0 && labelRequired) {
            int named = 0;
            for (int c = 0; c < columns; c++) if (ignored[c] || contains(keep, c)) named++;
            throw new DataException(source + ": has " + columns + " columns" + (named == 0 ? ""
                    : " (" + named + " of them in --ignore or --keep)") + ", but " + owner + " has " + inputs
                    + " inputs" + (labelRequired ? " plus a label column" : " (plus, optionally, a label column)"));
        }
        return new ColumnPlan(columns, toArray(rest), label, keep, names);
    }

    /** Every column of a file without labels, such as IDX images. */
    static ColumnPlan allInputs(int columns) {
        int[] inputs = new int[columns];
        for (int c = 0; c < columns; c++) inputs[c] = c;
        return new ColumnPlan(columns, inputs, -1, new int[0], null);
    }

    /** A header name or a 0-based index, as {@code option} gave it. */
    static int resolve(String option, String spec, String source, String[] names, int columns) throws DataException {
        String wanted = spec.trim();
        if (names != null) {
            for (int c = 0; c < columns; c++) if (names[c].equals(wanted)) return c;
        }
        try {
            int index = Integer.parseInt(wanted);
            if (index >= 0 && index < columns) return index;
            throw new DataException(source + ": " + option + " " + spec + " is not a column index (the file has"
                    + " columns 0.." + (columns - 1) + ")");
        } catch (NumberFormatException e) {
            throw new DataException(source + ": " + option + " '" + spec + "' is not a column "
                    + (names != null ? "name in the header" : "index (the file has no header)"));
        }
    }

    private static int[] indices(String option, List<String> specs, String source, String[] names, int columns)
            throws DataException {
        int[] indices = new int[specs.size()];
        for (int i = 0; i < indices.length; i++) indices[i] = resolve(option, specs.get(i), source, names, columns);
        return indices;
    }

    private static boolean[] marks(String option, List<String> specs, String source, String[] names, int columns)
            throws DataException {
        boolean[] marked = new boolean[columns];
        for (int c : indices(option, specs, source, names, columns)) marked[c] = true;
        return marked;
    }

    private static boolean contains(int[] values, int wanted) {
        for (int v : values) if (v == wanted) return true;
        return false;
    }

    private static int lastUnmarked(boolean[] marked) {
        for (int c = marked.length - 1; c >= 0; c--) if (!marked[c]) return c;
        return -1;
    }

    private static String name(String[] names, int c) {
        return names != null ? names[c] : Integer.toString(c);
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
