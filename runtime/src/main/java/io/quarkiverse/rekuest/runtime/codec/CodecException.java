package io.quarkiverse.rekuest.runtime.codec;

/** A value that does not fit its port. The message names the port path and what was wrong. */
public final class CodecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;

    public CodecException(String path, String problem) {
        super("'" + path + "' " + problem);
        this.path = path;
    }

    /** The port path, e.g. {@code points[2].x}. */
    public String path() {
        return path;
    }
}
