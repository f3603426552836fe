package dev.procrastinate.cli;

import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobManager;

/** The last error of a job, as far as the job manager records it. */
final class FailureDetails {

    private FailureDetails() {
    }

    static String lastError(JobManager jobs, Job job) {
        return "- (errors are recorded from schema extension 'job failures' on; not available in this build)";
    }
}
