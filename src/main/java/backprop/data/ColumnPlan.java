package backprop.data;

import backprop.ModelColumns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns of a CSV file are read and as what, decided from the header (or, without one, the number of columns)
 * before any row is parsed: the input columns in the order the network takes them, the label columns (one for a
 * class, one per target for regression), and the columns whose text is kept. A column in none of these is skipped unread, so an id column may hold any text.
 */
final class ColumnPlan {

    final int columns;
    /** The file column of each network input, in input order. */
    final int[] inputs;
    /** The label's file columns (several for regression targets), empty when the file has none. */
    final int[] labels;
    /** The columns whose text each row carries along. */
    final int[] keep;
    /** The header's names of the input columns in input order, or {@code null} without a header. */
    final String[] inputNames;
    /** The header's names of the label columns, or {@code null} without a header. */
    final String[] labelNames;
    private final boolean[] numeric;
    private final boolean[] text;

    private ColumnPlan(int columns, int[] inputs, int[] labels, int[] keep, String[] names) {
        this.columns = columns;
        this.inputs = inputs;
        this.labels = labels;
        this.keep = keep;
        this.numeric = new boolean[columns];
        this.text = new boolean[columns];
        for (int c : inputs) numeric[c] = true;
        for (int c : keep) text[c] = true;
        for (int c : labels) text[c] = true;
        this.inputNames = names == null ? null : new String[inputs.length];
        for (int i = 0; names != null && i < inputs.length; i++) inputNames[i] = names[inputs[i]];
        this.labelNames = names == null ? null : new String[labels.length];
        for (int k = 0; names != null && k < labels.length; k++) labelNames[k] = names[labels[k]];
    }

    /** Whether column {@code c} is a label column. */
    boolean isLabel(int c) {
        return contains(labels, c);
    }

    /** Whether column {@code c} must hold numbers: it is an input. */
    boolean isNumeric(int c) {
        return numeric[c];
    }

    /** Whether column {@code c}'s text is kept: it is a label or a kept column. */
    boolean isText(int c) {
        return text[c];
    }

    /** Decides the plan once the reader knows the header ({@code null} without one) and the number of columns. */
    interface Planner {
        ColumnPlan plan(String source, String[] names, int columns) throws DataException;
    }

    /**
     * Training data: the label is {@code --label} (several, comma-separated, for regression targets) or the last
     * column that is not ignored; every other column that is not ignored is an input, in file order.
     */
    static Planner forTraining(CsvOptions options) {
        return (source, names, columns) -> {
            boolean[] ignored = marks("--ignore", options.ignore(), source, names, columns);
            int[] labels;
            if (options.label() != null) {
                labels = resolveLabels(options.label(), source, names, columns);
            } else {
                int last = lastUnmarked(ignored);
                if (last < 0) throw new DataException(source + ": --ignore leaves no column for the label");
                labels = new int[] {last};
            }
            boolean[] isLabel = new boolean[columns];
            for (int label : labels) {
                if (ignored[label]) {
                    throw new DataException(source + ": the label column " + name(names, label)
                            + " is also in --ignore");
                }
                isLabel[label] = true;
            }
            List<Integer> inputs = new ArrayList<>();
            for (int c = 0; c < columns; c++) if (!isLabel[c] && !ignored[c]) inputs.add(c);
            if (inputs.isEmpty()) {
                String only = labels.length == 1 ? "the label column" : "the label columns";
                throw new DataException(source + ": has only " + only + (options.ignore().isEmpty() ? ""
                        : " and ignored ones") + "; it needs input columns besides " + (labels.length == 1 ? "it"
                        : "them"));
            }
            return new ColumnPlan(columns, toArray(inputs), labels, indices("--keep", options.keep(), source, names,
                    columns), names);
        };
    }

