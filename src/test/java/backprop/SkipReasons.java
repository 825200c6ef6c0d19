package backprop;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line for every skipped test with its reason: the build's summary counts skips but does not say why,
 * and a reader should not have to open the reports to learn that, say, a data set is not installed. Registered in
 * META-INF/services, so every surefire and failsafe execution uses it.
 */
public final class SkipReasons implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        print(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED) return;
        print(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
    }

    private static void print(TestIdentifier test, String reason) {
        String why = reason == null ? "no reason given" : reason.replaceFirst("^Assumption failed: ", "");
        System.out.println("Skipped " + name(test) + ": " + why);
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource) {
            MethodSource method = (MethodSource) source;
            return simpleName(method.getClassName()) + "." + method.getMethodName();
        }
        if (source instanceof ClassSource) return simpleName(((ClassSource) source).getClassName());
        return test.getDisplayName();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
