package dev.procrastinate.api;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Why one run of a job failed: the exception's class, its message and a stack trace bounded to
 * {@link #MAX_STACK_TRACE_BYTES} bytes of UTF-8. Kept by the worker with the job's end so that operators can see it
 * without the worker's log. Immutable.
 */
public record FailureDetails(String exceptionClass, String message, String stackTrace) {

    /** Upper bound of {@link #stackTrace()} in UTF-8 bytes. */
    public static final int MAX_STACK_TRACE_BYTES = 8 * 1024;

    /**
     * @throws NullPointerException when {@code exceptionClass} is null ({@code message} and {@code stackTrace} may be)
     */
    public FailureDetails {
        Objects.requireNonNull(exceptionClass, "exceptionClass");
        stackTrace = stackTrace == null ? null : truncate(stackTrace, MAX_STACK_TRACE_BYTES);
    }

    /**
     * The details of {@code error}: its class name, message and stack trace (bounded).
     *
     * @throws NullPointerException when {@code error} is null
     */
    public static FailureDetails of(Throwable error) {
        Objects.requireNonNull(error, "error");
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return new FailureDetails(error.getClass().getName(), error.getMessage(), trace.toString());
    }

    private static String truncate(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        String marker = "\n\t... (truncated)";
        int budget = maxBytes - marker.length();
        int end = Math.min(text.length(), budget);
        while (end > 0 && text.substring(0, end).getBytes(StandardCharsets.UTF_8).length > budget) {
            end -= Math.max(1, (text.substring(0, end).getBytes(StandardCharsets.UTF_8).length - budget) / 4);
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + marker;
    }
}
