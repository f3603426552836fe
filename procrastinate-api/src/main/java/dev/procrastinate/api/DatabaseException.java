package dev.procrastinate.api;

/**
 * A statement failed on the server for a reason that retrying will not fix (syntax, constraint, missing object).
 * {@link #sqlState()} is PostgreSQL's five-character error code, or {@code null} when the driver gave none.
 */
public class DatabaseException extends ProcrastinateNonTransientException {

    private final String sqlState;

    /** A server error; {@code sqlState} and {@code cause} may be null. */
    public DatabaseException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** PostgreSQL's five-character error code, or null when the driver gave none. */
    public String sqlState() {
        return sqlState;
    }
}
