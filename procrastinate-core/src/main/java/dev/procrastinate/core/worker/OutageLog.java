package dev.procrastinate.core.worker;

import org.slf4j.Logger;

/** Logs a database outage once at WARN, repeats at DEBUG, and its end once at INFO. */
final class OutageLog {

    private final Logger log;
    private final String what;
    private boolean down;

    OutageLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    synchronized void failed(Throwable error) {
        if (!down) {
            down = true;
            log.atWarn().addKeyValue("action", what + "_failed").setCause(error)
                    .log("{} failed, will retry: {}", what, error.toString());
        } else {
            log.debug("{} failed again: {}", what, error.toString());
        }
    }

    synchronized void succeeded() {
        if (down) {
            down = false;
            log.atInfo().addKeyValue("action", what + "_recovered").log("{} works again", what);
        }
    }
}
