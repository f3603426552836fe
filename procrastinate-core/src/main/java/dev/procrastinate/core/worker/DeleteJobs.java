package dev.procrastinate.core.worker;

import dev.procrastinate.api.JobStatus;

/** Which finished jobs the worker deletes instead of keeping (upstream's {@code delete_jobs}). */
public enum DeleteJobs {
    NEVER, SUCCESSFUL, ALWAYS;

    boolean deletes(JobStatus endStatus) {
        return this == ALWAYS || this == SUCCESSFUL && endStatus == JobStatus.SUCCEEDED;
    }
}
