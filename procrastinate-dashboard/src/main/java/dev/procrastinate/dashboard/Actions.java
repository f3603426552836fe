package dev.procrastinate.dashboard;

import dev.procrastinate.api.Cancellation;
import dev.procrastinate.api.Job;
import dev.procrastinate.api.JobStatus;
import dev.procrastinate.api.ProcrastinateException;
import dev.procrastinate.api.RetryDecision;
import java.util.List;
import java.util.Optional;

/**
 * Retry, cancel, abort and delete on one job, through the job manager (a finished job is deleted with SQL: the job
 * manager deletes only jobs it cancels). Each action applies to the statuses upstream's functions accept.
 */
final class Actions {

    private static final String DELETE_FINISHED = "DELETE FROM procrastinate_jobs WHERE id = $1 "
            + "AND status IN ('succeeded', 'failed', 'cancelled', 'aborted')";

    private Actions() {
    }

    /** The statuses each action applies to. */
    static List<JobStatus> statuses(String action) {
        return switch (action) {
            case "retry" -> List.of(JobStatus.FAILED);
            case "cancel" -> List.of(JobStatus.TODO);
            case "abort" -> List.of(JobStatus.DOING);
            case "delete" -> List.of(JobStatus.TODO, JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED,
                    JobStatus.ABORTED);
            default -> throw new IllegalArgumentException("unknown action '" + action
                    + "'; choose retry, cancel, abort or delete");
        };
    }

    static List<String> allowed(JobStatus status) {
        return List.of("retry", "cancel", "abort", "delete").stream().filter(a -> statuses(a).contains(status))
                .toList();
    }

    static String label(String action) {
        return switch (action) {
            case "retry" -> "Retry";
            case "cancel" -> "Cancel";
            case "abort" -> "Abort";
            default -> "Delete";
        };
    }

    private static String past(String action) {
        return switch (action) {
            case "retry" -> "retried";
            case "cancel" -> "cancelled";
            case "abort" -> "abort requested for";
            default -> "deleted";
        };
    }

    /** Runs the action on one job and says what happened, in words for the page. */
    static String run(Dashboard dashboard, String action, long id) {
        Optional<Job> job = dashboard.jobManager().getJob(id);
        if (job.isEmpty()) {
            return "job #" + id + " no longer exists";
        }
        JobStatus status = job.get().status();
        if (!statuses(action).contains(status)) {
            return "job #" + id + " is " + status.dbValue() + ": " + action + " applies only to "
                    + statuses(action).stream().map(JobStatus::dbValue).toList() + " jobs";
        }
        try {
            return apply(dashboard, action, id) ? past(action) + " job #" + id
                    : "job #" + id + " changed status meanwhile: nothing done";
        } catch (ProcrastinateException e) {
            return "could not " + action + " job #" + id + ": " + e.getMessage();
        }
    }

    /** Applies the action; false when the job was not in a status the action applies to any more. */
    static boolean apply(Dashboard dashboard, String action, long id) {
        return switch (action) {
            case "retry" -> {
                dashboard.jobManager().retryJob(id, RetryDecision.at(dashboard.clock().instant()));
                yield true;
            }
            case "cancel" -> dashboard.jobManager().cancelJob(id, Cancellation.cancel());
            case "abort" -> dashboard.jobManager().cancelJob(id, Cancellation.abort());
            case "delete" -> dashboard.jobManager().cancelJob(id, Cancellation.delete())
                    || dashboard.connector().execute(DELETE_FINISHED, id) > 0;
            default -> throw new IllegalArgumentException("unknown action '" + action + "'");
        };
    }
}
