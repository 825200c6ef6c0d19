package backprop.cli;

import backprop.ModelColumns;
import backprop.ModelFile;
import backprop.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression models know their columns as classifiers do: the targets are the label columns, stored by name,
 * matched by name by {@code evaluate} and {@code predict}, and refused clearly when missing.
 */
class RegressionColumnsTest {

    @TempDir
    Path dir;

    private Path data;
    private Path model;

    @BeforeEach
    void trainOnTwoTargets() throws IOException {
        data = RegressionCommandsTest.twoTargets(dir.resolve("two.csv"), 200, 11);
        model = dir.resolve("model.json");
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--task", "regression", "--label", "y1,y2",
                "--hidden", "8", "--epochs", "5", "--normalize-targets", "--backend", "scalar", "--quiet",
                "--save", model.toString());
        assertEquals(0, run.exit(), run.err());
    }

    /** The data file with its columns in {@code order} (indices into a,b,c,y1,y2). */
    private Path reordered(String name, int... order) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(data)) {
            String[] fields = line.split(",");
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < order.length; i++) out.append(i == 0 ? "" : ",").append(fields[order[i]]);
            lines.add(out.toString());
        }
        return Files.write(dir.resolve(name), lines);
    }

    private static String metrics(CommandRun run) {
        Matcher m = Pattern.compile("rows  (MSE .*)").matcher(run.out());
        assertTrue(m.find(), run.out() + run.err());
        return m.group(1);
    }

    @Test
    void theModelFileNamesTheInputsAndTheTargets() throws IOException {
        Network network = ModelFile.read(model);
        assertEquals(new ModelColumns(List.of("a", "b", "c"), List.of("y1", "y2"), List.of()), network.columns());
        assertTrue(Files.readString(model).contains("\"label\" : [\"y1\",\"y2\"]"), Files.readString(model));
        assertEquals(network.columns(), ModelFile.parse(ModelFile.toJson(network), "round trip").columns());
    }

    @Test
    void evaluateFindsTheTargetsByNameInAnyOrder() throws IOException {
        CommandRun asTrained = CommandRun.of("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--backend", "scalar");
        assertEquals(0, asTrained.exit(), asTrained.err());
        Path shuffled = reordered("shuffled.csv", 4, 2, 0, 3, 1);
        CommandRun byName = CommandRun.of("evaluate", "--model", model.toString(), "--data", shuffled.toString(),
                "--backend", "scalar");
        assertEquals(0, byName.exit(), byName.err());
        assertEquals(metrics(asTrained), metrics(byName));
        CommandRun named = CommandRun.of("evaluate", "--model", model.toString(), "--data", shuffled.toString(),
                "--label", "y1,y2", "--backend", "scalar");
        assertEquals(metrics(asTrained), metrics(named));
    }

    @Test
    void evaluateWithoutATargetColumnNamesIt() throws IOException {
        Path noY2 = reordered("no-y2.csv", 0, 1, 2, 3);
        CommandRun run = CommandRun.of("evaluate", "--model", model.toString(), "--data", noY2.toString(),
                "--backend", "scalar");
        assertEquals(Main.RUNTIME_ERROR, run.exit());
        assertEquals("evaluate: " + noY2 + ": has no label column 'y2', a target of " + model
                + "; name the targets with --label\n", run.err());
        CommandRun oneLabel = CommandRun.of("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--label", "y1", "--backend", "scalar");
        assertEquals(Main.RUNTIME_ERROR, oneLabel.exit());
        assertEquals("evaluate: " + data + ": --label names 1 column but " + model + " has 2 label columns (its"
                + " targets)\n", oneLabel.err());
    }

    @Test
    void predictMatchesInputsByNameAndLeavesTheTargetsOut() throws IOException {
        CommandRun withTargets = CommandRun.of("predict", "--model", model.toString(), "--data", data.toString(),
                "--backend", "scalar");
        assertEquals(0, withTargets.exit(), withTargets.err());
        assertEquals("prediction0,prediction1", withTargets.out().lines().findFirst().orElseThrow());
        CommandRun inputsOnly = CommandRun.of("predict", "--model", model.toString(), "--data",
                reordered("inputs.csv", 2, 1, 0).toString(), "--backend", "scalar");
        assertEquals(0, inputsOnly.exit(), inputsOnly.err());
        assertEquals(withTargets.out(), inputsOnly.out());
        CommandRun oneTarget = CommandRun.of("predict", "--model", model.toString(), "--data",
                reordered("y1.csv", 3, 0, 1, 2).toString(), "--backend", "scalar");
        assertEquals(0, oneTarget.exit(), oneTarget.err());
        assertEquals(withTargets.out(), oneTarget.out());
    }

    @Test
    void predictKeepsColumnsAheadOfTheValues() throws IOException {
        Path withId = dir.resolve("ids.csv");
        List<String> lines = new ArrayList<>();
        List<String> rows = Files.readAllLines(data);
        for (int r = 0; r < rows.size(); r++) lines.add((r == 0 ? "id" : "row" + r) + "," + rows.get(r));
        Files.write(withId, lines);
        CommandRun run = CommandRun.of("predict", "--model", model.toString(), "--data", withId.toString(),
                "--keep", "id", "--backend", "scalar");
        assertEquals(0, run.exit(), run.err());
        List<String> out = run.out().lines().toList();
        assertEquals("id,prediction0,prediction1", out.get(0));
        assertTrue(out.get(1).startsWith("row1,"), out.get(1));
    }

    @Test
    void aModelWithoutNamesTakesTheLastColumnsAsTargets() throws IOException {
        Path bare = dir.resolve("bare.csv");
        List<String> rows = Files.readAllLines(data);
        Files.write(bare, rows.subList(1, rows.size()));
        Path bareModel = dir.resolve("bare.json");
        CommandRun train = CommandRun.of("train", "--data", bare.toString(), "--task", "regression", "--label", "3,4",
                "--hidden", "8", "--epochs", "3", "--backend", "scalar", "--quiet", "--save", bareModel.toString());
        assertEquals(0, train.exit(), train.err());
        assertEquals(ModelColumns.NONE, ModelFile.read(bareModel).columns());
        CommandRun evaluate = CommandRun.of("evaluate", "--model", bareModel.toString(), "--data", bare.toString(),
                "--backend", "scalar");
        assertEquals(0, evaluate.exit(), evaluate.err());
        CommandRun predict = CommandRun.of("predict", "--model", bareModel.toString(), "--data", bare.toString(),
                "--backend", "scalar");
        assertEquals(0, predict.exit(), predict.err());
        assertEquals(201, predict.out().lines().count());
    }

    @Test
    void severalLabelsWithoutTheRegressionTaskAreAnError() {
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--label", "y1,y2", "--backend", "scalar");
        assertEquals(Main.RUNTIME_ERROR, run.exit());
        assertEquals("train: " + data + ": --label names 2 columns; several targets are for --task regression\n",
                run.err());
    }

    @Test
    void aTargetThatIsNotANumberIsReportedAtItsLine() throws IOException {
        Path text = Files.writeString(dir.resolve("text.csv"), "a,y\n1,2.5\n2,high\n");
        CommandRun run = CommandRun.of("train", "--data", text.toString(), "--task", "regression", "--backend",
                "scalar");
        assertEquals(Main.RUNTIME_ERROR, run.exit());
        assertEquals("train: " + text + ":3: column y: target 'high' is not a number\n", run.err());
    }

    @Test
    void trainingOnFromARegressionModelNeedsTheTask() throws IOException {
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--init-model", model.toString(),
                "--label", "y1", "--backend", "scalar");
        assertEquals(Main.RUNTIME_ERROR, run.exit());
        assertEquals("train: " + model + ": is a regression model; train it with --task regression\n", run.err());
        CommandRun resumed = CommandRun.of("train", "--data", reordered("again.csv", 3, 4, 2, 1, 0).toString(),
                "--init-model", model.toString(), "--task", "regression", "--epochs", "1", "--backend", "scalar",
                "--quiet");
        assertEquals(0, resumed.exit(), resumed.err());
    }
}
