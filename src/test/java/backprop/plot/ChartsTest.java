package backprop.plot;

import backprop.Activation;
import backprop.Init;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.TrainingHistory;
import backprop.cli.XorCommand;
import backprop.data.Dataset;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each chart writes an image of the requested size and format, from real training. */
class ChartsTest {

    @TempDir
    Path dir;

    static Dataset xor() {
        return XorCommand.dataset();
    }

    static Network xorNetwork() {
        return Network.create(new int[] {2, 4, 1}, Activation.SIGMOID, Activation.SIGMOID, Init.XAVIER, 7);
    }

    private static TrainingHistory train(Network network, Dataset data, int epochs) {
        Trainer trainer = new Trainer(network, data, new ScalarKernels(), TrainingConfig.defaults().withLearningRate(1f));
        TrainingHistory history = new TrainingHistory();
        for (int e = 1; e <= epochs; e++) {
            var metrics = trainer.epoch();
            history.add(new TrainingHistory.Epoch(e, metrics.mse(), metrics.accuracy(), Double.NaN, 0.001));
        }
        return history;
    }

    @ParameterizedTest
    @ValueSource(strings = {"loss.png", "loss.svg", "LOSS.PNG"})
    void lossCurveIsAnImageOfTheRequestedSizeAndFormat(String name) throws Exception {
        Network network = xorNetwork();
        TrainingHistory history = train(network, xor(), 200);
        Path file = dir.resolve(name);
        LossChart.write(history, LossChart.title(network, TrainingConfig.defaults()), new ChartSize(640, 480), file);
        Images.assertImage(file, 640, 480);
    }

    @Test
    void lossCurveTitleNamesTheNetworkAndSettings() {
        String title = LossChart.title(xorNetwork(), TrainingConfig.defaults().withLearningRate(0.5f).withBatchSize(2));
        assertEquals("2-4-1 sigmoid/sigmoid, lr 0.5, batch 2", title);
    }

    @Test
    void lossCurveShowsOnlyTheQuantitiesThatWereMeasured() {
        TrainingHistory history = new TrainingHistory();
        history.add(new TrainingHistory.Epoch(1, 0.3, Double.NaN, Double.NaN, 0.1));
        history.add(new TrainingHistory.Epoch(2, 0.2, Double.NaN, Double.NaN, 0.1));
        assertEquals(List.of("loss"), List.copyOf(LossChart.build(history, "t", ChartSize.DEFAULT).getSeriesMap().keySet()));

        history.add(new TrainingHistory.Epoch(3, 0.1, 0.9, 0.8, 0.1));
        assertEquals(List.of("loss", "train accuracy", "test accuracy"),
                List.copyOf(LossChart.build(history, "t", ChartSize.DEFAULT).getSeriesMap().keySet()));
    }

    @Test
    void aLongTitleIsSetSmallerToFitTheImageAndAShortOneIsLeftAlone() {
        TrainingHistory history = train(xorNetwork(), xor(), 2);
        String longTitle = "train-images-idx3-ubyte.gz, 784-128-10 sigmoid/softmax, lr 0.1, batch 64, momentum 0.9";
        var chart = LossChart.build(history, longTitle, new ChartSize(640, 480));
        var font = chart.getStyler().getChartTitleFont();
        double width = font.getStringBounds(longTitle, new java.awt.font.FontRenderContext(null, true, true)).getWidth();
        assertTrue(width <= 640 - 40, "title width " + width);

        var shortTitle = LossChart.build(history, "XOR", new ChartSize(400, 300));
        assertEquals(new org.knowm.xchart.style.XYStyler().getChartTitleFont(), shortTitle.getStyler().getChartTitleFont());
    }

    @ParameterizedTest
    @ValueSource(strings = {"boundary.png", "boundary.svg"})
    void boundaryIsAnImageOfTheRequestedSizeAndFormat(String name) throws Exception {
        Network network = xorNetwork();
        train(network, xor(), 300);
        Path file = dir.resolve(name);
        BoundaryChart.write(network, xor(), "XOR", new ChartSize(500, 400), file);
        Images.assertImage(file, 500, 400);
    }

    @Test
    void boundaryOfSeveralClassesColoursThePredictedClass() throws Exception {
        float[] features = {0, 0, 1, 0, 0, 1, 1, 1, 2, 2, -1, 2};
        Dataset threeClasses = Dataset.classification(features, new int[] {0, 1, 2, 0, 1, 2}, 6, 2, 3, true);
        Network network = Network.create(new int[] {2, 5, 3}, Activation.TANH, Activation.SOFTMAX, Init.XAVIER, 3);
        train(network, threeClasses, 50);
        var chart = BoundaryChart.build(network, threeClasses, "three classes", new ChartSize(400, 300));
        assertEquals(3, chart.getStyler().getSplitNumber(), "one colour band per class");
        assertEquals("class 2", chart.getStyler().getHeatMapDecimalValueFormatter().apply(1.5));
        Path file = dir.resolve("classes.png");
        ChartFiles.write(chart, file);
        Images.assertPng(file, 400, 300);
    }

    @Test
    void boundaryNeedsTwoInputColumns() {
        Dataset threeInputs = Dataset.classification(new float[] {0, 0, 0, 1, 1, 1}, new int[] {0, 1}, 2, 3, 2, true);
        Network network = Network.create(new int[] {3, 2, 1}, Activation.SIGMOID, Activation.SIGMOID, Init.XAVIER, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoundaryChart.build(network, threeInputs, "t", ChartSize.DEFAULT));
        assertEquals("a decision boundary needs data with 2 input columns; this data has 3", e.getMessage());
    }

    @Test
    void framesAreWrittenEveryKEpochsInTrainingOrder() throws Exception {
        Network network = xorNetwork();
        Dataset data = xor();
        Path frames = dir.resolve("frames");
        BoundaryFrames writer = new BoundaryFrames(frames, 10, network, data, "XOR", new ChartSize(300, 200));
        Trainer trainer = new Trainer(network, data, new ScalarKernels(), TrainingConfig.defaults());
        for (int epoch = 1; epoch <= 30; epoch++) {
            trainer.epoch();
            Path frame = writer.afterEpoch(epoch);
            if (epoch % 10 != 0) assertNull(frame);
        }
        assertEquals(List.of(frames.resolve("epoch-00010.png"), frames.resolve("epoch-00020.png"),
                frames.resolve("epoch-00030.png")), writer.written());
        try (var listing = Files.list(frames)) {
            assertEquals(3, listing.count());
        }
        for (Path frame : writer.written()) Images.assertPng(frame, 300, 200);
    }

    @Test
    void framesRefuseAFileAsTheirFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("frames"), "x");
        var e = assertThrows(java.io.IOException.class,
                () -> new BoundaryFrames(file, 5, xorNetwork(), xor(), "XOR", ChartSize.DEFAULT));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
