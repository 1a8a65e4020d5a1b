package io.quarkiverse.rekuest.runtime.definition;

/** Whether an action yields once ({@link #FUNCTION}) or many times ({@link #GENERATOR}). */
public enum ActionKind {
    FUNCTION,
    GENERATOR
}
