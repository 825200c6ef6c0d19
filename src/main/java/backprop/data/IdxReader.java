package backprop.data;

import backprop.HeapLimit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The IDX format of MNIST and Fashion-MNIST: a big-endian magic number {@code 0x000008nn} (unsigned bytes,
 * {@code nn} dimensions), the dimensions as 32-bit integers, then the bytes. Images are {@code idx3}
 * (count x height x width), labels {@code idx1} (count).
 */
final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** Images as a table of {@code count} rows of {@code height x width} pixel values 0..255. */
    static Table readImages(Path path) throws IOException {
        Idx idx = read(path, 3, "images");
        int columns = idx.dims[1] * idx.dims[2];
        float[] values = new float[idx.data.length];
        for (int i = 0; i < values.length; i++) values[i] = idx.data[i] & 0xff;
        return new Table(path.toString(), values, idx.dims[0], columns);
    }

    /** One label 0..255 per item. */
    static float[] readLabels(Path path) throws IOException {
        Idx idx = read(path, 1, "labels");
        float[] labels = new float[idx.data.length];
        for (int i = 0; i < labels.length; i++) labels[i] = idx.data[i] & 0xff;
        return labels;
    }

    private static final class Idx {
        final int[] dims;
        final byte[] data;

        Idx(int[] dims, byte[] data) {
            this.dims = dims;
            this.data = data;
        }
    }

    private static Idx read(Path path, int expectedDims, String what) throws IOException {
        try (DataInputStream in = new DataInputStream(DataFiles.open(path))) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw new DataException(path + ": too short to be an IDX file");
            }
            if ((magic >>> 8) != UNSIGNED_BYTE) {
                throw new DataException(path + ": wrong magic number " + String.format("0x%08x", magic)
                        + " (expected 0x0000080" + expectedDims + ", IDX " + what + " of unsigned bytes)");
            }
            int dimCount = magic & 0xff;
            if (dimCount != expectedDims) {
                throw new DataException(path + ": has " + dimCount + " dimensions, but " + what + " need "
                        + expectedDims + " (idx" + expectedDims + ")");
            }
            int[] dims = new int[dimCount];
            long size = 1;
            for (int d = 0; d < dimCount; d++) {
                try {
                    dims[d] = in.readInt();
                } catch (EOFException e) {
                    throw new DataException(path + ": truncated in its header");
                }
                if (dims[d] <= 0) throw new DataException(path + ": dimension " + d + " is " + dims[d]);
                size *= dims[d];
            }
            if (size > HeapLimit.MAX_ARRAY_LENGTH) {
                throw new DataException(path + ": " + size + " bytes of data are more than this reader can hold");
            }
            if (!DataFiles.isGzip(path)) {
                long held = Files.size(path) - 4L * (1 + dimCount);
                if (size > held) {
                    throw new DataException(path + ": truncated: the header promises " + size
                            + " bytes of data, found " + held);
                }
            }
            // the bytes and the floats made of them
            Optional<String> shortfall = HeapLimit.shortfall(HeapLimit.times(size, 1 + Float.BYTES));
            if (shortfall.isPresent()) {
                throw new DataException(path + ": " + size + " bytes of " + what + " " + shortfall.get());
            }
            // grows as bytes arrive, so a gzip header that promises more than its stream holds allocates no more
            byte[] data = in.readNBytes((int) size);
            int read = data.length;
            if (read < size) {
                throw new DataException(path + ": truncated: the header promises " + size + " bytes of data, found "
                        + read);
            }
            if (in.read() >= 0) throw new DataException(path + ": has bytes after the " + size + " its header promises");
            return new Idx(dims, data);
        }
    }

    /** True for files named like {@code train-images-idx3-ubyte(.gz)}. */
    static boolean isIdx(Path path) {
        return DataFiles.contentName(path).contains("idx");
    }

    /** The labels file MNIST ships beside an images file: {@code images-idx3} becomes {@code labels-idx1}. */
    static Path siblingLabels(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images-idx3")) return null;
        return images.resolveSibling(name.replace("images-idx3", "labels-idx1"));
    }
}
