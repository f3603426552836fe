package dev.procrastinate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BomCompletenessTest {

    /** Reactor modules that are not published artifacts. */
    private static final Set<String> NOT_PUBLISHED = Set.of("procrastinate-bom", "examples",
            "examples/spring-webapp", "connector-tests", "fault-tests", "procrastinate-bench");

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomManagesEveryPublishedModuleOfTheReactor() throws IOException {
        List<String> modules = matches(Files.readString(ROOT.resolve("pom.xml")), "<module>([^<]+)</module>");
        String bom = Files.readString(ROOT.resolve("procrastinate-bom/pom.xml"));
        Set<String> managed = Set.copyOf(matches(bom, "<artifactId>([^<]+)</artifactId>"));

        List<String> missing = modules.stream()
                .filter(module -> !NOT_PUBLISHED.contains(module))
                .filter(module -> !managed.contains(module))
                .collect(Collectors.toList());

        assertThat(modules).isNotEmpty();
        assertThat(missing).as("modules missing from procrastinate-bom/pom.xml").isEmpty();
    }

    @Test
    void theBomsDriverVersionsAreTheOnesTheBuildTestsWith() throws IOException {
        String root = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("procrastinate-bom/pom.xml"));

        for (String property : List.of("postgresql.version", "pgjdbc-ng.version", "vertx.version",
                "hikaricp.version")) {
            String tag = "<" + property + ">([^<]+)</" + property + ">";
            assertThat(matches(bom, tag)).as(property).isNotEmpty().isEqualTo(matches(root, tag));
        }
    }

    private static List<String> matches(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1).trim());
        }
        return found;
    }
}