    /**
     * The columns a {@code --label} value names: one header name or index, or several, comma-separated (a header
     * name that itself holds commas is taken whole first), each once.
     */
    static int[] resolveLabels(String spec, String source, String[] names, int columns) throws DataException {
        if (names != null && spec.indexOf(',') >= 0) {
            for (int c = 0; c < columns; c++) if (names[c].equals(spec.trim())) return new int[] {c};
        }
        String[] parts = spec.split(",", -1);
        int[] labels = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            labels[i] = resolve("--label", parts[i], source, names, columns);
            for (int j = 0; j < i; j++) {
                if (labels[j] == labels[i]) {
                    throw new DataException(source + ": --label names column " + name(names, labels[i]) + " twice");
                }
            }
        }
        return labels;
    }

    /**
     * Data for a model of {@code inputs} inputs and {@code labelCount} label columns (one for a classifier, one per
     * target for regression) that knows {@code model}'s names ({@code owner} names it in messages: "the model", or
     * the training file for test data). When both the file and the model have names, columns are matched by name: a
     * missing input is an error, and so is a column that is neither an input, a label, ignored nor kept. Otherwise
     * by position: the columns not ignored or kept are the inputs, followed by the labels when there are
     * {@code labelCount} more.
     */
    static Planner forModel(CsvOptions options, ModelColumns model, int inputs, int labelCount, boolean labelRequired,
                            String owner) {
        return (source, names, columns) -> {
            boolean[] ignored = marks("--ignore", options.ignore(), source, names, columns);
            int[] keep = indices("--keep", options.keep(), source, names, columns);
            int[] labels = options.label() == null ? null : resolveLabels(options.label(), source, names, columns);
            if (labels != null && labels.length != labelCount) {
                throw new DataException(source + ": --label names " + labels.length + " column"
                        + (labels.length == 1 ? "" : "s") + " but " + owner + " has " + labelCount + " label column"
                        + (labelCount == 1 ? "" : "s") + (labelCount == 1 ? "" : " (its targets)"));
            }
            return names != null && model.hasInputNames()
                    ? byName(model, labelCount, labelRequired, owner, source, names, ignored, keep, labels)
                    : byPosition(inputs, labelCount, labelRequired, owner, source, names, columns, ignored, keep,
                            labels);
        };
    }

    private static ColumnPlan byName(ModelColumns model, int labelCount, boolean labelRequired, String owner,
                                     String source, String[] names, boolean[] ignored, int[] keep, int[] labels)
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
        if (labels == null && !model.labels().isEmpty()) {
            // a model's label column that the user ignores is one they do not want read
            List<Integer> found = new ArrayList<>();
            String missing = null;
            for (String name : model.labels()) {
                int c = byName.getOrDefault(name, -1);
                if (c >= 0 && !ignored[c]) {
                    found.add(c);
                } else if (missing == null) {
                    missing = name;
                }
            }
            if (missing == null) {
                labels = toArray(found);
            } else if (labelRequired) {
                throw new DataException(source + ": has no label column '" + missing + "'"
                        + (model.labels().size() == 1 ? "" : ", a target of " + owner) + "; name "
                        + (model.labels().size() == 1 ? "it" : "the targets") + " with --label");
            } else {
                // predict: the target columns that are there are left out, unread
                for (int c : found) used[c] = true;
            }
        }
        if (labels != null) {
            for (int label : labels) {
                if (used[label]) {
                    throw new DataException(source + ": the label column " + names[label] + " is "
                            + (ignored[label] ? "also in --ignore" : "an input of " + owner));
                }
            }
        }
        if (labels == null && labelRequired) {
            throw new DataException(source + ": has no label column" + (model.label() == null ? ""
                    : " '" + model.label() + "'") + "; name it with --label");
        }
        if (labels != null) for (int label : labels) used[label] = true;
        for (int c : keep) used[c] = true;
        for (int c = 0; c < names.length; c++) {
            if (!used[c]) {
                throw new DataException(source + ": column '" + names[c] + "' is neither an input of " + owner
                        + " nor its label; leave it out or name it in --ignore");
            }
        }
        return new ColumnPlan(names.length, inputs, labels == null ? new int[0] : labels, keep, names);
    }

    private static ColumnPlan byPosition(int inputs, int labelCount, boolean labelRequired, String owner,
                                         String source, String[] names, int columns, boolean[] ignored, int[] keep,
                                         int[] labels) throws DataException {
        boolean[] leftOut = ignored.clone();
        for (int c : keep) leftOut[c] = true;
        if (labels != null) for (int c : labels) leftOut[c] = true;
        List<Integer> rest = new ArrayList<>();
        for (int c = 0; c < columns; c++) if (!leftOut[c]) rest.add(c);
        if (labels == null && rest.size() == inputs + labelCount) {
            List<Integer> last = rest.subList(inputs, rest.size());
            labels = toArray(last);
            last.clear();
        }
        if (rest.size() != inputs || labels == null && labelRequired) {
            int named = 0;
            for (int c = 0; c < columns; c++) if (ignored[c] || contains(keep, c)) named++;
            String labelColumns = labelCount == 1 ? "a label column" : labelCount + " label columns";
            throw new DataException(source + ": has " + columns + " columns" + (named == 0 ? ""
                    : " (" + named + " of them in --ignore or --keep)") + ", but " + owner + " has " + inputs
                    + " inputs" + (labelRequired ? " plus " + labelColumns : " (plus, optionally, " + labelColumns
                    + ")"));
        }
        return new ColumnPlan(columns, toArray(rest), labels == null ? new int[0] : labels, keep, names);
    }

    /** Every column of a file without labels, such as IDX images. */
    static ColumnPlan allInputs(int columns) {
        int[] inputs = new int[columns];
        for (int c = 0; c < columns; c++) inputs[c] = c;
        return new ColumnPlan(columns, inputs, new int[0], new int[0], null);
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
