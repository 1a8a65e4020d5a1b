package io.quarkiverse.rekuest.it;

/** A unit of length. */
public enum Unit {
    /** Nanometres. */
    NM,
    /** Micrometres. */
    UM,
    /** Millimetres. */
    MM
}
