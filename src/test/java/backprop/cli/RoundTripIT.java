package backprop.cli;

import backprop.ModelFile;
import backprop.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train -> save -> evaluate -> predict on generated files. */
class RoundTripIT {

    @TempDir
    Path dir;

    @Test
    void threeClassesTrainSaveEvaluateAndPredict() throws IOException {
        TestFiles.clusters(dir.resolve("train.csv"), 240, 3, 1);
        Path test = TestFiles.clusters(dir.resolve("test.csv"), 60, 3, 2);
        Jar.Result train = Jar.run(dir, "train", "--data", "train.csv", "--test", "test.csv", "--hidden", "8",
                "--normalize", "standard", "--epochs", "15", "--batch", "16", "--lr", "0.3", "--backend", "scalar",
                "--save", "model.json", "--history", "history.csv");
        assertEquals(0, train.exitCode, train.toString());
        assertEquals("", train.err);
        List<String> lines = train.outLines();
        assertTrue(lines.get(0).matches("epoch 1/15  loss \\d\\.\\d{4}  acc \\d\\.\\d{4}  test_acc \\d\\.\\d{4}  "
                + "[\\d,.]+ epochs/s"), lines.get(0));
        assertTrue(Jar.number(Jar.lineStarting(train, "test "), "accuracy") >= 0.95, train.out);
        assertTrue(Jar.lineStarting(train, "4-8-3 sigmoid/softmax, 15 epochs in ").endsWith("backend: scalar"));
        assertEquals("saved model.json", lines.get(lines.size() - 1));

        Network model = ModelFile.read(dir.resolve("model.json"));
        assertEquals("4-8-3 sigmoid/softmax", model.describe());
        assertNotNull(model.normalization(), "standard normalization stored in the model");
        List<String> history = Files.readAllLines(dir.resolve("history.csv"));
        assertEquals("epoch,loss,accuracy,test_accuracy,val_loss,val_accuracy,seconds", history.get(0));
        assertEquals(16, history.size());
        assertTrue(history.get(15).startsWith("15,"), history.get(15));

        Jar.Result resumed = Jar.run(dir, "train", "--data", "train.csv", "--test", "test.csv", "--init-model",
                "model.json", "--epochs", "1", "--lr", "0.01", "--quiet", "--backend", "scalar", "--save", "resumed.json");
        assertEquals(0, resumed.exitCode, resumed.toString());
        assertTrue(Jar.number(Jar.lineStarting(resumed, "test "), "accuracy") >= 0.95, resumed.out);
        Network continued = ModelFile.read(dir.resolve("resumed.json"));
        assertEquals(model.describe(), continued.describe());
        assertArrayEquals(model.normalization().shift(), continued.normalization().shift(), "kept, not refitted");

        Jar.Result evaluate = Jar.run(dir, "evaluate", "--model", "model.json", "--data", "test.csv",
                "--backend", "scalar");
        assertEquals(0, evaluate.exitCode, evaluate.toString());
        assertEquals(Jar.number(Jar.lineStarting(train, "test "), "accuracy"),
                Jar.number(evaluate.outLines().get(0), "accuracy"), 1e-9, "evaluate agrees with train's test line");
        assertEquals("confusion matrix (rows: actual class, columns: predicted class)", evaluate.outLines().get(1));
        int total = 0;
        for (int k = 0; k < 3; k++) {
            String[] counts = evaluate.outLines().get(3 + k).trim().split("\\s+");
            assertEquals(Integer.toString(k), counts[0]);
            for (int j = 1; j <= 3; j++) total += Integer.parseInt(counts[j]);
        }
        assertEquals(60, total);

        Jar.Result predict = Jar.run(dir, "predict", "--model", "model.json", "--data", "test.csv", "--out",
                "predictions.csv", "--backend", "scalar");
        assertEquals(0, predict.exitCode, predict.toString());
        List<String> predictions = Files.readAllLines(dir.resolve("predictions.csv"));
        assertEquals("prediction,p0,p1,p2", predictions.get(0));
        assertEquals(61, predictions.size());
        List<String> testRows = Files.readAllLines(test);
        int correct = 0;
        for (int r = 1; r <= 60; r++) {
            String[] p = predictions.get(r).split(",");
            double sum = Double.parseDouble(p[1]) + Double.parseDouble(p[2]) + Double.parseDouble(p[3]);
            assertEquals(1.0, sum, 1e-5, "softmax row " + r);
            String label = testRows.get(r).substring(testRows.get(r).lastIndexOf(',') + 1);
            if (p[0].equals(label)) correct++;
        }
        assertEquals(Jar.number(evaluate.outLines().get(0), "accuracy"), correct / 60.0, 1e-9);

        Path unlabelled = dir.resolve("inputs.csv");
        StringBuilder inputs = new StringBuilder();
        for (int r = 1; r <= 60; r++) inputs.append(testRows.get(r), 0, testRows.get(r).lastIndexOf(',')).append('\n');
        Files.writeString(unlabelled, inputs);
        Jar.Result stdout = Jar.run(dir, "predict", "--model", "model.json", "--data", "inputs.csv",
                "--backend", "scalar");
        assertEquals(0, stdout.exitCode, stdout.toString());
        assertEquals(String.join("\n", predictions) + "\n", stdout.out, "same rows without the label column");
    }

    @Test
    void zeroOneLabelsGetOneSigmoidOutputAndIdxGzipFilesWork() throws IOException {
        Random random = new Random(3);
        int rows = 200;
        byte[] images = new byte[rows * 4];
        byte[] labels = new byte[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = (byte) (r % 2);
            for (int p = 0; p < 4; p++) {
                int bright = p < 2 == (labels[r] == 1) ? 200 : 40;
                images[r * 4 + p] = (byte) (bright + random.nextInt(40));
            }
        }
        TestFiles.idx(dir.resolve("train-images-idx3-ubyte.gz"), new int[] {rows, 2, 2}, images);
        TestFiles.idx(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {rows}, labels);
        Jar.Result train = Jar.run(dir, "train", "--data", "train-images-idx3-ubyte.gz", "--hidden", "4",
                "--normalize", "minmax", "--epochs", "30", "--batch", "10", "--lr", "0.5", "--quiet",
                "--backend", "scalar", "--save", "binary.json");
        assertEquals(0, train.exitCode, train.toString());
        assertTrue(train.outLines().get(0).startsWith("train    200 rows"), train.out);
        assertEquals(1.0, Jar.number(train.outLines().get(0), "accuracy"), 0.0, train.out);
        assertEquals("4-4-1 sigmoid/sigmoid", ModelFile.read(dir.resolve("binary.json")).describe());

        Jar.Result predict = Jar.run(dir, "predict", "--model", "binary.json", "--data", "train-images-idx3-ubyte.gz",
                "--backend", "scalar");
        assertEquals(0, predict.exitCode, predict.toString());
        List<String> lines = predict.outLines();
        assertEquals("prediction,p", lines.get(0));
        assertEquals(rows + 1, lines.size());
        for (int r = 0; r < rows; r++) {
            String[] fields = lines.get(r + 1).split(",");
            assertEquals(Integer.toString(labels[r]), fields[0]);
            assertEquals(labels[r] == 1, Double.parseDouble(fields[1]) >= 0.5);
        }
    }
}
