package backprop;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a model knows of the data it was trained on: the names of its input columns in input order (when the file
 * had a header), the name of the label column, and for labels that were names, the class names, class {@code k}
 * being the {@code k}-th. Each part is empty (the label {@code null}) when unknown; {@link #NONE} knows nothing.
 *
 * @param inputNames one name per network input, or empty
 * @param label the label column's name, or {@code null}
 * @param classNames one name per class, or empty when the classes are the numbers 0, 1, ...
 */
public record ModelColumns(List<String> inputNames, String label, List<String> classNames) {

    /** A model that knows no names: its inputs are matched by position and its classes are numbers. */
    public static final ModelColumns NONE = new ModelColumns(List.of(), null, List.of());

    /** Copies the lists; {@code null} lists are empty. Names within a list must differ. */
    public ModelColumns {
        inputNames = inputNames == null ? List.of() : List.copyOf(inputNames);
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        requireDistinct(inputNames, "input");
        requireDistinct(classNames, "class");
    }

    private static void requireDistinct(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) throw new IllegalArgumentException(what + " name '" + name + "' appears twice");
        }
    }

    /** Whether the input columns have names, so that data can be matched to them by name. */
    public boolean hasInputNames() {
        return !inputNames.isEmpty();
    }

    /** These columns with other class names. */
    public ModelColumns withClassNames(List<String> names) {
        return new ModelColumns(inputNames, label, names);
    }
}
