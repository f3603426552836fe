package dev.procrastinate.cli;

import dev.procrastinate.api.JobStatus;
import dev.procrastinate.core.App;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code procrastinate healthchecks}: database reachable, schema applied, job counts. */
@Command(name = "healthchecks", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Check the database connection and the schema, and count the jobs in each status.")
final class HealthchecksCommand extends SubCommand {

    @Override
    public Integer call() {
        App app = root.app();
        app.connector().query("SELECT 1 AS ok");
        System.out.println("Database connection: OK");
        app.schema().check();
        System.out.println("Schema: OK");
        Map<JobStatus, Long> counts = app.jobManager().countByStatus();
        StringBuilder line = new StringBuilder("Jobs:");
        for (JobStatus status : JobStatus.values()) {
            line.append(' ').append(status.dbValue()).append('=').append(counts.getOrDefault(status, 0L));
        }
        System.out.println(line);
        return 0;
    }
}
