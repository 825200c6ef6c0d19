package backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradcheckIT {

    @TempDir
    Path dir;

    @Test
    void backpropagationAgreesWithFiniteDifferencesLayerByLayer() {
        Jar.Result result = Jar.run(dir, "gradcheck", "--layers", "4,6,5,3", "--activation", "tanh",
                "--backend", "scalar");
        assertEquals(0, result.exitCode, result.toString());
        List<String> lines = result.outLines();
        assertEquals("gradcheck 4-6-5-3 tanh/tanh/softmax, 8 rows, backend: scalar", lines.get(0));
        String[] shapes = {"4 x 6 weights, 6 biases", "6 x 5 weights, 5 biases", "5 x 3 weights, 3 biases"};
        for (int l = 0; l < 3; l++) {
            String prefix = "layer " + (l + 1) + " (" + shapes[l] + "): max relative error ";
            assertTrue(lines.get(1 + l).startsWith(prefix), lines.get(1 + l));
            assertTrue(Double.parseDouble(lines.get(1 + l).substring(prefix.length())) < 1e-3, lines.get(1 + l));
        }
        assertEquals("PASS: every layer is within 1e-03", lines.get(4));
    }

    @Test
    void anErrorAboveTheToleranceFails() {
        Jar.Result result = Jar.run(dir, "gradcheck", "--tolerance", "1e-15", "--backend", "scalar");
        assertEquals(1, result.exitCode, result.toString());
        String last = result.outLines().get(result.outLines().size() - 1);
        assertTrue(last.matches("FAIL: layer \\d is off by \\d\\.\\d\\de-\\d\\d, more than 1e-15"), last);
    }

    @Test
    void identityOutputsCheckTheRegressionLoss() {
        Jar.Result result = Jar.run(dir, "gradcheck", "--layers", "4,6,5,2", "--activation", "tanh", "--output",
                "identity", "--backend", "vector");
        assertEquals(0, result.exitCode, result.toString());
        List<String> lines = result.outLines();
        assertTrue(lines.get(0).startsWith("gradcheck 4-6-5-2 tanh/tanh/identity, 8 rows, backend: vector"),
                lines.get(0));
        assertEquals("PASS: every layer is within 1e-03", lines.get(4));
    }
}
