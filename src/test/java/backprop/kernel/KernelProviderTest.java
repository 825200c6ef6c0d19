package backprop.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelProviderTest {

    @Test
    void withTheModuleAutoChoosesVector() {
        assertTrue(KernelProvider.whyVectorUnavailable().isEmpty(), "surefire runs with the vector module");
        assertTrue(KernelProvider.create(Backend.AUTO).description().startsWith("vector"));
        assertEquals("scalar", KernelProvider.create(Backend.SCALAR).description());
    }

    @Test
    void withoutTheModuleTrainsOnScalarAndSaysSoOnce() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaLauncher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(javaLauncher.toString(), "-cp", classPath,
                NoVectorModuleProbe.class.getName())).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), err);

        assertEquals(2, out.lines().filter(l -> l.equals("trained on scalar")).count(), out);
        List<String> warnings = err.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        assertEquals(1, warnings.size(), "one line on stderr: " + err);
        assertTrue(warnings.get(0).contains("scalar") && warnings.get(0).contains("--add-modules jdk.incubator.vector"),
                warnings.get(0));
        assertTrue(out.contains("refused: the vector backend is not available")
                && out.contains("--add-modules jdk.incubator.vector"), out);
    }
}
