package backprop.kernel;

import backprop.kernel.vector.VectorKernels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link KernelProvider#create(Backend, int)}: threads reach the vector kernels; scalar stays one thread. */
class KernelProviderThreadsTest {

    @Test
    void vectorKernelsGetTheirThreads() {
        Kernels kernels = KernelProvider.create(Backend.VECTOR, 2);
        assertInstanceOf(VectorKernels.class, kernels);
        assertTrue(kernels.description().endsWith(", 2 threads"), kernels.description());
        assertTrue(!KernelProvider.create(Backend.VECTOR).description().contains("threads"));
    }

    @Test
    void timedThreadsReachTheVectorKernelsAndStartOnAllOfThem() {
        Kernels timed = KernelProvider.create(Backend.VECTOR, 2, true);
        assertTrue(timed.description().endsWith(", 2 threads timed, all chosen"), timed.description());
        Kernels shortRun = KernelProvider.createForRun(Backend.AUTO, 2, true, 1e6);
        assertEquals("scalar", shortRun.description(), "a short run is scalar, whatever the threads");
        // one thread has nothing to choose between
        assertTrue(!KernelProvider.create(Backend.VECTOR, 1, true).description().contains("threads"));
    }

    @Test
    void scalarKernelsIgnoreThreads() {
        assertEquals("scalar", KernelProvider.create(Backend.SCALAR, 4).description());
    }

    @Test
    void fewerThanOneThreadIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelProvider.create(Backend.AUTO, 0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
    }
}
