package backprop.data;

import backprop.FuzzFiles;
import backprop.OneLineErrors;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Any bytes as IDX images and labels, plain or gzip, end in rows and classes or in a {@link DataException} naming
 * a file. An input is one byte {@code n}, then the labels file of {@code n & 0x3f} bytes, then the images file; for
 * gzip, bit 7 of {@code n} set means the files are the rest compressed (the reader's content path), clear means the
 * bytes as they are (its damaged streams). Seeds and found inputs:
 * {@code src/test/resources/backprop/data/IdxReaderFuzzTestInputs/}; {@code ./mvnw verify} replays them.
 */
class IdxReaderFuzzTest {

    private static final Path DIR = FuzzFiles.folder("idx");

    @FuzzTest(maxDuration = "10m")
    void plainFiles(byte[] input) throws IOException {
        if (input.length == 0) return;
        readOrExplain(labels(input), images(input), "");
    }

    @FuzzTest(maxDuration = "10m")
    void gzipFiles(byte[] input) throws IOException {
        if (input.length == 0) return;
        boolean compress = (input[0] & 0x80) != 0;
        byte[] labels = labels(input);
        byte[] images = images(input);
        readOrExplain(compress ? gzip(labels) : labels, compress ? gzip(images) : images, ".gz");
    }

    private static int labelsLength(byte[] input) {
        return Math.min(input[0] & 0x3f, input.length - 1);
    }

    private static byte[] labels(byte[] input) {
        return Arrays.copyOfRange(input, 1, 1 + labelsLength(input));
    }

    private static byte[] images(byte[] input) {
        return Arrays.copyOfRange(input, 1 + labelsLength(input), input.length);
    }

    private static void readOrExplain(byte[] labels, byte[] images, String suffix) throws IOException {
        Path labelsFile = Files.write(DIR.resolve("fuzz-labels-idx1-ubyte" + suffix), labels);
        Path imagesFile = Files.write(DIR.resolve("fuzz-images-idx3-ubyte" + suffix), images);
        try {
            Samples.readLabelled(imagesFile, labelsFile, null).classes();
        } catch (DataException e) {
            OneLineErrors.assertNamesFile(e, DIR.toString());
        }
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
