package backprop;

import backprop.data.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exported digits network passes the {@code onnx} package's own checker, shape inference included. */
class OnnxCheckerTest {

    @Test
    void theDigitsNetworkPassesOnnxsChecker(@TempDir Path folder) throws Exception {
        String python = OnnxPython.require();
        Samples digits = Samples.read(Path.of("data/digits.csv"));
        Network network = Network.create(new int[] {64, 32, 10}, Activation.SIGMOID, Activation.SOFTMAX, Init.XAVIER,
                42);
        network.setNormalization(Normalization.fit(Normalization.Method.MINMAX, digits.features(), digits.rows(),
                digits.inputs()));
        Path onnx = folder.resolve("digits.onnx");
        OnnxExport.write(network, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), onnx);

        OnnxPython.Result checked = OnnxPython.run(List.of(python, "-c", String.join("\n",
                "import onnx, sys",
                "model = onnx.load(sys.argv[1])",
                "onnx.checker.check_model(model, full_check=True)",
                "print(model.ir_version, model.opset_import[0].version, [o.name for o in model.graph.output],",
                "      [d.dim_param for d in model.graph.input[0].type.tensor_type.shape.dim][0])"),
                onnx.toString()), folder, 120);

        assertEquals(0, checked.exit(), checked.output());
        assertEquals("7 13 ['outputs'] batch", checked.output().strip());
    }
}
