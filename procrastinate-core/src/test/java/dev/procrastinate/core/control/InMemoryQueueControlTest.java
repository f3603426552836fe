package dev.procrastinate.core.control;

import dev.procrastinate.testing.InMemoryJobManager;
import org.junit.jupiter.api.BeforeEach;

class InMemoryQueueControlTest extends QueueControlContract<InMemoryJobManager> {

    @BeforeEach
    void inMemory() {
        use(new InMemoryJobManager(), () -> { });
    }
}
