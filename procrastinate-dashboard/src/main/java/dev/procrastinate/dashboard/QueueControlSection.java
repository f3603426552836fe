package dev.procrastinate.dashboard;

import dev.procrastinate.api.JobQuery;
import dev.procrastinate.api.QueueControl;
import dev.procrastinate.api.StatusCounts;
import java.util.Map;
import java.util.TreeMap;

/**
 * The overview's queue control: each queue's state (active or paused, and its limits) with a pause or resume
 * button, for every procrastinate-java worker of the database. POST {@code /queues/pause} or {@code /queues/resume}
 * with the form field {@code queue}.
 */
final class QueueControlSection {

    static final String PAUSE = "/queues/pause";
    static final String RESUME = "/queues/resume";

    private QueueControlSection() {
    }

    static String html(Html.Frame frame, Dashboard dashboard) {
        Map<String, QueueControl> byQueue = new TreeMap<>();
        for (StatusCounts counts : dashboard.jobManager().listQueues(JobQuery.all())) {
            byQueue.put(counts.name(), null);
        }
        for (QueueControl control : dashboard.jobManager().listQueueControls()) {
            byQueue.put(control.queueName(), control);
        }
        StringBuilder out = new StringBuilder("<section><h2>Queue control</h2><p class=\"hint\">A paused queue's jobs "
                + "are not started by any procrastinate-java worker; running jobs finish. Python workers ignore "
                + "pauses and limits.</p>");
        if (byQueue.isEmpty()) {
            return out.append("<p class=\"empty\">No queue yet.</p></section>").toString();
        }
        out.append("<table class=\"queue-control\"><thead><tr><th>queue</th><th>state</th><th>limits</th>");
        if (frame.actions()) {
            out.append("<th></th>");
        }
        out.append("</tr></thead><tbody>");
        byQueue.forEach((queue, control) -> {
            boolean paused = control != null && control.paused();
            out.append("<tr data-queue=\"").append(Html.escape(queue)).append("\"><td>").append(Html.escape(queue))
                    .append("</td><td class=\"state\">").append(paused ? "paused" : "active").append("</td><td>")
                    .append(Html.escape(control == null || !control.limits().isLimited() ? "-"
                            : control.limits().describe()))
                    .append("</td>");
            if (frame.actions()) {
                out.append("<td>").append(Html.form(frame, frame.base() + (paused ? RESUME : PAUSE),
                        Map.of("queue", queue), paused ? "Resume" : "Pause", paused ? "resume" : "pause",
                        paused ? null : "Pause queue " + queue + "? Running jobs finish; no new job starts."))
                        .append("</td>");
            }
            out.append("</tr>");
        });
        return out.append("</tbody></table></section>").toString();
    }

    /** Pauses or resumes the form's queue; returns the notice shown after the redirect. */
    static String run(Dashboard dashboard, String path, String queue) {
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("the form has no queue: send the field 'queue'");
        }
        if (path.equals(PAUSE)) {
            dashboard.jobManager().pauseQueue(queue);
            return "paused queue " + queue;
        }
        dashboard.jobManager().resumeQueue(queue);
        return "resumed queue " + queue;
    }
}
