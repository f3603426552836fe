package dev.procrastinate.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procrastinate.api.ConfigurationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    /** The same arguments as a record: written through a tree, not the map path. */
    record Args(long id, Instant at, String name, List<String> tags, Map<String, Object> nested, Object nothing) {
    }

    private final JsonCodec codec = JsonCodec.standard();

    @Test
    void aMapIsWrittenAsTheSameObjectTextAsThroughATree() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("id", 12345678901234L);
        args.put("at", Instant.parse("2026-11-24T10:15:30Z"));
        args.put("name", "Zoë \"quoted\" ✓");
        args.put("tags", List.of("a", "b"));
        args.put("nested", Map.of("ok", true));
        args.put("nothing", null);

        String expected = codec.toJsonObject(new Args(12345678901234L, Instant.parse("2026-11-24T10:15:30Z"),
                "Zoë \"quoted\" ✓", List.of("a", "b"), Map.of("ok", true), null));

        assertThat(codec.toJsonObject(args)).isEqualTo(expected);
        assertThat(codec.toMap(codec.toJsonObject(args))).containsEntry("at", "2026-11-24T10:15:30Z")
                .containsEntry("name", "Zoë \"quoted\" ✓");
    }

    @Test
    void aDecimalInAMapKeepsItsScale() {
        assertThat(codec.toJsonObject(Map.of("price", new BigDecimal("12.50")))).isEqualTo("{\"price\":12.50}");
    }

    @Test
    void aMapWithANullKeyIsRefusedWithAClearError() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put(null, 1);

        assertThatThrownBy(() -> codec.toJsonObject(args)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot write job arguments as JSON");
    }

    @Test
    void trailingContentAfterTheJsonObjectIsRefused() {
        assertThatThrownBy(() -> codec.toJsonObject("{\"a\":1} trailing")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trailing content after the JSON value at character 9: 'trailing'");
        assertThatThrownBy(() -> codec.toJsonObject("{\"a\":1}{\"b\":2}")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trailing content");
        assertThatThrownBy(() -> codec.merge(Map.of("x", 1), "{} ]")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trailing content");
    }

    @Test
    void whiteSpaceAroundTheJsonObjectIsAccepted() {
        assertThat(codec.toJsonObject(" \n{\"a\": 1}\n\t ")).isEqualTo("{\"a\":1}");
    }
}
