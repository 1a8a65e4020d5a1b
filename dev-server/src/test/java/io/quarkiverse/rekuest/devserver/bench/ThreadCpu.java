package io.quarkiverse.rekuest.devserver.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the live threads whose name starts with a prefix, via {@link ThreadMXBean}. A snapshot keeps the time
 * of each matching thread; {@link #since} sums the growth of every matching thread (threads born in between count
 * from zero).
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static {
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    private final String prefix;
    private final Map<Long, Long> nanosByThread;

    private ThreadCpu(String prefix, Map<Long, Long> nanosByThread) {
        this.prefix = prefix;
        this.nanosByThread = nanosByThread;
    }

    static boolean supported() {
        return THREADS.isThreadCpuTimeSupported();
    }

    static ThreadCpu snapshot(String prefix) {
        return new ThreadCpu(prefix, sample(prefix));
    }

    /** CPU nanoseconds the matching threads used since this snapshot. */
    long since() {
        long total = 0;
        for (Map.Entry<Long, Long> now : sample(prefix).entrySet()) {
            total += now.getValue() - nanosByThread.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    /** The growth per matching thread that used at least a millisecond, e.g. "eventloop-thread-0 812 ms, ...". */
    String perThread() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId()) - nanosByThread.getOrDefault(info.getThreadId(), 0L);
                if (cpu >= 1_000_000) {
                    out.append(out.length() > 0 ? ", " : "").append(info.getThreadName().substring(prefix.length()))
                            .append(' ').append(cpu / 1_000_000).append(" ms");
                }
            }
        }
        return out.toString();
    }

    /** How many live threads match, and their names (for the report). */
    static String describe(String prefix) {
        StringBuilder names = new StringBuilder();
        int n = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                n++;
                if (names.length() > 0) {
                    names.append(", ");
                }
                names.append(info.getThreadName());
            }
        }
        return n + " (" + names + ")";
    }

    private static Map<Long, Long> sample(String prefix) {
        Map<Long, Long> nanos = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    nanos.put(info.getThreadId(), cpu);
                }
            }
        }
        return nanos;
    }
}
