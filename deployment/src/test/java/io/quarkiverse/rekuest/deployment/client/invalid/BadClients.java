package io.quarkiverse.rekuest.deployment.client.invalid;

import java.io.InputStream;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.RekuestClient;

/** Injection points that fail the build, one per rule. */
@ApplicationScoped
public class BadClients {

    /** A class, not an interface. */
    public static class Concrete {
        public int add(int a, int b) {
            return a + b;
        }
    }

    /** A method whose parameter has no port kind. */
    public interface Unsupported {
        int read(InputStream in);
    }

    /** {@code @Node} contracts that nothing implements. */
    public interface Contract {
        @Node
        int add(int a, int b);
    }

    @Inject
    @RekuestClient
    Concrete concrete;

    @Inject
    @RekuestClient
    List<String> generic;

    @Inject
    @RekuestClient
    Unsupported unsupported;

    /** Meant as a client, but without the qualifier. */
    @Inject
    Contract contract;
}
