package dev.loginetl.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import dev.loginetl.core.testing.BoundaryRules;

/**
 * etl-core's main code keeps the import rules of {@link BoundaryRules}, and uses nothing but the
 * JDK, Jackson and Guava. The enforcer rule in the pom keeps the dependencies to match.
 */
@AnalyzeClasses(packages = "dev.loginetl.core", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {
  @ArchTest
  static final ArchTests boundaries = ArchTests.in(BoundaryRules.class);

  @ArchTest
  static final ArchRule coreUsesOnlyTheJdkJacksonAndGuava =
      classes().should().onlyDependOnClassesThat()
          .resideInAnyPackage("dev.loginetl.core..", "java..", "com.fasterxml.jackson..", "com.google.common..")
          .because("etl-core is pure: records, rules, ports and the engine, talking to no network and no database");
}
