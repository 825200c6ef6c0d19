package backprop;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a model knows of the data it was trained on: the names of its input columns in input order (when the file
 * had a header), the names of its label columns (one for a classifier, one per target for regression), and for
 * labels that were names, the class names, class {@code k} being the {@code k}-th. Each part is empty when unknown;
 * {@link #NONE} knows nothing.
 *
 * @param inputNames one name per network input, or empty
 * @param labels the label columns' names: one for a classifier, one per output for a regression model; or empty
 * @param classNames one name per class, or empty when the classes are the numbers 0, 1, ... (or for regression)
 */
public record ModelColumns(List<String> inputNames, List<String> labels, List<String> classNames) {

    /** A model that knows no names: its inputs are matched by position and its classes are numbers. */
    public static final ModelColumns NONE = new ModelColumns(List.of(), List.of(), List.of());

    /** Copies the lists; {@code null} lists are empty. Names within a list must differ. */
    public ModelColumns {
        inputNames = inputNames == null ? List.of() : List.copyOf(inputNames);
        labels = labels == null ? List.of() : List.copyOf(labels);
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        requireDistinct(inputNames, "input");
        requireDistinct(labels, "label");
        requireDistinct(classNames, "class");
    }

    /** A classifier's columns: one label column, {@code label} ({@code null} when unknown). */
    public ModelColumns(List<String> inputNames, String label, List<String> classNames) {
        this(inputNames, label == null ? List.of() : List.of(label), classNames);
    }

    private static void requireDistinct(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) throw new IllegalArgumentException(what + " name '" + name + "' appears twice");
        }
    }

    /** The name of the one label column, or {@code null} when it is unknown or there are several (targets). */
    public String label() {
        return labels.size() == 1 ? labels.get(0) : null;
    }

    /** Whether the input columns have names, so that data can be matched to them by name. */
    public boolean hasInputNames() {
        return !inputNames.isEmpty();
    }

    /** These columns with other class names. */
    public ModelColumns withClassNames(List<String> names) {
        return new ModelColumns(inputNames, labels, names);
    }
}
