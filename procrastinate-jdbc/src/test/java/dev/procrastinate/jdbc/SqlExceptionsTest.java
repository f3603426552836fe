package dev.procrastinate.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procrastinate.api.AlreadyEnqueuedException;
import dev.procrastinate.api.ConnectionLostException;
import dev.procrastinate.api.DatabaseException;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.SchemaException;
import java.net.SocketException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlExceptionsTest {

    @Test
    void uniqueViolationOnTheQueueingLockIndexIsAlreadyEnqueuedWithTheLock() {
        SQLException error = new SQLException("ERROR: duplicate key value violates unique constraint "
                + "\"procrastinate_jobs_queueing_lock_idx_v1\"\n  Detail: Key (queueing_lock)=(report-1) already "
                + "exists.", "23505");

        ProcrastinateException translated = SqlExceptions.translate(error, "SELECT 1");

        assertThat(translated).isInstanceOf(AlreadyEnqueuedException.class);
        assertThat(((AlreadyEnqueuedException) translated).queueingLock()).isEqualTo("report-1");
    }

    @Test
    void connectionStatesAndIoCausesAreTransientConnectionLoss() {
        assertThat(SqlExceptions.translate(new SQLException("gone", "08006"), "x"))
                .isInstanceOf(ConnectionLostException.class);
        assertThat(SqlExceptions.translate(new SQLException("admin shutdown", "57P01"), "x").isTransient()).isTrue();
        assertThat(SqlExceptions.translate(new SQLException("io", null, new SocketException("reset")), "x"))
                .isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void missingProcrastinateFunctionSaysHowToApplyTheSchema() {
        SQLException error = new SQLException("function procrastinate_fetch_job_v2 does not exist", "42883");

        assertThat(SqlExceptions.translate(error, "x")).isInstanceOf(SchemaException.class)
                .hasMessageContaining("schema --apply");
    }

    @Test
    void otherErrorsKeepTheirSqlStateAndNameTheStatement() {
        ProcrastinateException translated = SqlExceptions.translate(
                new SQLException("syntax error", "42601"), "SELEC 1\nFROM x");

        assertThat(translated).isInstanceOf(DatabaseException.class).hasMessageContaining("SELEC 1");
        assertThat(((DatabaseException) translated).sqlState()).isEqualTo("42601");
        assertThat(translated.isTransient()).isFalse();
    }
}
