package com.example;

import dev.procrastinate.core.App;
import java.util.Map;

/** Defers one job on the database named by the first argument, through whichever connector is on the class path. */
public final class Deferrer {

    private Deferrer() {
    }

    public static void main(String[] args) {
        try (App app = App.fromUrl(args[0])) {
            System.out.println("deferred job " + app.configureTask("send_email").defer(Map.of("to", "a@b.c")));
        }
    }
}
