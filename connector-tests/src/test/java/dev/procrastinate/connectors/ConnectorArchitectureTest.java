package dev.procrastinate.connectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** With every connector on the class path: they do not depend on each other nor on core. */
class ConnectorArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.procrastinate");

    @Test
    void connectorsDoNotDependOnEachOther() {
        slices().matching("dev.procrastinate.connector.(*)..").should().notDependOnEachOther()
                .because("each connector is an artifact users swap without the others")
                .check(CLASSES);
    }

    @Test
    void connectorsDependOnTheSpiNotOnCore() {
        noClasses().that().resideInAPackage("dev.procrastinate.connector..")
                .should().dependOnClassesThat().resideInAPackage("dev.procrastinate.core..")
                .because("a connector implements the SPI; users may write one with procrastinate-api alone")
                .check(CLASSES);
    }

    @Test
    void coreDependsOnNoDriver() {
        noClasses().that().resideInAPackage("dev.procrastinate.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "com.impossibl..",
                        "io.vertx..", "com.zaxxer..", "dev.procrastinate.connector..")
                .because("the driver is the user's choice of connector artifact")
                .check(CLASSES);
    }
}
