package dev.procrastinate.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
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
    void coreReachesTheDatabaseOnlyThroughTheSpiNeverThroughProcrastinateJdbc() {
        noClasses().that().resideInAPackage("dev.procrastinate.core..")
                .should().dependOnClassesThat().resideInAPackage("dev.procrastinate.jdbc..")
                .because("core is a peer of the connectors (issue 12 item 1): every connector offers the same roads")
                .check(CLASSES);
    }


    @Test
    void coreInternalsAreUsedByCoreOnly() {
        noClasses().that().resideOutsideOfPackage("dev.procrastinate.core..")
                .should().dependOnClassesThat().resideInAPackage("dev.procrastinate.core..internal..")
                .because("what sits in an internal package may change in any release")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void connectorsDoNotDependOnEachOther() {
        slices().matching("dev.procrastinate.connector.(*)..").should().notDependOnEachOther()
                .because("each connector is a separate artifact users swap without the others")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    /** Core's root package ({@code App}) is a slice of its own, and each sub-package with its own sub-packages. */
    private static final SliceAssignment CORE_PACKAGES = new SliceAssignment() {
        private static final String ROOT = "dev.procrastinate.core";

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(ROOT)) {
                return SliceIdentifier.of("dev.procrastinate.core (root)");
            }
            if (name.startsWith(ROOT + ".")) {
                return SliceIdentifier.of(ROOT + "." + name.substring(ROOT.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "core's root package and each of its sub-packages";
        }
    };

    @Test
    void corePackagesIncludingTheRootAreFreeOfCycles() {
        slices().assignedFrom(CORE_PACKAGES).should().beFreeOfCycles()
                .because("features depend on each other in one direction only, and App sits on top of them")
                .check(CLASSES);
    }

    @Test
    void procrastinatePackagesAreFreeOfCycles() {
        slices().matching("dev.procrastinate.(*)..").should().beFreeOfCycles()
                .because("modules depend on each other in one direction only")
                .check(CLASSES);
    }
}
