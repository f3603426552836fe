package dev.procrastinate.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.procrastinate");

    @Test
    void apiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.procrastinate.api..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.sql..", "dev.procrastinate.api..")
                .because("users and connector authors must get the SPI without any third-party library (javax.sql: "
                        + "the JDK's DataSource, which ConnectorOptions may carry)")
                .check(CLASSES);
    }

    @Test
    void coreDependsOnNoDriverAndNoConnector() {
        noClasses().that().resideInAPackage("dev.procrastinate.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "com.impossibl..",
                        "io.vertx..", "com.zaxxer..", "dev.procrastinate.connector..")
                .because("the driver is the user's choice of connector artifact")
                .check(CLASSES);
    }

    @Test
    void connectorsDoNotDependOnEachOther() {
        slices().matching("dev.procrastinate.connector.(*)..").should().notDependOnEachOther()
                .because("each connector is a separate artifact users swap without the others")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void coreFeaturePackagesAreFreeOfCycles() {
        slices().matching("dev.procrastinate.core.(*)..").should().beFreeOfCycles()
                .because("features depend on each other in one direction only")
                .check(CLASSES);
    }
}
