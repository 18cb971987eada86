package dev.loginetl.geoip;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.loginetl.core.testing.BoundaryRules;

/** etl-geoip's main code keeps the import rules of {@link BoundaryRules}. */
@AnalyzeClasses(packages = "dev.loginetl.geoip", importOptions = ImportOption.DoNotIncludeTests.class)
class BoundariesTest {
  @ArchTest
  static final ArchTests boundaries = ArchTests.in(BoundaryRules.class);
}
