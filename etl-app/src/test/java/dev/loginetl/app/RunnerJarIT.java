package dev.loginetl.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged production runner ({@code target/loginetl.jar}, built in {@code package}) carries
 * the runner and nothing of the lab: no queue server, no Scala, no embedded database, no
 * PostgreSQL binaries.
 */
class RunnerJarIT {
  private static final Path JAR = Path.of("target", "loginetl.jar");
  /** The runner's jar is about 20 MB; ElasticMQ alone brings 36 MB of jars, so any lab server in it breaks 25 MB. */
  private static final long MAX_BYTES = 25L * 1024 * 1024;

  @Test
  void holdsNoQueueServerScalaOrEmbeddedDatabase() throws Exception {
    List<String> lab;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      lab = jar.stream().map(ZipEntry::getName)
          .filter(name -> name.startsWith("org/elasticmq/") || name.startsWith("scala/")
              || name.startsWith("org/apache/pekko/") || name.startsWith("io/zonky/")
              || name.startsWith("dev/loginetl/lab/") || name.endsWith(".txz")
              || name.startsWith("postgres-") && name.contains("linux"))
          .limit(10).toList();
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(LoginEtl.class.getName());
      assertThat(jar.getEntry("dev/loginetl/app/job/Job.class")).isNotNull();
    }
    assertThat(lab).as("lab classes or server binaries in the runner jar").isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void signsAnRdsIamTokenWithTheRdsClassesTheJarKeeps() throws Exception {
    // The shade configuration keeps only RdsUtilities of the RDS SDK: the jar alone, in a class loader
    // of its own, must still sign a token.
    try (URLClassLoader jar = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> regionType = jar.loadClass("software.amazon.awssdk.regions.Region");
      Object region = regionType.getMethod("of", String.class).invoke(null, "us-east-1");
      Object credentials = jar.loadClass("software.amazon.awssdk.auth.credentials.AwsBasicCredentials")
          .getMethod("create", String.class, String.class).invoke(null, "AKIDEXAMPLE", "not-a-secret");
      Class<?> credentialsType = jar.loadClass("software.amazon.awssdk.auth.credentials.AwsCredentials");
      Object provider = jar.loadClass("software.amazon.awssdk.auth.credentials.StaticCredentialsProvider")
          .getMethod("create", credentialsType).invoke(null, credentials);
      Method signer = jar.loadClass("dev.loginetl.app.credentials.RdsIamToken").getDeclaredMethod("signer",
          String.class, int.class, String.class, regionType,
          jar.loadClass("software.amazon.awssdk.auth.credentials.AwsCredentialsProvider"));
      signer.setAccessible(true);
      Supplier<String> tokens = (Supplier<String>) signer.invoke(null, "db.example.internal", 5432, "loginetl", region, provider);

      assertThat(tokens.get()).startsWith("db.example.internal:5432/?")
          .contains("Action=connect", "DBUser=loginetl", "X-Amz-Credential=AKIDEXAMPLE", "X-Amz-Signature=");
    }
  }

  @Test
  void isWellUnderAThirdOfTheOldSize() throws Exception {
    assertThat(Files.size(JAR)).isPositive().isLessThan(MAX_BYTES);
  }
}
