package dev.procrastinate.api;

/** Discovery found no connector, or several and none was chosen. The message says what is available. */
public class ConnectorNotFoundException extends ConfigurationException {

    /** {@code message} says which connectors were found and how to choose one. */
    public ConnectorNotFoundException(String message) {
        super(message);
    }
}
