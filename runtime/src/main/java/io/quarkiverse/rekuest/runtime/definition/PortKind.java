package io.quarkiverse.rekuest.runtime.definition;

/** The kind of a port, as the rekuest server's {@code PortKind} enum names it. */
public enum PortKind {
    INT,
    STRING,
    STRUCTURE,
    LIST,
    BOOL,
    DICT,
    FLOAT,
    DATE,
    UNION,
    ENUM,
    MODEL,
    MEMORY_STRUCTURE
}
