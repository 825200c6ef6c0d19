package backprop.readme;

import backprop.Metrics;
import backprop.Predictor;
import backprop.data.Samples;

import java.nio.file.Path;
import java.util.Arrays;

public class ServingExample {
    public static void main(String[] args) throws Exception {
        Predictor predictor = Predictor.load(Path.of(args.length > 0 ? args[0] : "digits-model.json"));
        // raw rows, as in the CSV file: the model applies the normalization it was trained with
        float[] features = Samples.read(Path.of("data/digits.csv")).features();
        float[] row = Arrays.copyOfRange(features, 0, predictor.inputs());
        float[] out = new float[predictor.outputs()];
        // one Predictor serves any number of threads; after a thread's first call, calls allocate nothing
        predictor.predict(row, out);
        System.out.println("outputs of the first row: " + Arrays.toString(out));
        float[] batch = new float[10 * predictor.outputs()];
        predictor.predict(features, 10, batch);
        StringBuilder classes = new StringBuilder("classes of the first 10 rows:");
        for (int r = 0; r < 10; r++) {
            classes.append(' ').append(Metrics.predictedClass(batch, r * predictor.outputs(), predictor.outputs()));
        }
        System.out.println(classes);
    }
}
