package dev.procrastinate.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.procrastinate.api.ConfigurationException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * Turns task arguments into the JSON object stored in {@code procrastinate_jobs.args} and back. Arguments are a
 * {@code Map}, a record or a bean; anything that does not serialise to a JSON object is refused.
 */
public final class JsonCodec {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final ObjectMapper mapper;

    public JsonCodec(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** A codec with Java time support, ISO dates, and unknown properties ignored when reading. */
    public static JsonCodec standard() {
        return new JsonCodec(new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }


    /** The JSON object text of these arguments; {@code null} means no arguments ({@code {}}). */
    public String toJsonObject(Object args) {
        if (args == null) {
            return "{}";
        }
        if (args instanceof Map<?, ?> map) {
            return writeMap(map);
        }
        JsonNode node = args instanceof String text ? parse(text) : mapper.valueToTree(args);
        if (!(node instanceof ObjectNode)) {
            throw new ConfigurationException("job arguments must be a JSON object of keyword arguments, got "
                    + node.getNodeType() + " from " + args.getClass().getName());
        }
        return write(node);
    }

    /** Merges two argument objects, the second one's keys winning. */
    public String merge(Map<String, ?> base, Object args) {
        ObjectNode merged = mapper.valueToTree(base);
        merged.setAll((ObjectNode) parse(toJsonObject(args)));
        return write(merged);
    }

    public Map<String, Object> toMap(String json) {
        try {
            return mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("job arguments are not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * {@code value} (maps, lists, strings, numbers, booleans, as {@link #toMap} reads them) converted to a type
     * written in the source, generic or not: {@code List<Money>}, {@code Map<String, Integer>}, a record.
     *
     * @throws ConfigurationException when the value does not convert
     */
    public Object convert(Object value, java.lang.reflect.Type type) {
        try {
            return mapper.convertValue(value, mapper.constructType(type));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("cannot convert job arguments to " + type.getTypeName() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code value} converted to {@code type}.
     *
     * @throws ConfigurationException when the value does not convert
     */
    public <T> T convert(Object value, Class<T> type) {
        try {
            return mapper.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("cannot convert job arguments to " + type.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("cannot read job arguments as " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** One JSON value, and nothing after it but white space: {@code {"a":1} trailing} is refused. */
    private JsonNode parse(String text) {
        try (JsonParser parser = mapper.createParser(text)) {
            JsonNode node = mapper.readTree(parser);
            if (node == null) {
                return MissingNode.getInstance();
            }
            int end = (int) parser.currentLocation().getCharOffset();
            while (end >= 0 && end < text.length() && Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            if (end >= 0 && end < text.length()) {
                String rest = text.substring(end).strip();
                throw new ConfigurationException("malformed JSON arguments: trailing content after the JSON value "
                        + "at character " + (end + 1) + ": '" + (rest.length() > 20 ? rest.substring(0, 20) + "…"
                        : rest) + "'; give one JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("malformed JSON arguments: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read JSON arguments: " + e.getMessage(), e);
        }
    }

    /** A map is always a JSON object: written at once, without building a tree first (the defer hot path). */
    private String writeMap(Map<?, ?> map) {
        try {
            return mapper.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("cannot write job arguments as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ConfigurationException("cannot write job arguments as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
