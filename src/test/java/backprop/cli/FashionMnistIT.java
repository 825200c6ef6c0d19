package backprop.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 784-128-10 network reaches 87% on the 10,000 Fashion-MNIST test images. Runs only where Debian's
 * {@code dataset-fashion-mnist} is installed, and trains 8 epochs, the fewest that clear 87% with these settings.
 */
class FashionMnistIT {

    private static final Path FASHION = Paths.get("/usr/share/datasets/fashion-mnist");

    @Test
    void fashionMnistReachesEightySevenPercent() {
        Path train = FASHION.resolve("train-images-idx3-ubyte.gz");
        Path test = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        Assumptions.assumeTrue(Files.isRegularFile(train) && Files.isRegularFile(test),
                "Fashion-MNIST is not installed (apt-get install -y dataset-fashion-mnist): skipped");
        Jar.Result result = Jar.run(Paths.get("").toAbsolutePath(), "train", "--data", train.toString(),
                "--test", test.toString(), "--hidden", "128", "--normalize", "minmax", "--lr", "0.1",
                "--momentum", "0.9", "--batch", "64", "--epochs", "8", "--quiet");
        assertEquals(0, result.exitCode, result.toString());
        String testLine = Jar.lineStarting(result, "test ");
        assertTrue(testLine.startsWith("test   10000 rows"), testLine);
        assertTrue(Jar.number(testLine, "accuracy") >= 0.87, result.out);
    }
}
