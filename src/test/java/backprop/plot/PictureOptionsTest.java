package backprop.plot;

import backprop.Activation;
import backprop.Init;
import backprop.Metrics;
import backprop.Network;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.TrainingHistory;
import backprop.data.Dataset;
import backprop.kernel.ScalarKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The picture options used the way a training command uses them. */
class PictureOptionsTest {

    @TempDir
    Path dir;

    /** A stand-in for a training command: the three hooks around a plain training loop. */
    @Command(name = "train-xor")
    static final class TrainXor implements Callable<Integer> {
        @Mixin
        PictureOptions pictures;
        Dataset data = ChartsTest.xor();

        @Override
        public Integer call() throws IOException {
            Network network = ChartsTest.xorNetwork();
            TrainingConfig config = TrainingConfig.defaults().withLearningRate(1f);
            String title = LossChart.title(network, config);
            pictures.checkBeforeTraining(network, data, title);
            Trainer trainer = new Trainer(network, data, new ScalarKernels(), config);
            TrainingHistory history = new TrainingHistory();
            for (int epoch = 1; epoch <= 20; epoch++) {
                Metrics metrics = trainer.epoch();
                history.add(new TrainingHistory.Epoch(epoch, metrics.mse(), metrics.accuracy(), Double.NaN, 0));
                pictures.afterEpoch(epoch);
            }
            pictures.writeAfterTraining(history, network, data, title);
            return 0;
        }
    }

    @Test
    void writesEveryPictureAskedForAtTheAskedSize() throws Exception {
        Path plot = dir.resolve("loss.svg");
        Path boundary = dir.resolve("boundary.png");
        Path frames = dir.resolve("frames");
        int exit = new CommandLine(new TrainXor()).execute("--plot", plot.toString(), "--boundary", boundary.toString(),
                "--frames", frames.toString(), "--frame-every", "5", "--image-size", "320x240");
        assertEquals(0, exit);
        Images.assertSvg(plot, 320, 240);
        Images.assertPng(boundary, 320, 240);
        try (var listing = Files.list(frames)) {
            assertEquals(List.of("epoch-00000.png", "epoch-00005.png", "epoch-00010.png", "epoch-00015.png",
                    "epoch-00020.png"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Images.assertPng(frames.resolve("epoch-00020.png"), 320, 240);
    }

    @Test
    void aBadPathFailsBeforeTrainingStarts() {
        TrainXor command = new TrainXor();
        new CommandLine(command).parseArgs("--plot", dir.resolve("missing").resolve("loss.png").toString());
        IOException e = assertThrows(IOException.class, command::call);
        assertTrue(e.getMessage().startsWith(dir.resolve("missing").resolve("loss.png").toString()), e.getMessage());

        TrainXor jpeg = new TrainXor();
        new CommandLine(jpeg).parseArgs("--boundary", dir.resolve("boundary.jpg").toString());
        CommandLine.ParameterException usage = assertThrows(CommandLine.ParameterException.class, jpeg::call);
        assertTrue(usage.getMessage().endsWith("boundary.jpg: unknown image format (the name must end in .png or .svg)"),
                usage.getMessage());
        assertFalse(Files.exists(dir.resolve("boundary.jpg")));
    }

    @Test
    void aBoundaryOfDataWithoutTwoInputsIsRefusedBeforeTraining() {
        PictureOptions pictures = new PictureOptions();
        new CommandLine(pictures).parseArgs("--boundary", dir.resolve("b.png").toString());
        Dataset threeInputs = Dataset.classification(new float[] {0, 0, 0, 1, 1, 1}, new int[] {0, 1}, 2, 3, 2, true);
        Network network = Network.create(new int[] {3, 2, 1}, Activation.SIGMOID, Activation.SIGMOID, Init.XAVIER, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pictures.checkBeforeTraining(network, threeInputs, "t"));
        assertEquals("a decision boundary needs data with 2 input columns; this data has 3", e.getMessage());
    }

    @Test
    void aBadImageSizeIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TrainXor());
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--plot", dir.resolve("l.png").toString(), "--image-size", "800by600"));
        assertTrue(err.toString().contains("expected WIDTHxHEIGHT such as 800x600, got 800by600"), err.toString());
    }
}
