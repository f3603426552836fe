package dev.procrastinate.core.control;

import dev.procrastinate.core.memory.InMemoryJobManager;
import org.junit.jupiter.api.BeforeEach;

class InMemoryQueueControlTest extends QueueControlContract {

    @BeforeEach
    void inMemory() {
        use(new InMemoryJobManager(), () -> { });
    }
}
