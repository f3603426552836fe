package dev.procrastinate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectorsTest {

    @Test
    void withNoConnectorOnTheClassPathTheErrorNamesTheArtifactsToAdd() {
        assertThat(Connectors.providers()).isEmpty();

        assertThatThrownBy(() -> Connectors.create("postgresql://localhost/db"))
                .isInstanceOf(ConnectorNotFoundException.class)
                .hasMessageContaining("dev.procrastinate:connector-jdbc")
                .hasMessageContaining("connector-vertx");
    }

    @Test
    void choosingAConnectorThatIsNotThereListsWhatIsAvailable() {
        ConnectorOptions options = ConnectorOptions.builder().url("postgresql://localhost/db")
                .property(ConnectorOptions.CONNECTOR, "vertx").build();

        assertThatThrownBy(() -> Connectors.create(options))
                .isInstanceOf(ConnectorNotFoundException.class)
                .hasMessageContaining("connector 'vertx' not found; available: []");
    }

    @Test
    void optionsWithoutUrlAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ConnectorOptions.builder().build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("url");
    }

    @Test
    void everyExceptionSaysWhetherRetryingHelps() {
        assertThat(new ConnectionLostException("down", null).isTransient()).isTrue();
        assertThat(new AlreadyEnqueuedException("q", null).isTransient()).isFalse();
        assertThat(new TaskNotFoundException("x", java.util.List.of("b", "a")).getMessage())
                .isEqualTo("task 'x' not found; registered: [a, b]");
    }
}
