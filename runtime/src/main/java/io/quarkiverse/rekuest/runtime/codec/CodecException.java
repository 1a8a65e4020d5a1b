package io.quarkiverse.rekuest.runtime.codec;

/** A value that does not fit its port. The message names the port path and what was wrong. */
public final class CodecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    /**
     * @param path the port path, e.g. {@code points[2].x}; empty when the caller adds it
     * @param problem what was wrong, e.g. {@code must be an integer, got the string "a"}
     */
    public CodecException(String path, String problem) {
        this(path, problem, null);
    }

    public CodecException(String path, String problem, Throwable cause) {
        super("'" + path + "' " + problem, cause, false, cause != null);
        this.path = path;
        this.problem = problem;
    }

    /** The port path, e.g. {@code points[2].x}. */
    public String path() {
        return path;
    }

    /** What was wrong, without the path. */
    public String problem() {
        return problem;
    }

    /**
     * This problem seen from an enclosing port: {@code within("points")} of {@code [2].x} is {@code points[2].x}, of
     * {@code x} it is {@code points.x}.
     */
    public CodecException within(String prefix) {
        String joined = path.isEmpty() ? prefix
                : path.startsWith("[") ? prefix + path : prefix.isEmpty() ? path : prefix + "." + path;
        return new CodecException(joined, problem, getCause());
    }
}
