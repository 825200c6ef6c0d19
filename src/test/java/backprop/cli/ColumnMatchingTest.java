package backprop.cli;

import backprop.ModelFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A model trained on a file with a header knows its columns: {@code predict} and {@code evaluate} match a file's
 * columns to it by name, and refuse, writing nothing, a file whose columns do not fit.
 */
class ColumnMatchingTest {

    private static final byte[] PRECIOUS = "earlier predictions that must survive\n".getBytes(StandardCharsets.UTF_8);
    /** id, sepal_len, sepal_wid, petal_len, petal_wid, species. */
    private static final int[] AS_TRAINED = {0, 1, 2, 3, 4, 5};

    @TempDir
    Path dir;

    private Path model;

    @BeforeEach
    void trainOnFlowers() throws IOException {
        Path flowers = TestFiles.flowers(dir.resolve("flowers.csv"), 60, ',', AS_TRAINED);
        model = dir.resolve("flowers.json");
        CommandRun run = CommandRun.of("train", "--data", flowers.toString(), "--ignore", "id", "--epochs", "20",
                "--backend", "scalar", "--quiet", "--save", model.toString());
        assertEquals(0, run.exit(), run.err());
        Files.write(dir.resolve("out.csv"), PRECIOUS);
    }

    private Path flowers(String name, int... order) throws IOException {
        return TestFiles.flowers(dir.resolve(name), 60, ',', order);
    }

    private CommandRun predict(Path data, String... options) {
        String[] args = Stream.concat(Stream.of("predict", "--backend", "scalar", "--model", model.toString(),
                "--data", data.toString()), Stream.of(options)).toArray(String[]::new);
        return CommandRun.of(args);
    }

    private CommandRun evaluate(Path data, String... options) {
        String[] args = Stream.concat(Stream.of("evaluate", "--backend", "scalar", "--model", model.toString(),
                "--data", data.toString()), Stream.of(options)).toArray(String[]::new);
        return CommandRun.of(args);
    }

    @Test
    void aFileWithItsColumnsInAnotherOrderGetsTheSamePredictions() throws IOException {
        CommandRun asTrained = predict(flowers("same.csv", AS_TRAINED), "--ignore", "id", "--keep", "id");
        CommandRun reordered = predict(flowers("reordered.csv", 5, 4, 0, 2, 3, 1), "--ignore", "id", "--keep", "id");
        assertEquals(0, reordered.exit(), reordered.err());
        assertEquals(asTrained.out(), reordered.out());
        assertTrue(asTrained.out().startsWith("id,prediction,p_Iris-setosa,"), asTrained.out());
        CommandRun evaluatedAsTrained = evaluate(dir.resolve("same.csv"), "--ignore", "id");
        CommandRun evaluatedReordered = evaluate(dir.resolve("reordered.csv"), "--ignore", "id");
        assertEquals(0, evaluatedReordered.exit(), evaluatedReordered.err());
        assertEquals(evaluatedAsTrained.out().replace("same.csv", "reordered.csv"), evaluatedReordered.out());
    }

    @Test
    void anIgnoredLabelColumnIsNotReadAndAnUnlabelledFileNeedsNoLabel() throws IOException {
        CommandRun labelled = predict(flowers("labelled.csv", AS_TRAINED), "--ignore", "id");
        CommandRun labelIgnored = predict(dir.resolve("labelled.csv"), "--ignore", "id,species");
        CommandRun unlabelled = predict(flowers("unlabelled.csv", 4, 3, 2, 1));
        assertEquals(0, labelIgnored.exit(), labelIgnored.err());
        assertEquals(0, unlabelled.exit(), unlabelled.err());
        assertEquals(labelled.out(), labelIgnored.out());
        assertEquals(labelled.out(), unlabelled.out());
    }

