package dev.procrastinate.core;

import dev.procrastinate.testing.InMemoryJobManager;
import java.util.function.UnaryOperator;

/** {@link AppFeaturesContract} on the in-memory job manager. */
class AppFeaturesTest extends AppFeaturesContract {

    @Override
    protected App build(UnaryOperator<App.Builder> configure) {
        return configure.apply(App.builder().store(new InMemoryJobManager(clock))).build();
    }
}
