package backprop.cli;

import backprop.ModelFile;
import backprop.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --task regression}, and {@code evaluate} and {@code predict} on the regression model it saves. */
class RegressionCommandsTest {

    @TempDir
    Path folder;

    /**
     * Two smooth targets of three inputs, with a little noise, in units far from 1 (y1 around 500, y2 around -3), so
     * that undoing the target normalization shows in the predictions; header {@code a,b,c,y1,y2}.
     */
    static Path twoTargets(Path file, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("a,b,c,y1,y2\n");
        for (int r = 0; r < rows; r++) {
            double a = random.nextDouble() * 2 - 1;
            double b = random.nextDouble() * 2 - 1;
            double c = random.nextDouble() * 2 - 1;
            double y1 = 500 + 100 * Math.sin(2 * a) + 50 * b * b + random.nextGaussian() * 2;
            double y2 = -3 + a * c + 0.5 * b + random.nextGaussian() * 0.02;
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.4f,%.5f%n", a, b, c, y1, y2));
        }
        return Files.writeString(file, csv);
    }

    @Test
    void twoTargetsAreLearnedSavedEvaluatedAndPredictedInTheirOwnUnits() throws IOException {
        Path data = twoTargets(folder.resolve("two.csv"), 600, 1);
        Path model = folder.resolve("model.json");
        CommandRun train = CommandRun.of("train", "--data", data.toString(), "--task", "regression", "--label",
                "y1,y2", "--hidden", "32", "--activation", "tanh", "--optimizer", "adam", "--lr", "0.01",
                "--epochs", "150", "--normalize-targets", "--test-split", "0.2", "--backend", "scalar", "--quiet",
                "--save", model.toString());
        assertEquals(0, train.exit(), train.err());
        Matcher test = Pattern.compile("test +120 rows  MSE \\S+  RMSE \\S+  MAE \\S+  R\\^2 ([0-9.]+)")
                .matcher(train.out());
        assertTrue(test.find(), train.out());
        assertTrue(Double.parseDouble(test.group(1)) > 0.95, train.out());

        Network network = ModelFile.read(model);
        assertTrue(network.isRegression());
        assertNotNull(network.targetNormalization());
        assertTrue(Files.readString(model).contains("\"task\" : \"regression\""));

        CommandRun evaluate = CommandRun.of("evaluate", "--model", model.toString(), "--data", data.toString(),
                "--label", "y1,y2", "--backend", "scalar");
        assertEquals(0, evaluate.exit(), evaluate.err());
        Matcher r2 = Pattern.compile("600 rows  MSE \\S+  RMSE \\S+  MAE \\S+  R\\^2 ([0-9.]+)").matcher(evaluate.out());
        assertTrue(r2.find(), evaluate.out());
        assertTrue(Double.parseDouble(r2.group(1)) > 0.95, evaluate.out());

        CommandRun predict = CommandRun.of("predict", "--model", model.toString(), "--data", data.toString(),
                "--label", "y1,y2", "--backend", "scalar");
        assertEquals(0, predict.exit(), predict.err());
        List<String> lines = predict.out().lines().toList();
        assertEquals("prediction0,prediction1", lines.get(0));
        assertEquals(601, lines.size());
        List<String> rows = Files.readAllLines(data);
        for (int r = 1; r <= 600; r += 61) {
            String[] predicted = lines.get(r).split(",");
            String[] actual = rows.get(r).split(",");
            assertEquals(Double.parseDouble(actual[3]), Double.parseDouble(predicted[0]), 25, "y1 of row " + r);
            assertEquals(Double.parseDouble(actual[4]), Double.parseDouble(predicted[1]), 0.5, "y2 of row " + r);
        }
    }

    @Test
    void aNonIntegerLabelNamesTheRegressionTask() throws IOException {
        Path data = twoTargets(folder.resolve("two.csv"), 20, 2);
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--label", "y1", "--backend", "scalar");
        assertEquals(Main.RUNTIME_ERROR, run.exit(), run.out());
        assertTrue(run.err().contains("is not an integer class number (for numeric targets, train with --task "
                + "regression)"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void regressionOptionsAreCheckedWithTheFix() throws IOException {
        Path data = twoTargets(folder.resolve("two.csv"), 20, 3);
        CommandRun sigmoid = CommandRun.of("train", "--data", data.toString(), "--task", "regression", "--output",
                "sigmoid");
        assertTrue(sigmoid.err().contains("--task regression trains identity outputs; --output sigmoid is for "
                + "classification"), sigmoid.err());
        CommandRun identity = CommandRun.of("train", "--data", data.toString(), "--output", "identity");
        assertTrue(identity.err().contains("(identity outputs are for --task regression)"), identity.err());
        CommandRun targets = CommandRun.of("train", "--data", data.toString(), "--normalize-targets");
        assertTrue(targets.err().contains("--normalize-targets needs --task regression"), targets.err());
        CommandRun patience = CommandRun.of("train", "--data", data.toString(), "--patience", "3");
        assertTrue(patience.err().contains("--patience needs --early-stopping"), patience.err());
    }

    @Test
    void earlyStoppingReportsItsEpochsAndWritesTheValidationColumns() throws IOException {
        Path data = twoTargets(folder.resolve("two.csv"), 200, 4);
        Path history = folder.resolve("history.csv");
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--task", "regression", "--label", "y2",
                "--hidden", "64,64", "--activation", "relu", "--optimizer", "adam", "--lr", "0.01", "--epochs", "2000",
                "--batch", "8", "--normalize", "standard", "--early-stopping", "--patience", "5", "--validation-split", "0.2",
                "--backend", "scalar", "--quiet", "--history", history.toString());
        assertEquals(0, run.exit(), run.err());
        Matcher stop = Pattern.compile("early stopping: stopped after epoch (\\d+), 5 epochs without a validation loss "
                + "below the best by more than 0\\.0; kept the weights of epoch (\\d+) \\(validation loss ([0-9.]+)\\)")
                .matcher(run.out());
        assertTrue(stop.find(), run.out());
        int stopped = Integer.parseInt(stop.group(1));
        int best = Integer.parseInt(stop.group(2));
        assertTrue(stopped < 2000 && best == stopped - 5, run.out());
        assertTrue(Pattern.compile("valid +40 rows").matcher(run.out()).find(), run.out());
        List<String> lines = Files.readAllLines(history);
        assertEquals("epoch,loss,accuracy,test_accuracy,val_loss,val_accuracy,seconds", lines.get(0));
        assertEquals(stopped + 1, lines.size());
        String[] bestRow = lines.get(best).split(",", -1);
        assertEquals(Double.parseDouble(stop.group(3)), Double.parseDouble(bestRow[4]), 5e-5);
        assertEquals("", bestRow[5], "regression has no validation accuracy");
    }
}
