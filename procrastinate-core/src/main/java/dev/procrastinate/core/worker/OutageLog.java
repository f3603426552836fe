package dev.procrastinate.core.worker;

import dev.procrastinate.api.ProcrastinateException;
import org.slf4j.Logger;

/**
 * Logs the failures of one recurring database operation without flooding and without hiding: a lost connection
 * once at WARN, then at DEBUG while it lasts; any other error (a constraint, a missing row, a permission) at WARN
 * each time it differs from the previous one; and, once the same operation has succeeded again, one INFO.
 */
final class OutageLog {

    private final Logger log;
    private final String what;
    private boolean down;
    private String lastProblem;

    OutageLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    synchronized void failed(Throwable error) {
        String problem = problem(error);
        boolean connectionLost = error instanceof ProcrastinateException e && e.isTransient();
        if (!down) {
            down = true;
            lastProblem = problem;
            log.atWarn().addKeyValue("action", what + "_failed").setCause(error)
                    .log("{} failed, will retry: {}", what, error.toString());
        } else if (!connectionLost && !problem.equals(lastProblem)) {
            lastProblem = problem;
            log.atWarn().addKeyValue("action", what + "_failed").setCause(error)
                    .log("{} failed again, differently, will retry: {}", what, error.toString());
        } else {
            lastProblem = problem;
            log.debug("{} failed again: {}", what, error.toString());
        }
    }

    synchronized void succeeded() {
        if (down) {
            down = false;
            lastProblem = null;
            log.atInfo().addKeyValue("action", what + "_recovered").log("{} works again", what);
        }
    }

    /** The error without its numbers (ids, ports, durations), so that the same problem reads the same. */
    private static String problem(Throwable error) {
        return error.getClass().getName() + ":" + String.valueOf(error.getMessage()).replaceAll("\\d+", "#");
    }
}
