package io.quarkiverse.rekuest.deployment.validation;

import io.quarkiverse.rekuest.State;

/** States, locks and limits the build refuses. */
public class BadPlatformNodes {

    /** Not a record. */
    @State("holder")
    public static class Holder {
    }

    @State("twice")
    public record First(int a) {
    }

    @State("twice")
    public record Second(int b) {
    }
}
