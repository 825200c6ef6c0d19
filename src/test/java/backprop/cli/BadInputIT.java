package backprop.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every bad input of issue 3 gets its exit code and a one-line message naming the problem, and leaves the existing
 * {@code --save} or {@code --out} file exactly as it was.
 */
class BadInputIT {

    private static final byte[] PRECIOUS = "an earlier model that must survive\n".getBytes(StandardCharsets.UTF_8);
    private static final String MODEL_3_INPUTS = "{\"format\":\"backprop-mlp\",\"version\":1,\"layers\":[3,1],"
            + "\"activations\":[\"sigmoid\"],\"weights\":[[[0],[0],[0]]],\"biases\":[[0]]}";
    private static final String MODEL_BAD_NORMALIZATION = "{\"format\":\"backprop-mlp\",\"version\":1,"
            + "\"layers\":[4,3],\"activations\":[\"softmax\"],\"weights\":[[[0,0,0],[0,0,0],[0,0,0],[0,0,0]]],"
            + "\"biases\":[[0,0,0]],\"normalization\":{\"method\":\"minmax\",\"shift\":[0,0,0],\"scale\":[1,1,1]}}";

    @TempDir
    Path dir;

    @BeforeEach
    void writeFixtures() throws IOException {
        TestFiles.clusters(dir.resolve("good.csv"), 60, 3, 1);
        write("empty.csv", "");
        write("header.csv", "a,b,label\n");
        write("ragged.csv", "a,b,label\n1,2,0\n3,4\n");
        write("text.csv", "a,b,label\n1,2,0\n1,abc,1\n");
        write("nan.csv", "a,b,label\n1,NaN,0\n");
        write("inf.csv", "a,b,label\n1,2,0\n1,Infinity,1\n");
        write("negative.csv", "a,b,label\n1,2,0\n3,4,-1\n");
        write("fraction.csv", "a,b,label\n1,2,0\n3,4,1.5\n");
        write("unknown.csv", "x1,x2,x3,x4,label\n1,2,3,4,1\n1,2,3,4,5\n");
        write("test-text.csv", "x1,x2,x3,x4,label\n1,2,3,4,1\n1,abc,3,4,0\n");
        write("test-ragged.csv", "x1,x2,x3,x4,label\n1,2,3,4,1\n1,2,3,4\n");
        write("plain.csv.gz", "a,label\n1,0\n");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Files.readAllBytes(dir.resolve("good.csv")));
        }
        Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
        byte[] pixels = new byte[3 * 2 * 2];
        TestFiles.idx(dir.resolve("magic-images-idx3-ubyte"), new int[] {3, 2, 2}, pixels);
        Files.write(dir.resolve("magic-images-idx3-ubyte"), new byte[] {0x12, 0x34}, java.nio.file.StandardOpenOption.WRITE);
        TestFiles.idx(dir.resolve("dims-images-idx3-ubyte"), new int[] {3, 4}, pixels);
        TestFiles.idx(dir.resolve("cut-images-idx3-ubyte"), new int[] {3, 2, 2}, Arrays.copyOf(pixels, 7));
        for (String name : new String[] {"magic", "dims", "cut"}) {
            TestFiles.idx(dir.resolve(name + "-labels-idx1-ubyte"), new int[] {3}, new byte[] {0, 1, 0});
        }
        write("inputs3.json", MODEL_3_INPUTS);
        write("badnorm.json", MODEL_BAD_NORMALIZATION);
        Files.write(dir.resolve("keep.json"), PRECIOUS);
        Files.write(dir.resolve("keep.csv"), PRECIOUS);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    static Stream<Arguments> badInputs() {
        String train = "train --save keep.json --backend scalar --quiet --data ";
        return Stream.of(
                arguments(train + "missing.csv", 1, "train: missing.csv: no such file"),
                arguments(train + ".", 1, "train: .: is a folder, not a file"),
                arguments(train + "empty.csv", 1, "train: empty.csv: the file is empty"),
                arguments(train + "header.csv", 1, "train: header.csv: the header has no data rows under it"),
                arguments(train + "ragged.csv", 1, "train: ragged.csv:3: expected 3 columns, found 2"),
                arguments(train + "text.csv", 1, "train: text.csv:3: column b: 'abc' is not a number"),
                arguments(train + "nan.csv", 1, "train: nan.csv:2: column b: 'NaN' is not a finite number"),
                arguments(train + "inf.csv", 1, "train: inf.csv:3: column b: 'Infinity' is not a finite number"),
                arguments(train + "negative.csv", 1,
                        "train: negative.csv:3: column label: label -1 is negative; classes are numbered from 0"),
                arguments(train + "fraction.csv", 1,
                        "train: fraction.csv:3: column label: label 1.5 is not an integer class number (for numeric"
                                + " targets, train with --task regression)"),
                arguments(train + "good.csv --test unknown.csv", 1, "train: unknown.csv:3: column label: label 5 is"
                        + " not one of the training classes (0, 1, 2)"),
                arguments(train + "magic-images-idx3-ubyte", 1, "train: magic-images-idx3-ubyte: wrong magic number"
                        + " 0x12340803 (expected 0x00000803, IDX images of unsigned bytes)"),
                arguments(train + "dims-images-idx3-ubyte", 1,
                        "train: dims-images-idx3-ubyte: has 2 dimensions, but images need 3 (idx3)"),
                arguments(train + "cut-images-idx3-ubyte", 1,
                        "train: cut-images-idx3-ubyte: truncated: the header promises 12 bytes of data, found 7"),
                arguments(train + "plain.csv.gz", 1, "train: plain.csv.gz: corrupt gzip data (Not in GZIP format)"),
                arguments(train + "cut.csv.gz", 1, "train: cut.csv.gz: corrupt gzip data ("),
                arguments(train + "good.csv --hidden 0", 2, "train: --hidden: layer sizes must be positive, got 0"),
                arguments(train + "good.csv --hidden 8,-3", 2, "train: --hidden: layer sizes must be positive, got -3"),
                arguments(train + "good.csv --batch 0", 2, "train: --batch must be a positive number, got 0"),
                arguments(train + "good.csv --batch -5", 2, "train: --batch must be a positive number, got -5"),
                arguments(train + "good.csv --epochs 0", 2, "train: --epochs must be a positive number, got 0"),
                arguments(train + "good.csv --epochs -1", 2, "train: --epochs must be a positive number, got -1"),
                arguments(train + "good.csv --lr 0", 2, "train: --lr must be a positive finite number, got 0.0"),
                arguments(train + "good.csv --lr -0.1", 2,
                        "train: --lr must be a positive finite number, got -0.10000000149011612"),
                arguments(train + "good.csv --lr NaN", 2, "train: --lr must be a positive finite number, got NaN"),
                arguments(train + "good.csv --lr Infinity", 2,
                        "train: --lr must be a positive finite number, got Infinity"),
                arguments(train + "good.csv --lr fast", 2, "train: Invalid value for option '--lr': 'fast' is not a float"),
                arguments("train --save keep.json", 2, "train: Missing required option: '--data=FILE'"),
                arguments(train + "good.csv --init-model inputs3.json", 1,
                        "train: good.csv: has 5 columns, but inputs3.json has 3 inputs plus a label column"),
                arguments(train + "good.csv --init-model badnorm.json", 1,
                        "train: badnorm.json: field 'normalization.shift': expected 4 numbers, got 3"),
                arguments(train + "good.csv --activation relu --lr 1e38", 1, "train: training stopped in epoch 1: the"
                        + " loss became NaN or infinite (try a smaller --lr); kept the start weights; keep.json was not"
                        + " written"),
                arguments("train --backend scalar --data good.csv --save missing/model.json", 1,
                        "train: missing/model.json: folder does not exist"),
                arguments(train + "good.csv --test test-text.csv", 1,
                        "train: test-text.csv:3: column x2: 'abc' is not a number"),
                arguments(train + "good.csv --test test-ragged.csv", 1,
                        "train: test-ragged.csv:3: expected 5 columns, found 4"),
                arguments(train + "good.csv --test negative.csv", 1,
                        "train: negative.csv: has no column 'x1', an input of good.csv"),
                arguments(train + "good.csv --init-model badnorm.json --activation relu", 2,
                        "train: --activation cannot change the network of --init-model"),
                arguments(train + "good.csv --test-split 1.5", 2,
                        "train: --test-split must be a fraction between 0 and 1, got 1.5"),
                arguments("evaluate --backend scalar --model inputs3.json --data good.csv", 1,
                        "evaluate: good.csv: has 5 columns, but inputs3.json has 3 inputs plus a label column"),
                arguments("evaluate --backend scalar --model badnorm.json --data good.csv", 1,
                        "evaluate: badnorm.json: field 'normalization.shift': expected 4 numbers, got 3"),
                arguments("predict --backend scalar --out keep.csv --model inputs3.json --data good.csv", 1,
                        "predict: good.csv: has 5 columns, but inputs3.json has 3 inputs (plus, optionally, a"
                                + " label column)"),
                arguments("predict --backend scalar --out keep.csv --model missing.json --data good.csv", 1,
                        "predict: missing.json: no such file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputGetsOneLineAndItsExitCode(String args, int exitCode, String message) throws IOException {
        Jar.Result result = Jar.run(dir, args.split(" "));
        assertEquals(exitCode, result.exitCode, result.toString());
        assertEquals(1, result.err.lines().count(), "one line:\n" + result.err);
        assertTrue(result.err.startsWith(message), "expected '" + message + "'\n" + result);
        assertFalse(result.err.contains("Exception") || result.err.contains("\tat "), result.err);
        assertArrayEquals(PRECIOUS, Files.readAllBytes(dir.resolve("keep.json")), "--save file untouched");
        assertArrayEquals(PRECIOUS, Files.readAllBytes(dir.resolve("keep.csv")), "--out file untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temp files");
        }
    }
}
