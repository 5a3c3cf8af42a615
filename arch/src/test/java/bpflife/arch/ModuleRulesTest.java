package bpflife.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The module rules of docs/ARCHITECTURE.md, checked on the compiled classes of every module (this
 * module depends on all of them, tests excluded). A rule that fails names each offending class
 * and the dependency.
 */
@AnalyzeClasses(packages = "bpflife", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleRulesTest {

    /** The one class of model that reads a file: {@code ScenarioParser.parseFile(Path)}. */
    private static final String SCENARIO_FILE_READER = "bpflife.model.scenario.ScenarioParser";

    @ArchTest
    static final ArchRule modelHasNoPekko = noClasses().that().resideInAPackage("bpflife.model..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..", "com.typesafe..",
                    "org.slf4j..", "ch.qos.logback..", "com.fasterxml..")
            .because("the model is pure state machines: the live runtime wraps them, they do not know it");

    @ArchTest
    static final ArchRule modelHasNoIoClockOrRandomness = noClasses().that().resideInAPackage("bpflife.model..")
            .and().doNotHaveFullyQualifiedName(SCENARIO_FILE_READER)
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.sql..",
                    "java.time..", "java.util.concurrent..")
            .orShould().dependOnClassesThat().belongToAnyOf(Random.class, ThreadLocalRandom.class, SecureRandom.class)
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .because("a step is a function of the state and the message: the deterministic runtime replays it");

    @ArchTest
    static final ArchRule protocolDependsOnNoModule = noClasses().that().resideInAPackage("bpflife.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("bpflife.model..", "bpflife.explore..",
                    "bpflife.actors..", "bpflife.persistence..", "bpflife.loadtest..", "bpflife.kernel..",
                    "bpflife.cli..", "bpflife.bench..");

    @ArchTest
    static final ArchRule modelDependsOnlyOnProtocol = noClasses().that().resideInAPackage("bpflife.model..")
            .should().dependOnClassesThat().resideInAnyPackage("bpflife.explore..", "bpflife.actors..",
                    "bpflife.persistence..", "bpflife.loadtest..", "bpflife.kernel..", "bpflife.cli..",
                    "bpflife.bench..");

    @ArchTest
    static final ArchRule deterministicRuntimeKeepsOutOfTheLiveOne = noClasses().that()
            .resideInAPackage("bpflife.explore..")
            .should().dependOnClassesThat().resideInAnyPackage("bpflife.actors..", "org.apache.pekko..")
            .because("the deterministic runtime (explore) and the live runtime (actors) each run the model on "
                    + "their own");

    @ArchTest
    static final ArchRule liveRuntimeKeepsOutOfTheDeterministicOne = noClasses().that()
            .resideInAPackage("bpflife.actors..")
            .should().dependOnClassesThat().resideInAPackage("bpflife.explore..")
            .because("the deterministic runtime (explore) and the live runtime (actors) each run the model on "
                    + "their own");

    @ArchTest
    static final ArchRule nothingDependsOnCli = noClasses().that().resideOutsideOfPackage("bpflife.cli..")
            .should().dependOnClassesThat().resideInAPackage("bpflife.cli..")
            .because("cli is the outermost layer: the commands use the modules, never the other way");

    @ArchTest
    static final ArchRule noCyclesBetweenModules = slices().matching("bpflife.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("bpflife.(**)").should().beFreeOfCycles();
}
