package dev.loginetl.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The import rules every module's main code keeps, checked by ArchUnit in each module's
 * {@code BoundariesTest}:
 *
 * <pre>
 * &#64;AnalyzeClasses(packages = "dev.loginetl.MODULE", importOptions = ImportOption.DoNotIncludeTests.class)
 * class BoundariesTest {
 *   &#64;ArchTest static final ArchTests boundaries = ArchTests.in(BoundaryRules.class);
 * }
 * </pre>
 *
 * <p>A module is the package right under {@code dev.loginetl} ({@code core}, {@code pii}, {@code
 * postgres}, ...). The rules are stated over any module, so one set serves all.
 */
public final class BoundaryRules {
  private static final Pattern MODULE = Pattern.compile("dev\\.loginetl\\.([^.]+)(\\..*)?");
  private static final SliceAssignment PACKAGES_WITH_THEIR_INTERNALS = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (!name.startsWith("dev.loginetl.")) {
        return SliceIdentifier.ignore();
      }
      int internal = (name + ".").indexOf(".internal.");
      return SliceIdentifier.of(internal < 0 ? name : name.substring(0, internal));
    }

    @Override
    public String getDescription() {
      return "packages of dev.loginetl, each with its internal package";
    }
  };

  private BoundaryRules() {}

  /** An {@code internal} package is its module's own: no other module's code uses it. */
  @ArchTest
  public static final ArchRule noModuleUsesAnotherModulesInternals =
      noClasses().should(useAnotherModulesInternals())
          .because("an internal package is not API: a module says what others may use in its public packages");

  /**
   * Packages depend on each other in one direction: no two packages, however far apart, need each
   * other. An {@code internal} package counts as part of the package it sits in: it holds that
   * package's implementation, which Java gives no narrower visibility than public, and the two use
   * each other by design.
   */
  @ArchTest
  public static final ArchRule packagesAreFreeOfCycles =
      slices().assignedFrom(PACKAGES_WITH_THEIR_INTERNALS).should().beFreeOfCycles();

  private static ArchCondition<JavaClass> useAnotherModulesInternals() {
    return new ArchCondition<>("use another module's internal package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        Optional<String> own = module(origin.getPackageName());
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String target = dependency.getTargetClass().getPackageName();
          Optional<String> targetModule = module(target);
          boolean internal = target.endsWith(".internal") || target.contains(".internal.");
          if (internal && targetModule.isPresent() && !targetModule.equals(own)) {
            events.add(SimpleConditionEvent.satisfied(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  private static Optional<String> module(String packageName) {
    Matcher matcher = MODULE.matcher(packageName);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
