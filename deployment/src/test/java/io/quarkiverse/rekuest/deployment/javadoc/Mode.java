package io.quarkiverse.rekuest.deployment.javadoc;

/** How values are measured. */
public enum Mode {
    /** Linear, as measured. */
    LINEAR,
    /**
     * Logarithmic: {@code log10} of the value.
     */
    LOG,
    // no Javadoc
    RAW
}
