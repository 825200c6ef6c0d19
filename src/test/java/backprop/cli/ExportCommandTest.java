package backprop.cli;

import backprop.Activation;
import backprop.ModelFile;
import backprop.Network;
import backprop.Normalization;
import backprop.OnnxExport;
import backprop.OnnxRuntimeRun;
import backprop.Predictor;
import backprop.TestNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export}: the file it writes runs in onnxruntime, and a failed export leaves what was there. */
class ExportCommandTest {

    @TempDir
    Path folder;

    @Test
    void writesAModelOnnxRuntimeRunsAsPredictDoes() throws Exception {
        Network network = TestNetworks.network(new int[] {5, 8, 3}, Activation.TANH, Activation.SOFTMAX, 5);
        float[] rows = TestNetworks.rawRows(20, 5, 6);
        network.setNormalization(Normalization.fit(Normalization.Method.STANDARD, rows, 20, 5));
        Path model = folder.resolve("model.json");
        ModelFile.write(network, model);
        Path onnx = folder.resolve("model.onnx");

        CommandRun run = CommandRun.of("export", "--model", model.toString(), "--onnx", onnx.toString());

        assertEquals(Main.OK, run.exit(), run.err());
        assertEquals("wrote " + onnx + ": 5-8-3 tanh/softmax, input 'features' [batch, 5], output 'outputs' "
                + "[batch, 3]\n", run.out());
        assertArrayEquals(OnnxExport.toBytes(ModelFile.read(model), null), Files.readAllBytes(onnx));
        try (OnnxRuntimeRun runtime = new OnnxRuntimeRun(Files.readAllBytes(onnx))) {
            float[] expected = TestNetworks.predict(ModelFile.read(model), rows);
            float[] actual = runtime.outputs(rows, 20, 5);
            for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-5f);
        }
    }

    @Test
    void aModelTrainedOnClassNamesExportsThemAndPredictorGivesThem() throws Exception {
        StringBuilder csv = new StringBuilder("width,height,kind\n");
        Random random = new Random(7);
        String[] kinds = {"wide", "tall", "square, small"};
        for (int r = 0; r < 60; r++) {
            int k = r % 3;
            double w = (k == 0 ? 3 : 1) + random.nextDouble();
            double h = (k == 1 ? 3 : 1) + random.nextDouble();
            csv.append(String.format(Locale.ROOT, "%.3f,%.3f,\"%s\"%n", w, h, kinds[k]));
        }
        Path data = Files.writeString(folder.resolve("shapes.csv"), csv);
        Path model = folder.resolve("model.json");
        Path onnx = folder.resolve("model.onnx");
        CommandRun train = CommandRun.of("train", "--data", data.toString(), "--hidden", "4", "--epochs", "2",
                "--backend", "scalar", "--quiet", "--save", model.toString());
        assertEquals(Main.OK, train.exit(), train.err());
        List<String> names = List.of("square, small", "tall", "wide");
        assertEquals(names, ModelFile.read(model).columns().classNames());

        CommandRun run = CommandRun.of("export", "--model", model.toString(), "--onnx", onnx.toString());

        assertEquals(Main.OK, run.exit(), run.err());
        assertArrayEquals(OnnxExport.toBytes(ModelFile.read(model), names), Files.readAllBytes(onnx));
        try (OnnxRuntimeRun runtime = new OnnxRuntimeRun(Files.readAllBytes(onnx))) {
            assertEquals("[\"square, small\",\"tall\",\"wide\"]",
                    runtime.session().getMetadata().getCustomMetadata().get(OnnxExport.CLASS_NAMES_KEY));
        }
        Predictor predictor = Predictor.load(model);
        assertEquals(names, predictor.classNames());
        assertEquals(names, Predictor.of(ModelFile.read(model)).classNames());
    }

    @Test
    void aModelWithoutClassNamesExportsNone() throws Exception {
        Network network = TestNetworks.network(new int[] {3, 4, 1}, Activation.TANH, Activation.SIGMOID, 2);
        Path model = folder.resolve("model.json");
        ModelFile.write(network, model);
        Path onnx = folder.resolve("model.onnx");

        assertEquals(Main.OK, CommandRun.of("export", "--model", model.toString(), "--onnx", onnx.toString()).exit());

        try (OnnxRuntimeRun runtime = new OnnxRuntimeRun(Files.readAllBytes(onnx))) {
            assertFalse(runtime.session().getMetadata().getCustomMetadata().containsKey(OnnxExport.CLASS_NAMES_KEY));
        }
        assertEquals(List.of(), Predictor.load(model).classNames());
    }

    @Test
    void aFailedExportLeavesTheExistingFileAsItWas() throws Exception {
        Path model = Files.writeString(folder.resolve("broken.json"), "{\"format\": \"backprop-mlp\", \"version\": 1}");
        Path onnx = Files.write(folder.resolve("model.onnx"), new byte[] {1, 2, 3, 4});

        CommandRun run = CommandRun.of("export", "--model", model.toString(), "--onnx", onnx.toString());

        assertEquals(Main.RUNTIME_ERROR, run.exit());
        assertEquals("export: broken.json: field 'layers': missing\n", run.err());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(onnx));
        try (var files = Files.list(folder)) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aMissingFolderFailsBeforeReadingTheModel() {
        Path onnx = folder.resolve("no-such-folder").resolve("model.onnx");

        CommandRun run = CommandRun.of("export", "--model", folder.resolve("absent.json").toString(),
                "--onnx", onnx.toString());

        assertEquals(Main.RUNTIME_ERROR, run.exit());
        assertEquals("export: " + onnx + ": folder does not exist\n", run.err());
        assertFalse(Files.exists(onnx));
    }

    @Test
    void withoutOnnxItIsAUsageError() {
        CommandRun run = CommandRun.of("export", "--model", "model.json");

        assertEquals(Main.USAGE_ERROR, run.exit());
        assertTrue(run.err().startsWith("export: Missing required option: '--onnx=FILE'"), run.err());
        assertEquals(1, run.err().lines().count());
    }
}
