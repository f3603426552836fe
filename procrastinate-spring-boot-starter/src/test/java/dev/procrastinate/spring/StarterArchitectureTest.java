package dev.procrastinate.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class StarterArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.procrastinate");

    @Test
    void onlyTheStarterKnowsSpring() {
        noClasses().that().resideOutsideOfPackage("dev.procrastinate.spring..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .because("Spring is opt-in: the api, core and connectors serve applications without it")
                .check(CLASSES);
    }

    @Test
    void onlyTheConnectorFactoryTouchesAConnector() {
        noClasses().that().resideInAPackage("dev.procrastinate.spring..")
                .and().doNotHaveSimpleName("ConnectorFactory")
                .and().doNotHaveFullyQualifiedName(ConnectorFactory.class.getName() + "$Jdbc")
                .should().dependOnClassesThat().resideInAPackage("dev.procrastinate.connector..")
                .because("the connector is whichever artifact the application has; connector-jdbc is optional")
                .check(CLASSES);
    }

    @Test
    void optionalLibrariesStayInTheClassesLoadedOnlyWhenTheyArePresent() {
        noClasses().that().resideInAPackage("dev.procrastinate.spring..")
                .and().doNotHaveSimpleName("ProcrastinateMetrics")
                .and().doNotHaveSimpleName("MetricsConfiguration")
                .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
                .because("Micrometer is optional: only the metrics classes, guarded by @ConditionalOnClass, use it")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.procrastinate.spring..")
                .and().doNotHaveSimpleName("FlywaySchema")
                .and().resideOutsideOfPackage("dev.procrastinate.spring.flyway")
                .should().dependOnClassesThat().resideInAPackage("org.flywaydb..")
                .because("Flyway is optional: it is loaded only when procrastinate.schema.apply=flyway")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.procrastinate.spring..")
                .and().doNotHaveSimpleName("ProcrastinateHealthIndicator")
                .and().doNotHaveSimpleName("HealthConfiguration")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.boot.health..")
                .because("Actuator's health support is optional")
                .check(CLASSES);
    }
}