    @Test
    void trainingOnFromAModelMatchesTheFileByNameAndKeepsTheNames() throws IOException {
        Path resumed = dir.resolve("resumed.json");
        CommandRun run = CommandRun.of("train", "--init-model", model.toString(), "--data",
                flowers("reordered.csv", 5, 4, 0, 2, 3, 1).toString(), "--ignore", "id", "--epochs", "1", "--quiet",
                "--backend", "scalar", "--save", resumed.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(ModelFile.read(model).columns(), ModelFile.read(resumed).columns());
        Path unnamed = Files.write(dir.resolve("unnamed.csv"),
                Files.readAllLines(flowers("plain.csv", 1, 2, 3, 4, 5)).subList(1, 61));
        run = CommandRun.of("train", "--init-model", model.toString(), "--data", unnamed.toString(), "--epochs", "1",
                "--quiet", "--backend", "scalar", "--save", resumed.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(ModelFile.read(model).columns(), ModelFile.read(resumed).columns());
    }

    @Test
    void aFileWithoutHeaderIsMatchedByPosition() throws IOException {
        Path named = flowers("named.csv", 1, 2, 3, 4);
        Path unnamed = Files.write(dir.resolve("unnamed.csv"), Files.readAllLines(named).subList(1, 61));
        CommandRun byName = predict(named);
        CommandRun byPosition = predict(unnamed);
        assertEquals(0, byPosition.exit(), byPosition.err());
        assertEquals(byName.out(), byPosition.out());
    }

    static Stream<Arguments> misfits() {
        return Stream.of(
                arguments("missing", new int[] {0, 1, 2, 3, 5}, new String[] {"--ignore", "id"},
                        "has no column 'petal_wid', an input of MODEL"),
                arguments("extra", new int[] {0, 1, 2, 3, 4, 5}, new String[0],
                        "column 'id' is neither an input of MODEL nor its label; leave it out or name it in --ignore"),
                arguments("ignored input", new int[] {0, 1, 2, 3, 4, 5}, new String[] {"--ignore", "id,sepal_wid"},
                        "column 'sepal_wid' is an input of MODEL; take it out of --ignore"),
                arguments("unknown --ignore", new int[] {0, 1, 2, 3, 4, 5}, new String[] {"--ignore", "ID"},
                        "--ignore 'ID' is not a column name in the header"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misfits")
    void aFileWhoseNamesDoNotFitIsRefusedAndNothingIsWritten(String what, int[] order, String[] options,
                                                            String problem) throws IOException {
        Path data = flowers(what.replace(' ', '-') + ".csv", order);
        String expected = data + ": " + problem.replace("MODEL", model.toString()) + "\n";
        CommandRun predicted = predict(data, Stream.concat(Stream.of(options),
                Stream.of("--out", dir.resolve("out.csv").toString())).toArray(String[]::new));
        assertEquals(1, predicted.exit(), predicted.err());
        assertEquals("predict: " + expected, predicted.err());
        assertArrayEquals(PRECIOUS, Files.readAllBytes(dir.resolve("out.csv")), "--out file untouched");
        CommandRun evaluated = evaluate(data, options);
        assertEquals(1, evaluated.exit(), evaluated.err());
        assertEquals("evaluate: " + expected, evaluated.err());
    }

    @Test
    void aFileWithoutHeaderAndTheWrongNumberOfColumnsIsRefusedWithBothCounts() throws IOException {
        Path data = Files.writeString(dir.resolve("three.csv"), "1,2,3\n4,5,6\n");
        CommandRun predicted = predict(data, "--out", dir.resolve("out.csv").toString());
        assertEquals(1, predicted.exit(), predicted.err());
        assertEquals("predict: " + data + ": has 3 columns, but " + model + " has 4 inputs (plus, optionally, a label"
                + " column)\n", predicted.err());
        assertArrayEquals(PRECIOUS, Files.readAllBytes(dir.resolve("out.csv")), "--out file untouched");
        Path six = Files.writeString(dir.resolve("six.csv"), "1,2,3,4,5,6\n");
        CommandRun evaluated = evaluate(six);
        assertEquals(1, evaluated.exit(), evaluated.err());
        assertEquals("evaluate: " + six + ": has 6 columns, but " + model + " has 4 inputs plus a label column\n",
                evaluated.err());
        CommandRun ignoring = evaluate(six, "--ignore", "0,1");
        assertEquals("evaluate: " + six + ": has 6 columns (2 of them in --ignore or --keep), but " + model
                + " has 4 inputs plus a label column\n", ignoring.err());
    }

    @Test
    void evaluateNeedsTheLabelColumn() throws IOException {
        Path data = flowers("unlabelled.csv", 1, 2, 3, 4);
        CommandRun evaluated = evaluate(data);
        assertEquals(1, evaluated.exit(), evaluated.err());
        assertEquals("evaluate: " + data + ": has no label column 'species'; name it with --label\n", evaluated.err());
    }
}
