package io.quarkiverse.rekuest;

/** The level of a log line a running node sends to its caller with {@link Task#log(LogLevel, String)}. */
public enum LogLevel {
    /** Detail for whoever debugs the node. */
    DEBUG,
    /** Normal progress information. */
    INFO,
    /** Something looks wrong but the task goes on. */
    WARN,
    /** Something went wrong. */
    ERROR,
    /** Something went badly wrong. */
    CRITICAL
}
