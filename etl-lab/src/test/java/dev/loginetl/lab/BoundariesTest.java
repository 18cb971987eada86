package dev.loginetl.lab;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.loginetl.core.testing.BoundaryRules;

/** etl-lab's main code keeps the import rules of {@link BoundaryRules}. */
@AnalyzeClasses(packages = "dev.loginetl.lab", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {
  @ArchTest
  static final ArchTests boundaries = ArchTests.in(BoundaryRules.class);
}
