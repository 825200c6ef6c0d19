package backprop.cli;

import backprop.Activation;
import backprop.AtomicFile;
import backprop.Evaluator;
import backprop.Init;
import backprop.LearningRateSchedule;
import backprop.Metrics;
import backprop.ModelColumns;
import backprop.ModelFile;
import backprop.Network;
import backprop.Normalization;
import backprop.Optimizer;
import backprop.RegressionMetrics;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.TrainingHistory;
import backprop.data.Dataset;
import backprop.data.Samples;
import backprop.kernel.KernelProvider;
import backprop.kernel.Kernels;
import backprop.kernel.ScalarKernels;
import backprop.plot.LossChart;
import backprop.plot.PictureOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Trains a network on a CSV or IDX file and reports train and test loss and accuracy. The output layer follows the
 * labels: one sigmoid output when they are all 0 or 1, else softmax over one output per class (class {@code k} is
 * output {@code k}). With {@code --task regression} the labels are numeric targets, one identity output each, and
 * the report is MSE, RMSE, MAE and R^2 in the targets' units.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a network on a CSV or IDX file (.gz read transparently).")
public final class TrainCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the current step to end and the model to be saved. */
    private static final long INTERRUPT_GRACE_SECONDS = 60;

    @Mixin
    DataOptions training;

    @Option(names = "--test", paramLabel = "FILE", description = "Test data, in the same layout as --data.")
    Path test;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX labels of --test.")
    Path testLabels;

    @Option(names = "--test-split", paramLabel = "FRACTION",
            description = "Hold out this fraction of --data for testing, chosen by --seed.")
    Double testSplit;

    @Option(names = "--hidden", split = ",", paramLabel = "N",
            description = "Hidden layer sizes (default: 32).")
    int[] hidden = {32};

    @Option(names = "--activation", paramLabel = "sigmoid|tanh|relu", converter = ActivationConverter.class,
            description = "Hidden activation (default: sigmoid).")
    Activation activation = Activation.SIGMOID;

    @Option(names = "--task", paramLabel = "classification|regression", converter = TaskConverter.class,
            description = "classification: labels are classes; regression: --label names numeric targets, one or "
                    + "several (y or y1,y2), trained on identity outputs (default: classification).")
    Task task = Task.CLASSIFICATION;

    @Option(names = "--output", paramLabel = "sigmoid|softmax|identity", converter = ActivationConverter.class,
            description = "Output activation (default: sigmoid for 0/1 labels, softmax for more classes, identity "
                    + "for regression).")
    Activation output;

    @Option(names = "--normalize-targets",
            description = "Standardise the regression targets on the training rows; stored in the model and "
                    + "undone by predict and evaluate.")
    boolean normalizeTargets;

    @Option(names = "--early-stopping",
            description = "Stop when the validation loss (cross-entropy, MSE for regression) has not improved by "
                    + "more than --min-delta for --patience epochs, and keep the best epoch's weights.")
    boolean earlyStopping;

    @Option(names = "--validation-split", paramLabel = "FRACTION",
            description = "Hold out this fraction of the training rows (stratified by class) for validation, "
                    + "reported every epoch (default: 0.1 with --early-stopping).")
    Double validationSplit;

    @Option(names = "--patience", paramLabel = "N",
            description = "Epochs without improvement before early stopping stops (default: ${DEFAULT-VALUE}).")
    int patience = TrainingConfig.DEFAULT_PATIENCE;

    @Option(names = "--min-delta", paramLabel = "D",
            description = "How far below the best a validation loss must be to count as an improvement "
                    + "(default: ${DEFAULT-VALUE}).")
    float minDelta = 0f;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 20;

    @Option(names = "--batch", paramLabel = "N", description = "Rows per mini-batch (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate = 0.1f;

    @Option(names = "--lr-schedule", paramLabel = "constant|step|cosine", converter = ScheduleConverter.class,
            description = "Learning rate per epoch: constant, times --lr-gamma every --lr-step epochs, or cosine "
                    + "from --lr to 0 over --epochs (default: constant).")
    LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;

    @Option(names = "--lr-step", paramLabel = "EPOCHS", description = "Epochs between steps (default: ${DEFAULT-VALUE}).")
    int learningRateStep = 10;

    @Option(names = "--lr-gamma", paramLabel = "G", description = "Factor of each step (default: ${DEFAULT-VALUE}).")
    float learningRateGamma = 0.1f;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw", converter = OptimizerConverter.class,
            description = "Update rule, as torch.optim's SGD, Adam or AdamW (default: sgd).")
    Optimizer optimizer = Optimizer.SGD;

    @Option(names = "--momentum", paramLabel = "MU",
            description = "SGD's momentum in [0, 1) (default: ${DEFAULT-VALUE}).")
    float momentum = 0f;

    @Option(names = "--weight-decay", paramLabel = "WD",
            description = "Weight decay of weights and biases; decoupled for adamw (default: ${DEFAULT-VALUE}).")
    float weightDecay = 0f;

    @Option(names = "--beta1", paramLabel = "B1", description = "Adam's first-moment decay (default: ${DEFAULT-VALUE}).")
    float beta1 = 0.9f;

    @Option(names = "--beta2", paramLabel = "B2", description = "Adam's second-moment decay (default: ${DEFAULT-VALUE}).")
    float beta2 = 0.999f;

    @Option(names = "--eps", paramLabel = "EPS", description = "Adam's epsilon (default: ${DEFAULT-VALUE}).")
    float epsilon = 1e-8f;

    @Option(names = "--shuffle", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Reshuffle the rows every epoch (default: on).")
    boolean shuffle = true;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of start weights, shuffling and --test-split (default: ${DEFAULT-VALUE}).")
    long seed = 42L;

    @Option(names = "--init", paramLabel = "xavier|he|sklearn|seed-listing", converter = InitConverter.class,
            description = "Start weights (default: he for relu, else xavier; sklearn draws the biases too, as scikit-learn does).")
    Init init;

    @Option(names = "--init-model", paramLabel = "FILE",
            description = "Start from this model's weights; its layers, activations and normalization are used.")
    Path initModel;

    @Option(names = "--normalize", paramLabel = "none|minmax|standard", converter = NormalizationConverter.class,
            description = "Input scaling fitted on the training rows and stored in the model (default: none).")
    Normalization.Method normalize;

    @Mixin
    BackendOption backend;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (JSON) here.")
    Path save;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Write one CSV row per epoch: "
                    + "epoch,loss,accuracy,test_accuracy,val_loss,val_accuracy,seconds.")
    Path historyFile;

    @Mixin
    PictureOptions pictures;

    @Option(names = "--quiet", description = "No per-epoch progress.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** What the labels are. */
    enum Task { CLASSIFICATION, REGRESSION }

    /** The validation split of --early-stopping without --validation-split, scikit-learn's. */
    static final double DEFAULT_VALIDATION_SPLIT = 0.1;

    /** The ratio of column ranges from which train warns that the inputs need scaling. */
    static final double UNEVEN_SCALES = 100;

    private final TrainingHistory history = new TrainingHistory();

    /** The epochs of the last run, for charts. */
    public TrainingHistory history() {
        return history;
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        TrainingConfig baseConfig = TrainingConfig.defaults().withLearningRate(learningRate).withOptimizer(optimizer)
                .withMomentum(momentum).withWeightDecay(weightDecay).withAdam(beta1, beta2, epsilon)
                .withSchedule(schedule, epochs, learningRateStep, learningRateGamma)
                .withBatchSize(batch).withShuffle(shuffle).withSeed(seed);
        Activation warmUpOutput = task == Task.REGRESSION ? Activation.IDENTITY
                : output != null ? output : Activation.SOFTMAX;
        KernelWarmUp warmUp = KernelWarmUp.startIfUseful(backend.backend,
                KernelWarmUp.likelyMultiplyAdds(training.data, epochs, hidden), hidden, activation, warmUpOutput,
                warmUpOutput == Activation.SOFTMAX ? 10 : 1, baseConfig);
        try {
            return train(out, baseConfig, warmUp);
        } finally {
            if (warmUp != null) warmUp.stop();
        }
    }

    private int train(PrintWriter out, TrainingConfig baseConfig, KernelWarmUp warmUp) throws IOException {
        Network start = initModel == null ? null : ModelFile.read(initModel);
        if (start != null) checkStartTask(start);
        Samples train = start == null ? training.read()
                : Samples.readForModel(training.data, training.labels, training.csv(), start.columns(), start.inputs(),
                        labelCount(start), true, initModel.toString());
        Samples testRows = null;
        if (testSplit != null) {
            Samples[] parts = train.split(testSplit, seed);
            train = parts[0];
            testRows = parts[1];
        }
        Network network;
        Dataset trainSet;
        Dataset testSet;
        Normalization normalization;
        if (task == Task.REGRESSION) {
            network = start != null ? checkedRegressionStart(start, train)
                    : newNetwork(train, train.targetCount(), Activation.IDENTITY);
            network.setColumns(columns(start, train, List.of()));
            if (test != null) testRows = readTest(network, train);
            checkTestInputs(testRows, train);
            if (testRows != null && testRows.targetCount() != train.targetCount()) {
                throw new Main.CommandFailure(testRows.source() + ": has " + testRows.targetCount()
                        + " target columns but " + train.source() + " has " + train.targetCount());
            }
            normalization = normalization(start, train);
            network.setNormalization(normalization);
            network.setTargetNormalization(targetNormalization(start, train));
            trainSet = regressionDataset(network, train, normalization);
            testSet = testRows == null ? null : regressionDataset(network, testRows, normalization);
        } else {
            List<String> classNames = start != null && !start.columns().classNames().isEmpty()
                    ? start.columns().classNames() : train.classNames();
            int[] trainLabels = train.classLabels(classNames, null, start == null ? "the" : initModel + "'s");
            SortedSet<Integer> classes = new TreeSet<>();
            for (int label : trainLabels) classes.add(label);
            if (classes.size() < 2) {
                throw new Main.CommandFailure(train.source() + ": every row has label "
                        + (classNames.isEmpty() ? classes.first() : "'" + classNames.get(classes.first()) + "'")
                        + "; training needs at least two classes");
            }
            int classCount = classNames.isEmpty() ? classes.last() + 1 : classNames.size();
            network = start != null ? checkedStart(start, train, classCount, classNames)
                    : newClassifier(train, classCount);
            network.setColumns(columns(start, train, classNames));
            if (test != null) testRows = readTest(network, train);
            checkTestInputs(testRows, train);
            normalization = normalization(start, train);
            network.setNormalization(normalization);
            trainSet = dataset(network, train, trainLabels, normalization);
            testSet = testRows == null ? null : dataset(network, testRows,
                    testRows.classLabels(classNames, classes, "the training"), normalization);
        }
        Dataset validationSet = null;
        if (earlyStopping || validationSplit != null) {
            Dataset[] parts;
            try {
                parts = trainSet.splitValidation(validationSplit != null ? validationSplit : DEFAULT_VALIDATION_SPLIT,
                        seed);
            } catch (IllegalArgumentException e) {
                throw new Main.CommandFailure(train.source() + ": " + e.getMessage());
            }
            trainSet = parts[0];
            validationSet = parts[1];
        }
        TrainingConfig config = earlyStopping ? baseConfig.withEarlyStopping(patience, minDelta) : baseConfig;
        double runRows = (double) epochs * trainSet.rows();
        Kernels kernels = backend.kernelsForRun(runRows * KernelProvider.trainingMultiplyAddsPerRow(network.layers()));
        if (warmUp != null) {
            if (kernels instanceof ScalarKernels) warmUp.stop();
            else warmUp.awaitEnd();
        }
        Trainer trainer = new Trainer(network, trainSet, validationSet, kernels, config);
        String title = training.data.getFileName() + ", " + LossChart.title(network, config)
                + (normalization == null ? "" : ", " + normalization.method().jsonName() + " inputs");
        pictures.checkBeforeTraining(network, trainSet, title);

        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            trainer.requestStop();
            try {
                finished.await(INTERRUPT_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "backprop-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return trainAndReport(trainer, trainSet, validationSet, testSet, title, out);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook is running and now sees that the model is saved
            }
        }
    }

    private int trainAndReport(Trainer trainer, Dataset trainSet, Dataset validationSet, Dataset testSet, String title,
                               PrintWriter out) throws IOException {
        Network network = trainer.network();
        Kernels kernels = trainer.kernels();
        Network lastFinite = network.copy();
        Progress progress = Progress.create(out, quiet, epochs, trainSet.rows(), trainer::rowsDoneThisEpoch);
        String divergence = null;
        boolean interrupted = false;
        boolean stoppedEarly = false;
        int completed = 0;
        double trainSeconds = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long startNanos = System.nanoTime();
            Metrics metrics = trainer.epoch();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            if (trainer.stopRequested()) {
                // a cut-short epoch's metrics cover only part of it, and may cover no rows at all
                if (!network.isFinite()) network.copyParametersFrom(lastFinite);
                interrupted = true;
                break;
            }
            if (!Double.isFinite(metrics.mse()) || !network.isFinite()) {
                divergence = "training stopped in epoch " + epoch + ": the "
                        + (Double.isFinite(metrics.mse()) ? "weights" : "loss") + " became NaN or infinite (try a"
                        + " smaller --lr); kept the "
                        + (completed == 0 ? "start weights" : "weights of epoch " + completed);
                network.copyParametersFrom(lastFinite);
                break;
            }
            lastFinite.copyParametersFrom(network);
            completed = epoch;
            trainSeconds += seconds;
            double testAccuracy = testSet == null || !testSet.isClassification() ? Double.NaN
                    : Evaluator.evaluate(network, testSet, kernels).accuracy();
            Metrics validation = trainer.validationMetrics();
            double validationLoss = trainer.validates() ? validation.validationLoss() : Double.NaN;
            history.add(new TrainingHistory.Epoch(epoch, metrics.mse(), metrics.accuracy(), testAccuracy,
                    validationLoss, validation.accuracy(), seconds));
            double shownRate = trainer.config().schedule() == LearningRateSchedule.CONSTANT ? Double.NaN
                    : trainer.learningRate();
            progress.epoch(epoch, metrics.mse(), metrics.accuracy(), testAccuracy, validationLoss, shownRate, seconds);
            pictures.afterEpoch(epoch);
            if (trainer.patienceExhausted()) {
                stoppedEarly = true;
                break;
            }
        }
        progress.finish();
        if (earlyStopping && divergence == null && !interrupted && trainer.bestEpoch() > 0) {
            trainer.restoreBestEpoch();
            out.printf(Locale.ROOT, "early stopping: %s; kept the weights of epoch %d (validation loss %.4f)%n",
                    stoppedEarly ? "stopped after epoch " + completed + ", " + patience + " epochs without a "
                            + "validation loss below the best by more than " + minDelta
                            : "ran all " + completed + " epochs", trainer.bestEpoch(), trainer.bestValidationLoss());
        }
        report("train", network, trainSet, kernels, out);
        if (validationSet != null) report("valid", network, validationSet, kernels, out);
        if (testSet != null) report("test", network, testSet, kernels, out);
        out.printf(Locale.ROOT, "%s, %d epochs in %.2f s, %s epochs/s, backend: %s%n", network.describe(), completed,
                trainSeconds, completed == 0 ? "-" : Progress.perSecond(completed / trainSeconds),
                kernels.description());
        if (historyFile != null) writeHistory();
        pictures.writeAfterTraining(history, network, trainSet, title);
        if (divergence != null) {
            out.flush();
            throw new Main.CommandFailure(divergence + (save == null ? "" : "; " + save + " was not written"));
        }
        if (save != null) {
            ModelFile.write(network, save);
            out.println("saved " + save + (interrupted ? " (interrupted during epoch " + (completed + 1) + ")" : ""));
        }
        out.flush();
        if (interrupted) {
            spec.commandLine().getErr().println("train: interrupted");
            spec.commandLine().getErr().flush();
            return Main.INTERRUPTED;
        }
        return Main.OK;
    }

    private static void report(String name, Network network, Dataset data, Kernels kernels, PrintWriter out) {
        if (network.isRegression()) {
            RegressionMetrics metrics = regressionMetrics(network, data, kernels);
            out.printf(Locale.ROOT, "%-5s %6d rows  %s%n", name, metrics.rows(), metrics);
            return;
        }
        Metrics metrics = Evaluator.evaluate(network, data, kernels);
        out.printf(Locale.ROOT, "%-5s %6d rows  loss %.4f  cross-entropy %.4f  accuracy %.4f%n", name, metrics.rows(),
                metrics.mse(), metrics.crossEntropy(), metrics.accuracy());
    }

    /** A regression network's metrics on {@code data}, predictions and targets both in the targets' own units. */
    static RegressionMetrics regressionMetrics(Network network, Dataset data, Kernels kernels) {
        int rows = data.rows();
        float[] predicted = network.predict(data.features(), rows, kernels);
        float[] actual = Arrays.copyOf(data.targets(), rows * data.outputs());
        Normalization targets = network.targetNormalization();
        if (targets != null) {
            targets.undo(predicted, rows);
            targets.undo(actual, rows);
        }
        return RegressionMetrics.of(predicted, actual, rows, data.outputs());
    }

    private void writeHistory() throws IOException {
        AtomicFile.writeText(historyFile, writer -> {
            writer.write(TrainingHistory.csvHeader() + "\n");
            for (TrainingHistory.Epoch e : history.epochs()) writer.write(TrainingHistory.csvRow(e) + "\n");
        });
    }

    private void checkOptions() {
        Checks.layerSizes(spec, "--hidden", hidden);
        Checks.positive(spec, "--epochs", epochs);
        Checks.positive(spec, "--batch", batch);
        Checks.positiveFinite(spec, "--lr", learningRate);
        if (!(momentum >= 0f && momentum < 1f)) {
            throw Checks.usage(spec, "--momentum must be in [0, 1), got " + momentum);
        }
        if (momentum > 0f && optimizer != Optimizer.SGD) {
            throw Checks.usage(spec, "--momentum is SGD's; " + optimizer.cliName() + " uses --beta1");
        }
        if (!(weightDecay >= 0f) || !Float.isFinite(weightDecay)) {
            throw Checks.usage(spec, "--weight-decay must be a finite number >= 0, got " + weightDecay);
        }
        for (float beta : new float[] {beta1, beta2}) {
            if (!(beta >= 0f && beta < 1f)) throw Checks.usage(spec, "--beta1 and --beta2 must be in [0, 1), got " + beta);
        }
        Checks.positiveFinite(spec, "--eps", epsilon);
        Checks.positive(spec, "--lr-step", learningRateStep);
        Checks.positiveFinite(spec, "--lr-gamma", learningRateGamma);
        if (task == Task.REGRESSION) {
            if (output != null && output != Activation.IDENTITY) {
                throw Checks.usage(spec, "--task regression trains identity outputs; --output " + output.jsonName()
                        + " is for classification");
            }
            if (pictures.drawsBoundaries()) {
                throw Checks.usage(spec, "--boundary and --frames draw class boundaries, not regression outputs");
            }
        } else {
            if (output != null && output != Activation.SIGMOID && output != Activation.SOFTMAX) {
                throw Checks.usage(spec, "--output must be sigmoid or softmax, got " + output.jsonName()
                        + (output == Activation.IDENTITY ? " (identity outputs are for --task regression)" : ""));
            }
            if (normalizeTargets) throw Checks.usage(spec, "--normalize-targets needs --task regression");
        }
        if (validationSplit != null && !(validationSplit > 0 && validationSplit < 1)) {
            throw Checks.usage(spec, "--validation-split must be a fraction between 0 and 1, got " + validationSplit);
        }
        for (String option : new String[] {"--patience", "--min-delta"}) {
            if (!earlyStopping && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw Checks.usage(spec, option + " needs --early-stopping");
            }
        }
        Checks.positive(spec, "--patience", patience);
        if (!(minDelta >= 0f) || !Float.isFinite(minDelta)) {
            throw Checks.usage(spec, "--min-delta must be a finite number >= 0, got " + minDelta);
        }
        if (!activation.allowedInHiddenLayer()) {
            throw Checks.usage(spec, "--activation " + activation.jsonName() + " is only for the output layer");
        }
        if (testSplit != null && test != null) throw Checks.usage(spec, "give --test or --test-split, not both");
        if (testLabels != null && test == null) throw Checks.usage(spec, "--test-labels needs --test");
        if (testSplit != null && !(testSplit > 0 && testSplit < 1)) {
            throw Checks.usage(spec, "--test-split must be a fraction between 0 and 1, got " + testSplit);
        }
        for (String shape : new String[] {"--hidden", "--activation", "--output", "--init"}) {
            if (initModel != null && spec.commandLine().getParseResult().hasMatchedOption(shape)) {
                throw Checks.usage(spec, shape + " cannot change the network of --init-model");
            }
        }
        Checks.outputFolder(save);
        Checks.outputFolder(historyFile);
    }

    private Network newClassifier(Samples train, int classCount) {
        Activation outputActivation = output != null ? output
                : classCount == 2 ? Activation.SIGMOID : Activation.SOFTMAX;
        int outputs = classCount == 2 && outputActivation == Activation.SIGMOID ? 1 : classCount;
        return newNetwork(train, outputs, outputActivation);
    }

    private Network newNetwork(Samples train, int outputs, Activation outputActivation) {
        int[] layers = new int[hidden.length + 2];
        layers[0] = train.inputs();
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = outputs;
        Checks.networkFits(layers, Math.min(batch, train.rows()));
        return Network.create(layers, activation, outputActivation, init != null ? init : Init.defaultFor(activation),
                seed);
    }

    /** The label columns of the start model's data: one per target for a regression model, else one. */
    private static int labelCount(Network start) {
        return start.isRegression() ? start.outputs() : 1;
    }

    /** A start model must be of the task trained. */
    private void checkStartTask(Network start) {
        if (task == Task.REGRESSION && !start.isRegression()) {
            throw new Main.CommandFailure(initModel + ": is a classifier; --task regression needs a regression model");
        }
        if (task != Task.REGRESSION && start.isRegression()) {
            throw new Main.CommandFailure(initModel + ": is a regression model; train it with --task regression");
        }
    }

    /**
     * The names the trained model keeps: the training file's, with {@code classNames}; a file without a header says
     * nothing of its columns, so the start model's names still hold.
     */
    private static ModelColumns columns(Network start, Samples train, List<String> classNames) {
        ModelColumns columns = train.columns(classNames);
        return start != null && !columns.hasInputNames() ? start.columns().withClassNames(classNames) : columns;
    }

    /** The --test rows, matched to the training file's columns as the network knows them. */
    private Samples readTest(Network network, Samples train) throws IOException {
        return Samples.readForModel(test, testLabels, training.csv(), network.columns(), network.inputs(),
                labelCount(network), true, train.source());
    }

    private static void checkTestInputs(Samples testRows, Samples train) {
        if (testRows != null && testRows.inputs() != train.inputs()) {
            throw new Main.CommandFailure(testRows.source() + ": has " + testRows.inputs() + " input columns but "
                    + train.source() + " has " + train.inputs());
        }
    }

    private Network checkedStart(Network start, Samples train, int classCount, List<String> classNames) {
        if (start.inputs() != train.inputs()) {
            throw new Main.CommandFailure(initModel + ": the model takes " + start.inputs() + " inputs but "
                    + train.source() + " has " + train.inputs() + " input columns");
        }
        int modelClasses = start.classCount();
        if (!classNames.isEmpty() && classCount != modelClasses) {
            throw new Main.CommandFailure(initModel + ": the model has " + modelClasses + " classes but "
                    + train.source() + " has " + classCount + " class names (" + String.join(", ", classNames) + ")");
        }
        if (classNames.isEmpty() && classCount > modelClasses) {
            throw new Main.CommandFailure(initModel + ": the model has " + modelClasses + " classes (0.."
                    + (modelClasses - 1) + ") but " + train.source() + " has label " + (classCount - 1));
        }
        return start;
    }

    private Network checkedRegressionStart(Network start, Samples train) {
        if (!start.isRegression()) {
            throw new Main.CommandFailure(initModel + ": is a classifier; --task regression needs a regression model");
        }
        if (start.inputs() != train.inputs() || start.outputs() != train.targetCount()) {
            throw new Main.CommandFailure(initModel + ": the model takes " + start.inputs() + " inputs and predicts "
                    + start.outputs() + " targets but " + train.source() + " has " + train.inputs()
                    + " input columns and " + train.targetCount() + " target columns");
        }
        return start;
    }

    /** The start model's target scaling, or one fitted on the training targets with --normalize-targets. */
    private Normalization targetNormalization(Network start, Samples train) throws IOException {
        if (start != null && start.targetNormalization() != null) {
            if (normalizeTargets) {
                throw Checks.usage(spec, "--normalize-targets cannot replace the target normalization stored in "
                        + initModel);
            }
            return start.targetNormalization();
        }
        if (!normalizeTargets) return null;
        return Normalization.fit(Normalization.Method.STANDARD, train.targets(), train.rows(), train.targetCount());
    }

    /** The rows with their numeric targets, inputs normalised in place and targets scaled as the network's are. */
    private static Dataset regressionDataset(Network network, Samples samples, Normalization normalization)
            throws IOException {
        if (normalization != null) normalization.apply(samples.features(), samples.rows());
        float[] targets = samples.targets();
        if (network.targetNormalization() != null) network.targetNormalization().apply(targets, samples.rows());
        return new Dataset(samples.features(), targets, null, samples.rows(), samples.inputs(), samples.targetCount());
    }

    private Normalization normalization(Network start, Samples train) {
        if (start != null && start.normalization() != null) {
            if (normalize != null) {
                throw Checks.usage(spec, "--normalize cannot replace the normalization stored in " + initModel);
            }
            return start.normalization();
        }
        if (normalize == null) warnOfUnevenScales(train);
        if (normalize == null || normalize == Normalization.Method.NONE) return null;
        return Normalization.fit(normalize, train.features(), train.rows(), train.inputs());
    }

    /**
     * Raw inputs stay the default (the golden runs and the listing use them), but inputs of very different scales
     * train badly on them, so train says so and names the fix; {@code --normalize none} keeps it quiet.
     */
    private void warnOfUnevenScales(Samples train) {
        double ratio = Normalization.rangeRatio(train.features(), train.rows(), train.inputs());
        if (ratio >= UNEVEN_SCALES) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "train: warning: the input columns' ranges differ by a factor of %.0f; "
                    + "--normalize standard usually trains far better (--normalize none keeps raw inputs quietly)%n",
                    ratio);
            err.flush();
        }
    }

    /** The rows as targets for {@code network}'s outputs, normalised in place. */
    static Dataset dataset(Network network, Samples samples, int[] classLabels, Normalization normalization) {
        if (normalization != null) normalization.apply(samples.features(), samples.rows());
        int outputs = network.outputs();
        return Dataset.classification(samples.features(), classLabels, samples.rows(), samples.inputs(),
                outputs == 1 ? 2 : outputs, outputs == 1);
    }

    static final class ActivationConverter implements ITypeConverter<Activation> {
        @Override
        public Activation convert(String value) {
            return Activation.parse(value);
        }
    }

    static final class TaskConverter implements ITypeConverter<Task> {
        @Override
        public Task convert(String value) {
            for (Task t : Task.values()) if (t.name().equalsIgnoreCase(value.trim())) return t;
            throw new IllegalArgumentException("unknown task '" + value + "' (expected classification or regression)");
        }
    }

    static final class ScheduleConverter implements ITypeConverter<LearningRateSchedule> {
        @Override
        public LearningRateSchedule convert(String value) {
            return LearningRateSchedule.parse(value);
        }
    }

    static final class OptimizerConverter implements ITypeConverter<Optimizer> {
        @Override
        public Optimizer convert(String value) {
            return Optimizer.parse(value);
        }
    }

    static final class InitConverter implements ITypeConverter<Init> {
        @Override
        public Init convert(String value) {
            return Init.parse(value);
        }
    }

    static final class NormalizationConverter implements ITypeConverter<Normalization.Method> {
        @Override
        public Normalization.Method convert(String value) {
            return Normalization.Method.parse(value);
        }
    }
}
